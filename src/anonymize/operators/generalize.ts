/**
 * `generalize`: coarsens a value instead of hiding it. Dates become their month (`2024-03`) or
 * year (`2024`); numbers (ages, amounts) become a bucket of the configured width (`30-39`).
 * A value that is neither a date nor a number is redacted rather than passed through, so a
 * misconfigured type never leaks. A DATE_TIME value is never bucketed as a number (a bucket of
 * "19850314" would tell the date of birth within ten days): it is a date, a bare year, or redacted.
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';
import { parseDate } from '../date-value.js';
import { redactionLabel } from './redact.js';

const NUMBER = /^[-+]?\d{1,15}(?:[.,]\d{1,6})?$/;
/** A bare year is already as coarse as either granularity. */
const YEAR = /^(?:1\d|20)\d{2}$/;

export const generalizeOperator = defineOperator({
  name: 'generalize',
  description: 'Coarsen: a date to its month or year, a number to a bucket ("30-39").',
  reversible: false,
  options: z
    .object({
      /** What a date keeps: `month` gives `2024-03`, `year` gives `2024`. */
      granularity: z.enum(['month', 'year']).default('month'),
      /** Width of number buckets: 10 turns 34 into `30-39`. */
      bucket: z.number().positive().default(10),
      /** Read ambiguous numeric dates (01/02/2024) day first. */
      dayFirst: z.boolean().default(false),
    })
    .strict(),
  create(options) {
    const { granularity, bucket, dayFirst } = options;
    return {
      // No `keepsText`: the result is built from the parsed date or number alone, so nothing of
      // the span is left for the nested re-analysis to find (it used to cut "14-Mar-1985" into
      // a date, a "Mar" place and a number bucket).
      anonymize(value, finding) {
        const trimmed = value.trim();
        const isDate = finding.type === 'DATE_TIME';
        if (isDate && YEAR.test(trimmed)) return trimmed;
        if (!isDate && NUMBER.test(trimmed)) {
          const n = Number(trimmed.replace(',', '.'));
          const low = Math.floor(n / bucket) * bucket;
          const integral = Number.isInteger(bucket) && Number.isInteger(low);
          return integral ? `${low}-${low + bucket - 1}` : `${low}-${low + bucket}`;
        }
        const date = parseDate(trimmed, dayFirst);
        if (date !== null) {
          return granularity === 'year'
            ? String(date.year)
            : `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}`;
        }
        return redactionLabel(finding.type);
      },
    };
  },
});
