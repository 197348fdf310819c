/**
 * `keep`: leaves the entity as it is. Useful to exempt one type from a default operator, and as
 * the identity operator: anonymizing with `keep` everywhere returns the input unchanged.
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

export const keepOperator = defineOperator({
  name: 'keep',
  description: 'Leave the entity unchanged.',
  reversible: true,
  options: z.object({}).strict(),
  create() {
    return {
      anonymize: (value) => value,
      deanonymize: (replacement) => replacement,
      keepsText: true,
    };
  },
});
