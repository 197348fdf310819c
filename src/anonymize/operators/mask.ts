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
 *
 * Characters are code points, so "𠮷" and "😀" count once and are masked with one mask character.
 * An emoji is a symbol, not a letter or digit: like "-" or "☺" it keeps its place unless
 * `maskSeparators` is set, and a value of emoji alone is masked whole.
 */
import { z } from 'zod';
import { defineOperator } from '../operator.js';

function isAlphanumeric(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    // Combining marks belong to their letter: the vowel signs of "किशोर" are not separators.
    (code > 127 && /\p{L}|\p{M}|\p{N}/u.test(character)) ||
    // A lone surrogate (malformed input) is no character anyone can read: it is masked.
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** Indexes (into `characters`) that may be masked, in text order. */
function maskablePositions(characters: readonly string[], maskSeparators: boolean): number[] {
  const maskable: number[] = [];
  for (let i = 0; i < characters.length; i++) {
    if (maskSeparators || isAlphanumeric(characters[i] ?? '')) maskable.push(i);
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
      // Separators alone are not kept text: without keepLast or count every letter and digit goes.
      keepsText: keepLast > 0 || count !== undefined,
      anonymize(value) {
        // Characters are code points: "𠮷" or "😀" is one character (two UTF-16 code units),
        // so keepLast and count see what a reader sees, and no half of a pair can be kept.
        const characters = Array.from(value);
        let maskable = maskablePositions(characters, maskSeparators);
        // A value of separators alone would pass in clear: every character of it is maskable.
        if (maskable.length === 0) maskable = maskablePositions(characters, true);

        // Keeping as many characters as there are, or more, would show the whole value.
        const kept = keepLast < maskable.length ? keepLast : 0;
        let eligible = maskable.slice(0, maskable.length - kept);
        if (count !== undefined) {
          eligible = fromEnd
            ? eligible.slice(Math.max(0, eligible.length - count))
            : eligible.slice(0, count);
        }
        // One mask character per character, astral or not: the masked value does not tell
        // how many of its characters were outside the BMP.
        for (const i of eligible) characters[i] = char;
        return characters.join('');
      },
    };
  },
});
