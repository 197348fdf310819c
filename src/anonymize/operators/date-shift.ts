/**
 * `date-shift`: moves each date by a whole number of days in [-maxDays, +maxDays] (never 0), the
 * same offset for every date of one data subject, so intervals between a subject's events
 * survive (a common need for clinical data) while the dates themselves do not.
 *
 * The offset is HMAC-SHA-256(key, subject) reduced to the range; without a configured subject
 * every date of the run shares one offset. The modulo bias of reducing a 48-bit value to a few
 * hundred days is below 2^-38 and irrelevant here. Unparseable values are redacted, never kept.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { defineOperator } from '../operator.js';
import { addDays, parseDate } from '../date-value.js';
import { secretReference } from '../../engine/secrets.js';
import { redactionLabel } from './redact.js';
import { resolveOperatorKey } from './operator-key.js';

/** The day offset for `subject` under `key`, in [-maxDays, maxDays] \ {0}. */
export function dateShiftOffset(key: Uint8Array, subject: string, maxDays: number): number {
  const digest = createHmac('sha256', key)
    .update('veil/date-shift\0', 'utf8')
    .update(subject, 'utf8')
    .digest();
  const n = digest.readUIntBE(0, 6) % (2 * maxDays);
  // Map 0..2max-1 onto -max..-1 and 1..max: a zero shift would leave the date as it was.
  return n < maxDays ? n - maxDays : n - maxDays + 1;
}

export const dateShiftOperator = defineOperator({
  name: 'date-shift',
  description: 'Shift dates by a keyed offset of at most maxDays, consistent per data subject.',
  reversible: false,
  options: z
    .object({
      /** Key reference for the offset: `env:NAME`, `file:PATH` or `keyring:NAME`. */
      key: secretReference(),
      /** Largest shift in days, either way. */
      maxDays: z.number().int().min(1).max(3650).default(30),
      /** Read ambiguous numeric dates (01/02/2024) day first. */
      dayFirst: z.boolean().default(false),
    })
    .strict(),
  async create(options, env) {
    const key = await resolveOperatorKey(env, 'date-shift', options.key);
    const { maxDays, dayFirst } = options;
    const offsets = new Map<string, number>();
    return {
      // No `keepsText`: the result is the shifted date and the input's time of day (digits,
      // ":", a zone or a meridiem), so nothing of another type is left for nested re-analysis.
      anonymize(value, finding, context) {
        const date = parseDate(value, dayFirst);
        if (date === null) return redactionLabel(finding.type);
        const subject = context.subject ?? '';
        let offset = offsets.get(subject);
        if (offset === undefined) {
          offset = dateShiftOffset(key, subject, maxDays);
          // The cache is per worker; bound it so that a stream of distinct subjects cannot grow it.
          if (offsets.size > 10_000) offsets.clear();
          offsets.set(subject, offset);
        }
        const [y, m, d] = addDays(date.year, date.month, date.day, offset);
        const lead = value.length - value.trimStart().length;
        return value.slice(0, lead) + date.render(y, m, d) + value.slice(value.trimEnd().length);
      },
    };
  },
});
