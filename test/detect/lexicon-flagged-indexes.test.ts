/**
 * lexicon: the tokenizer's list of flagged tokens (`flaggedIndexes`), which the name-list, firm,
 * user-name and AGE scans visit instead of every token, holds exactly the indexes of the tokens
 * with one of `LISTED_FLAGS`, in rising order: for the last text, for older token lists, after a
 * hyphenated given name is flagged ("Anna-Lena"), and across texts of every length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import {
  flaggedIndexes,
  LISTED_FLAGS,
  tokenize,
  type Token,
} from '../../src/detect/lexicon/tokenize.js';
import { lexiconRecognizers } from '../../src/detect/recognizers/index.js';

function expected(tokens: readonly Token[]): number[] {
  const out: number[] = [];
  tokens.forEach((t, k) => {
    if ((t.flags & LISTED_FLAGS) !== 0) out.push(k);
  });
  return out;
}

function listed(tokens: readonly Token[]): number[] {
  const { list, count } = flaggedIndexes(tokens);
  return Array.from(list.subarray(0, count));
}

const words = [
  'John', 'and', 'Mary', ',', 'Smith', '&', 'Jones', 'aged', '42', 'years', 'old', 'user', ':',
  '@', 'anna.k', 'Anna-Lena', 'Jan-Hendrik', 'May-June', 'Chrome', 'Firefox', 'Safari', 'by',
  'raised', 'the', 'Street', '\n', 'i', "'m", 'was', 'he', '[', 'for', 'password', 'Élodie',
];

describe('lexicon: flagged token indexes', () => {
  it('lists the flagged tokens of known texts in order', () => {
    const text = 'Anna-Lena, Tom and Jerry met John Smith (aged 42); user: anna.k and @bob.';
    const tokens = tokenize(text);
    const got = listed(tokens);
    expect(got).toEqual(expected(tokens));
    // The hyphenated given name is flagged after the token loop, and listed in its place.
    expect(got[0]).toBe(0);
    expect(got.length).toBeGreaterThan(5);
  });

  it('matches the flags on random texts, last text or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { maxLength: 60 }),
        fc.array(fc.constantFrom(' ', '', '  ', '\n'), { minLength: 60, maxLength: 60 }),
        (parts, gaps) => {
          const text = parts.map((w, k) => w + (gaps[k] as string)).join('');
          const tokens = tokenize(text);
          expect(listed(tokens)).toEqual(expected(tokens));
          // An older token list (a copy) is listed afresh, not from the tokenizer's last text.
          const copy = [...tokens];
          tokenize(`${text} x`);
          expect(listed(copy)).toEqual(expected(copy));
        },
      ),
      { numRuns: 2000, seed: 20 },
    );
  });

  it('gives the lexicon the same findings on texts longer than the reused arrays', () => {
    const analyzer = createAnalyzer({ recognizers: lexiconRecognizers });
    const line = 'Smith, Jones and Brown wrote to Anna-Lena, Tom, Ann and Eve; he was 42. ';
    const long = line.repeat(400);
    const found = analyzer.analyze(long);
    const one = analyzer.analyze(line);
    // Every copy of the line is found as the line alone is.
    expect(found.length).toBe(one.length * 400);
    const tokens = tokenize(long);
    expect(listed(tokens)).toEqual(expected(tokens));
  });
});
