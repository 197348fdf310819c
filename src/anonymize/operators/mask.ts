/**
 * `mask`: overwrites characters with a mask character. Only letters and digits are masked by
 * default, so separators keep the value's shape: with `keepLast: 4`, "4111 1111 1111 1111"
 * becomes "**** **** **** 1111". `count` limits how many characters are masked, counted from the
 * start (or from the end with `fromEnd`), like Presidio's `chars_to_mask`.
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code > 127 && /\p{L}|\p{N}/u.test(String.fromCharCode(code)))
  );
}

export const maskOperator = defineOperator({
  name: 'mask',
  description: 'Overwrite characters with a mask character, optionally keeping the last N.',
  reversible: false,
  options: z
    .object({
      /** The mask character (exactly one UTF-16 code unit). */
      char: z.string().length(1).default('*'),
      /** How many maskable characters to mask at most (all when absent). */
      count: z.number().int().nonnegative().optional(),
      /** Mask from the end of the value instead of from its start. */
      fromEnd: z.boolean().default(false),
      /** Leave this many maskable characters at the end visible. */
      keepLast: z.number().int().nonnegative().default(0),
      /** Mask separators (spaces, dashes, dots) too, not only letters and digits. */
      maskSeparators: z.boolean().default(false),
    })
    .strict(),
  create(options) {
    const { char, count, fromEnd, keepLast, maskSeparators } = options;
    return {
      anonymize(value) {
        // Positions that may be masked, in text order.
        const maskable: number[] = [];
        for (let i = 0; i < value.length; i++) {
          const code = value.charCodeAt(i);
          // Surrogate halves count as maskable so that no half of an emoji survives.
          if (maskSeparators || isAlphanumeric(code) || (code >= 0xd800 && code <= 0xdfff)) {
            maskable.push(i);
          }
        }
        let eligible = maskable.slice(0, Math.max(0, maskable.length - keepLast));
        if (count !== undefined) {
          eligible = fromEnd
            ? eligible.slice(Math.max(0, eligible.length - count))
            : eligible.slice(0, count);
        }
        const out = value.split('');
        for (const i of eligible) out[i] = char;
        return out.join('');
      },
    };
  },
});
