import { describe, expect, it } from 'vitest';
import { buildContextIndex, findContextWords, hasContextWord, type ContextIndex } from '../../src/detect/context.js';
import { seededRandom } from '../helpers/random.js';

/** The plain search: slice and lower-case every window word, then look each one up. */
function reference(text: string, start: number, end: number, index: ContextIndex, before: number, after: number): string[] {
  const isWord = (c: number): boolean =>
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
  const collect = (position: number, count: number, forward: boolean): string[] => {
    const words: string[] = [];
    let i = position;
    const limit = forward ? Math.min(text.length, position + 64 * (count + 1)) : Math.max(0, position - 64 * (count + 1));
    while (words.length < count) {
      if (forward) {
        while (i < limit && !isWord(text.charCodeAt(i))) i++;
        if (i >= limit) break;
        const s = i;
        while (i < limit && isWord(text.charCodeAt(i))) i++;
        // A word running on past the limit is left out, and the window ends there.
        if (isWord(text.charCodeAt(i))) break;
        words.push(text.slice(s, i).toLowerCase());
      } else {
        while (i > limit && !isWord(text.charCodeAt(i - 1))) i--;
        if (i <= limit) break;
        const e = i;
        while (i > limit && isWord(text.charCodeAt(i - 1))) i--;
        if (isWord(text.charCodeAt(i - 1))) break;
        words.push(text.slice(i, e).toLowerCase());
      }
    }
    return words;
  };
  const found: string[] = [];
  const wordsBefore = collect(start, before, false).reverse();
  const wordsAfter = collect(end, after, true);
  for (const word of [...wordsBefore, ...wordsAfter]) {
    if (index.words.has(word)) found.push(word);
    else if (word.length > 3 && word.endsWith('s') && index.words.has(word.slice(0, -1))) found.push(word.slice(0, -1));
    else {
      // A label's number after its letters (round 20: "password2").
      const numbered = /^(.*[a-z])\d\d?$/.exec(word);
      if (numbered !== null && /[g-z]/.test(numbered[1]!) && index.words.has(numbered[1]!)) found.push(numbered[1]!);
    }
  }
  for (const phrase of index.phrases) {
    if (` ${wordsBefore.join(' ')} `.includes(` ${phrase} `) || ` ${wordsAfter.join(' ')} `.includes(` ${phrase} `)) found.push(phrase);
  }
  return [...new Set(found)];
}

describe('context words: the filtered search', () => {
  // Entries with and without ASCII letters; text pieces that lower-case onto them (the Kelvin
  // sign folds to "k", the dotted capital I grows by a code unit), plurals, long punctuation runs.
  const entries = ['phone', 'tel', 'call', 'kg', 'kit', 'téléphone', 'ıd', 'card', 'ssn', 'x', 'cc', 'add'];
  const pieces = ['Phone', 'PHONES', 'tel', 'Tels', 'CALLS', '\u212Ag', '\u212Ait', 'KITS', 'Téléphone', 'TÉLÉPHONES', 'İd', 'ID', 'Card', 'cards', 'Ssn', 'X', 'xs', 'word', 'words', '12', '-', ', ', '   ', '.'.repeat(70), '😀', 'a\u0301', 'Social', 'SECURITY', 'tax', 'Id', 'Tel2', 'CARD12', 'ssn123', 'x1', 'kit05', 'phones2', 'cc85', 'Add9'];
  const index = buildContextIndex(entries);
  const withPhrases = buildContextIndex([...entries, 'social security', 'Tax ID']);

  it('finds exactly what the plain search finds, on random texts and windows (and hasContextWord agrees)', () => {
    const random = seededRandom(20261204);
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 30);
      for (let p = 0; p < parts; p++) text += pieces[Math.floor(random() * pieces.length)]! + (random() < 0.7 ? ' ' : '');
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(random() * 12));
      const before = Math.floor(random() * 7);
      const after = Math.floor(random() * 5);
      for (const i of [index, withPhrases]) {
        const expected = reference(text, start, end, i, before, after);
        expect(findContextWords(text, start, end, i, { before, after })).toEqual(expected);
        expect(hasContextWord(text, start, end, i, { before, after })).toBe(expected.length > 0);
      }
    }
  });

  it('does not take the slice of a token cut by the window limit for a word', () => {
    // Before the span the window reaches 64 x (5 + 1) = 384 code units back: with 381 dots
    // between them, the limit falls three letters into "qqqqqqqqqqssn", whose slice there reads
    // "ssn". After it, 64 x (3 + 1) = 256 code units: 253 dots, then "ssnqqq" is cut to "ssn".
    const before = `${'q'.repeat(10)}ssn${'.'.repeat(381)}123-45-6789`;
    expect(findContextWords(before, 394, 405, index)).toEqual([]);
    expect(hasContextWord(before, 394, 405, index)).toBe(false);
    const after = `123-45-6789${'.'.repeat(253)}ssn${'q'.repeat(10)}`;
    expect(findContextWords(after, 0, 11, index)).toEqual([]);
    expect(hasContextWord(after, 0, 11, index)).toBe(false);
    // One dot fewer, and the whole word is inside the window.
    const whole = `ssn${'.'.repeat(380)}123-45-6789`;
    expect(findContextWords(whole, 383, 394, index)).toEqual(['ssn']);
    expect(hasContextWord(whole, 383, 394, index)).toBe(true);
  });

  it('reads every code unit at the edges of the word codes as the plain search does', () => {
    // The window scans test and fold each code unit by range (`foldedWordCode`): the code units
    // on either side of each range's ends, glued to an entry or between two entries, at every
    // position in the window.
    const edges = [47, 48, 57, 58, 64, 65, 90, 91, 96, 97, 122, 123, 127, 128, 0xbf, 0xc0, 0xd6, 0xd7, 0xd8, 0xf6, 0xf7, 0xf8, 0x1fff, 0x2000, 0xd83d];
    const words = ['Phone', 'tel', 'ID', 'kit'];
    for (const code of edges) {
      const unit = String.fromCharCode(code);
      for (const word of words) {
        for (const text of [`${word}${unit} 555 0100 ${unit}${word}`, `${unit}${word} 555${unit}0100 ${word}${unit}`, `${word} ${unit} ${unit}${unit} 555 0100`]) {
          const start = text.indexOf('555');
          for (const [before, after] of [[5, 3], [1, 1], [2, 0], [0, 2]] as const) {
            for (const i of [index, withPhrases]) {
              const expected = reference(text, start, start + 3, i, before, after);
              expect(hasContextWord(text, start, start + 3, i, { before, after })).toBe(expected.length > 0);
            }
          }
        }
      }
    }
  });

  it('reports a plural under its singular, with or without accents', () => {
    expect(findContextWords('our CALLS to 555 0100', 13, 21, index)).toEqual(['call']);
    expect(findContextWords('TÉLÉPHONES 555 0100', 11, 19, index)).toEqual(['téléphone']);
  });
});
