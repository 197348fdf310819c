/**
 * `replace`: replaces the entity with a template; `{type}` in the template becomes the entity
 * type. The default template `<{type}>` gives `<PERSON>`, the convention of the reported-failure
 * cases and of Presidio's default.
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

export const replaceOperator = defineOperator({
  name: 'replace',
  description: 'Replace with a template; the default `<{type}>` gives `<EMAIL_ADDRESS>`.',
  reversible: false,
  options: z
    .object({
      /** Replacement text; `{type}` is replaced by the entity type. */
      template: z.string().default('<{type}>'),
    })
    .strict(),
  create(options) {
    const template = options.template;
    const hasType = template.includes('{type}');
    return {
      anonymize: (_value, finding) =>
        hasType ? template.replaceAll('{type}', finding.type) : template,
    };
  },
});
