/** `remove`: deletes the entity's text; the surrounding text is left as it was. */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

export const removeOperator = defineOperator({
  name: 'remove',
  description: 'Delete the text of the entity.',
  reversible: false,
  options: z.object({}).strict(),
  create() {
    return { anonymize: () => '' };
  },
});
