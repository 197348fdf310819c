/**
 * `mask`: overwrites characters with a mask character. Only letters (with their combining marks)
 * and digits are masked by default, so separators keep the value's shape: with `keepLast: 4`,
 * "4111 1111 1111 1111" becomes "**** **** **** 1111". `count` limits how many characters are
 * masked, counted from the start (or from the end with `fromEnd`), like Presidio's `chars_to_mask`.
 *
 * A mask always hides something of a non-empty value, whatever the options: when `keepLast` would
 * keep every maskable character (`keepLast: 4` on "1.2.3.4" or on the ZIP "1234"), none is kept
 * and all are masked; a value with no letter or digit (",-") is masked whole; `count` is at least
 * 1. The rejected alternative, keeping all but one character, would show "*.2.3.4".
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    // Combining marks belong to their letter: the vowel signs of "किशोर" are not separators.
    (code > 127 && /\p{L}|\p{M}|\p{N}/u.test(String.fromCharCode(code)))
  );
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Positions that may be masked, in text order. */
function maskablePositions(value: string, maskSeparators: boolean): number[] {
  const maskable: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // Surrogate halves count as maskable so that no half of an emoji survives.
    if (maskSeparators || isAlphanumeric(code) || (code >= 0xd800 && code <= 0xdfff)) {
      maskable.push(i);
    }
  }
  return maskable;
}

export const maskOperator = defineOperator({
  name: 'mask',
  description: 'Overwrite characters with a mask character, optionally keeping the last N.',
  reversible: false,
  options: z
    .object({
      /** The mask character (exactly one UTF-16 code unit). */
      char: z.string().length(1).default('*'),
      /** How many maskable characters to mask at most (all when absent; `keep` masks none). */
      count: z.number().int().positive().optional(),
      /** Mask from the end of the value instead of from its start. */
      fromEnd: z.boolean().default(false),
      /** Maskable characters left visible at the end (none when that would be all of them). */
      keepLast: z.number().int().nonnegative().default(0),
      /** Mask separators (spaces, dashes, dots) too, not only letters and digits. */
      maskSeparators: z.boolean().default(false),
    })
    .strict(),
  create(options) {
    const { char, count, fromEnd, keepLast, maskSeparators } = options;
    return {
      anonymize(value) {
        let maskable = maskablePositions(value, maskSeparators);
        // A value of separators alone would pass in clear: every character of it is maskable.
        if (maskable.length === 0) maskable = maskablePositions(value, true);

        // Keeping as many characters as there are, or more, would show the whole value.
        const kept = keepLast < maskable.length ? keepLast : 0;
        let eligible = maskable.slice(0, maskable.length - kept);
        if (count !== undefined) {
          eligible = fromEnd
            ? eligible.slice(Math.max(0, eligible.length - count))
            : eligible.slice(0, count);
        }
        const out = value.split('');
        for (const i of eligible) {
          out[i] = char;
          // keepLast and count count code units: the other half of a pair is masked with it.
          const code = value.charCodeAt(i);
          if (isHighSurrogate(code) && isLowSurrogate(value.charCodeAt(i + 1))) {
            out[i + 1] = char;
          } else if (isLowSurrogate(code) && i > 0 && isHighSurrogate(value.charCodeAt(i - 1))) {
            out[i - 1] = char;
          }
        }
        return out.join('');
      },
    };
  },
});
