/**
 * `redact`: replaces the entity with a bracketed label naming its kind, as in the seed example
 * ("[REDACTED NAME]", "[REDACTED EMAIL]", "[REDACTED PHONE]"). The label table is configurable;
 * types missing from it fall back to "[REDACTED <TYPE WITH SPACES>]".
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

/** The default label per entity type; the first three are fixed by the seed example. */
export const DEFAULT_REDACTION_LABELS: Readonly<Record<string, string>> = {
  PERSON: '[REDACTED NAME]',
  EMAIL_ADDRESS: '[REDACTED EMAIL]',
  PHONE_NUMBER: '[REDACTED PHONE]',
  CREDIT_CARD: '[REDACTED CARD]',
  IBAN_CODE: '[REDACTED IBAN]',
  US_SSN: '[REDACTED SSN]',
  IP_ADDRESS: '[REDACTED IP]',
  URL: '[REDACTED URL]',
  LOCATION: '[REDACTED LOCATION]',
  ORGANIZATION: '[REDACTED ORGANIZATION]',
  DATE_TIME: '[REDACTED DATE]',
  NRP: '[REDACTED NRP]',
  TITLE: '[REDACTED TITLE]',
  AGE: '[REDACTED AGE]',
  ZIP_CODE: '[REDACTED ZIP]',
};

/** The label for `type` under an optional override table. */
export function redactionLabel(type: string, labels?: Readonly<Record<string, string>>): string {
  return (
    labels?.[type] ?? DEFAULT_REDACTION_LABELS[type] ?? `[REDACTED ${type.replaceAll('_', ' ')}]`
  );
}

export const redactOperator = defineOperator({
  name: 'redact',
  description: 'Replace with a label naming the kind of data: "[REDACTED NAME]".',
  reversible: false,
  options: z
    .object({
      /** Per-type labels that override the defaults, e.g. `{ PERSON: '[NAME]' }`. */
      labels: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
  create(options) {
    const labels = options.labels;
    // Labels are looked up once per type: the lookups into the label tables cost more than the
    // rest of the operator. Bounded, since the types of a findings field come from the input.
    const cache = new Map<string, string>();
    return {
      anonymize(_value, finding) {
        let label = cache.get(finding.type);
        if (label === undefined) {
          label = redactionLabel(finding.type, labels);
          if (cache.size < 1024) cache.set(finding.type, label);
        }
        return label;
      },
    };
  },
});
