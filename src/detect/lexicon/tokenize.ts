/**
 * A hand-written, single-pass tokenizer for the lexicon recognizers: words (letters and marks,
 * with inner apostrophes and hyphens: O'Brien, Mayo-Walters), numbers, and single punctuation
 * characters, each with its UTF-16 offsets. No regular expression runs over the user's text (one
 * tests single non-ASCII characters), so time is linear in the text's length.
 *
 * The recognizers of one analysis share one tokenization: `tokenize` keeps the last text and its
 * tokens, and the analyzer runs every recognizer on the same string in turn. Each token carries
 * the flags of the word lists that hold it (./word-flags.ts): one Map look-up per token.
 */

import { wordFlagMap } from './word-flags.js';

export const enum TokenKind {
  Word = 0,
  Number = 1,
  Punct = 2,
}

export const enum Case {
  /** "john", "van" */
  Lower = 0,
  /** "John", "McDowell", "O'Brien" */
  Title = 1,
  /** "JOHN", "SK" */
  Upper = 2,
  /** Letters without case (Greek lower-case is cased; CJK is not). */
  None = 3,
}

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Lower-case text (words) or the text itself. */
  readonly lower: string;
  readonly case: Case;
  /** True when whitespace before the token contains a line break (or it opens the text). */
  readonly lineStart: boolean;
  /** Number of whitespace characters between the previous token and this one. */
  readonly gap: number;
  /** The word lists that hold `lower` (bits of `WordFlag`); 0 for numbers. */
  readonly flags: number;
}

const LETTER = /[\p{L}\p{M}]/u;

function isLetter(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  if (code >= 0xd800 && code <= 0xdbff) return LETTER.test(text.slice(i, i + 2));
  return LETTER.test(text[i] as string);
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 0xa0 ||
    code === 12 ||
    code === 11
  );
}

function caseOf(word: string, lower: string): Case {
  // ASCII fast path: no case-mapped copies of the word.
  let ascii = true;
  let uppers = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    if (c >= 65 && c <= 90) uppers++;
  }
  if (ascii) {
    if (uppers === 0) return Case.Lower;
    const letters = word.length - countNonLetters(word);
    if (uppers === letters) return word.length > 1 ? Case.Upper : Case.Title;
    const first = word.charCodeAt(0);
    return first >= 65 && first <= 90 ? Case.Title : Case.Lower;
  }
  const upper = word.toUpperCase();
  if (upper === lower) return Case.None;
  if (word === lower) return Case.Lower;
  if (word === upper) return word.length > 1 ? Case.Upper : Case.Title;
  const first = word[0] as string;
  return first !== first.toLowerCase() ? Case.Title : Case.Lower;
}

function countNonLetters(word: string): number {
  let n = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 39 || c === 45) n++;
  }
  return n;
}

let lastText: string | undefined;
let lastTokens: Token[] = [];

/** Splits `text` into tokens; the result for the last text is reused. Do not mutate it. */
export function tokenize(text: string): readonly Token[] {
  if (text === lastText) return lastTokens;
  const tokens: Token[] = [];
  const flagsOf = wordFlagMap();
  const n = text.length;
  let i = 0;
  let gap = 0;
  let lineStart = true;

  while (i < n) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      if (code === 10 || code === 13) lineStart = true;
      gap++;
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    let tokenCase = Case.None;
    let word: string;
    let lower: string;
    if (isLetter(code, text, i)) {
      kind = TokenKind.Word;
      // Case is read during the scan for ASCII words (most of them): capitals and inner
      // apostrophes or hyphens are counted, so the word is not walked again.
      let ascii = code < 128;
      let uppers = code >= 65 && code <= 90 ? 1 : 0;
      let marks = 0;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : isLetter(c, text, i)) {
          if (c <= 90) uppers++;
          else if (c >= 128) ascii = false;
          i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        } else if (
          (c === 39 || c === 0x2019 || c === 45) &&
          i + 1 < n &&
          isLetter(text.charCodeAt(i + 1), text, i + 1) &&
          // "John's" keeps the possessive apart: the name is the span, not the "'s".
          !(
            (c === 39 || c === 0x2019) &&
            (text[i + 1] === 's' || text[i + 1] === 'S') &&
            !isLetterAt(text, i + 2)
          )
        ) {
          const next = text.charCodeAt(i + 1);
          if (c === 0x2019 || next >= 128) ascii = false;
          else if (next <= 90) uppers++;
          marks++;
          i += 2;
        } else {
          break;
        }
      }
      word = text.slice(start, i);
      if (ascii) {
        // toLowerCase allocates even when nothing changes; most words are lower-case already.
        lower = uppers > 0 ? word.toLowerCase() : word;
        tokenCase =
          uppers === 0
            ? Case.Lower
            : uppers === word.length - marks
              ? word.length > 1
                ? Case.Upper
                : Case.Title
              : code >= 65 && code <= 90
                ? Case.Title
                : Case.Lower;
      } else {
        lower = word.toLowerCase();
        tokenCase = caseOf(word, lower);
      }
    } else if (isDigit(code)) {
      kind = TokenKind.Number;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      word = text.slice(start, i);
      lower = word;
    } else {
      kind = TokenKind.Punct;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      word = text.slice(start, i);
      lower = word;
    }
    tokens.push({
      kind,
      start,
      end: i,
      text: word,
      lower,
      case: tokenCase,
      lineStart,
      gap,
      flags: kind === TokenKind.Number ? 0 : (flagsOf.get(lower) ?? 0),
    });
    gap = 0;
    lineStart = false;
  }

  lastText = text;
  lastTokens = tokens;
  return tokens;
}

/** Index of the first token that starts at or after `offset` (binary search). */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isLetterAt(text: string, i: number): boolean {
  return i < text.length && isLetter(text.charCodeAt(i), text, i);
}
