/**
 * Word alternations grouped by first letter (`recognizers/alternation.ts`) must match exactly
 * what the flat alternation matches, word for word, in both case modes: compared here on random
 * texts made of the words, their pieces and the letters that fold onto ASCII ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byFirstLetter, topLevelAlternatives } from '../../src/detect/recognizers/alternation.js';

const WORDS = [
  'jan(?:uary|\\.)?', 'june?', 'mar(?:ch|\\.)?', 'may', 'mars', 'marzo', 'mayo', 'mai', 'märz', 'Mai', 'MAR', 'martes',
  'sep(?:t(?:ember)?|\\.)?', 'septiembre', 'Street', 'st', 'St', 'Str', 'ul\\.', 'út', 'Úa', 'utca', 'api[_ -]?key', 'a', 'ab',
];

function scan(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
}

describe('byFirstLetter', () => {
  it('matches what the flat alternation matches, in both case modes', () => {
    const units = ['jan', 'uary', 'june', 'mar', 'ch', 'may', 'o', 's', 'zo', 'ä', 'rz', 'Mai', 'MAR', 'tes', '.', ' ', 'ſ',
      'K', 'sept', 'ember', 'iembre', 'St', 'reet', 'r', 'ul', 'út', 'Ú', 'a', 'tca', 'api', '_', 'key', 'b', 'x'];
    for (const flags of ['gu', 'giu']) {
      const flat = new RegExp(`(?:${WORDS.join('|')})`, flags);
      const grouped = new RegExp(`(?:${byFirstLetter(WORDS)})`, flags);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...units), { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          expect(scan(grouped, text)).toEqual(scan(flat, text));
          // Inside a longer pattern, backtracking into the alternation picks the same words.
          const flatThen = new RegExp(`(?:${WORDS.join('|')})(?:ch|s)? `, flags);
          const groupedThen = new RegExp(`(?:${byFirstLetter(WORDS)})(?:ch|s)? `, flags);
          expect(scan(groupedThen, text)).toEqual(scan(flatThen, text));
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('refuses words it cannot group safely', () => {
    expect(() => byFirstLetter(['(?:a|b)c'])).toThrow(/literal Latin letter/);
    expect(() => byFirstLetter(['a?b'])).toThrow(/literal Latin letter/);
    expect(() => byFirstLetter(['[ ]u'])).toThrow(/literal Latin letter/);
  });
});

describe('topLevelAlternatives', () => {
  it('splits at the "|" outside groups and classes only', () => {
    expect(topLevelAlternatives('a|b(?:c|d)|[|]|\\||(?<=x|y)z|[\\]|]|')).toEqual([
      'a', 'b(?:c|d)', '[|]', '\\|', '(?<=x|y)z', '[\\]|]', '',
    ]);
    expect(topLevelAlternatives('abc')).toEqual(['abc']);
  });
});
