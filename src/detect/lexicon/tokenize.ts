/**
 * A hand-written, single-pass tokenizer for the lexicon recognizers: words (letters and marks,
 * with inner apostrophes and hyphens: O'Brien, Mayo-Walters), numbers, and single punctuation
 * characters, each with its UTF-16 offsets. No regular expression runs over the user's text (one
 * classifies each distinct non-ASCII character once, and surrogate pairs), so time is linear in
 * the text's length.
 *
 * The recognizers of one analysis share one tokenization: `tokenize` keeps the last text and its
 * tokens, and the analyzer runs every recognizer on the same string in turn. Each token carries
 * the flags of the word lists that hold it (./word-flags.ts): one Map look-up per token that is
 * not in the cache of recent tokens.
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

/**
 * Classes of the BMP code units, filled on first sight of each unit: the regex above runs once
 * per distinct non-ASCII unit in a worker's life, not once per character of the text.
 */
const KNOWN = 1;
const IS_LETTER = 2;
const IS_SPACE = 4;
const IS_DIGIT = 8;
const classes = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  classes[c] =
    KNOWN |
    ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? IS_LETTER : 0) |
    (c >= 48 && c <= 57 ? IS_DIGIT : 0) |
    (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 ? IS_SPACE : 0);
}
classes[0xa0] = KNOWN | IS_SPACE;

function classOf(code: number): number {
  const known = classes[code] as number;
  if (known !== 0) return known;
  // Surrogates are tested as a pair by isLetter; alone they are no letter.
  const computed =
    KNOWN |
    (code < 0xd800 || code > 0xdfff
      ? LETTER.test(String.fromCharCode(code))
        ? IS_LETTER
        : 0
      : 0);
  classes[code] = computed;
  return computed;
}

function isLetter(code: number, text: string, i: number): boolean {
  if (code >= 0xd800 && code <= 0xdbff) return LETTER.test(text.slice(i, i + 2));
  return (classOf(code) & IS_LETTER) !== 0;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Tokens seen recently, by a hash of their characters (direct-mapped, 4,096 slots): a repeated
 * word reuses its text, lower-case text, case and flags, with no slice, no case mapping and no
 * Map look-up. The flags Map never changes once built, so an entry never goes stale; a slot is
 * only trusted after its text is compared with the token's characters.
 */
const CACHE_SLOTS = 65536;
const cacheText: string[] = new Array<string>(CACHE_SLOTS).fill('');
const cacheLower: string[] = new Array<string>(CACHE_SLOTS).fill('');
const cacheCase = new Uint8Array(CACHE_SLOTS);
const cacheFlags = new Int32Array(CACHE_SLOTS);

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
    const cls = code < 128 ? (classes[code] as number) : classOf(code);
    if ((cls & IS_SPACE) !== 0) {
      if (code === 10 || code === 13) lineStart = true;
      gap++;
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    // Hash of the token's code units (not all of them: a pair's low surrogate is skipped), for
    // the cache of recent tokens.
    let hash = code;
    let ascii = code < 128;
    let uppers = 0;
    let marks = 0;
    if ((cls & IS_LETTER) !== 0 || (code >= 0xd800 && code <= 0xdbff && isLetter(code, text, i))) {
      kind = TokenKind.Word;
      // Case is read during the scan for ASCII words (most of them): capitals and inner
      // apostrophes or hyphens are counted, so the word is not walked again.
      uppers = code >= 65 && code <= 90 ? 1 : 0;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c < 128 ? ((classes[c] as number) & IS_LETTER) !== 0 : isLetter(c, text, i)) {
          if (c <= 90) uppers++;
          else if (c >= 128) ascii = false;
          hash = (Math.imul(hash, 31) + c) | 0;
          i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        } else if (
          (c === 39 || c === 0x2019 || c === 45) &&
          i + 1 < n &&
          isLetter(text.charCodeAt(i + 1), text, i + 1) &&
          // "John's" keeps the possessive apart: the name is the span, not the "'s".
          !(
            (c === 39 || c === 0x2019) &&
            (text.charCodeAt(i + 1) === 115 || text.charCodeAt(i + 1) === 83) &&
            !isLetterAt(text, i + 2)
          )
        ) {
          const next = text.charCodeAt(i + 1);
          if (c === 0x2019 || next >= 128) ascii = false;
          else if (next <= 90) uppers++;
          marks++;
          hash = (Math.imul(Math.imul(hash, 31) + c, 31) + next) | 0;
          i += 2;
        } else {
          break;
        }
      }
    } else if ((cls & IS_DIGIT) !== 0) {
      kind = TokenKind.Number;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) {
        hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
        i++;
      }
    } else {
      kind = TokenKind.Punct;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }

    const length = i - start;
    const slot = (hash ^ (hash >>> 12) ^ Math.imul(length, 0x9e3779b1)) & (CACHE_SLOTS - 1);
    const cached = cacheText[slot] as string;
    let word: string;
    let lower: string;
    let tokenCase: Case;
    let flags: number;
    if (cached.length === length && sameChars(text, start, cached)) {
      word = cached;
      lower = cacheLower[slot] as string;
      tokenCase = cacheCase[slot] as Case;
      flags = cacheFlags[slot] as number;
    } else {
      word = text.slice(start, i);
      if (kind !== TokenKind.Word) {
        lower = word;
        tokenCase = Case.None;
      } else if (ascii) {
        // toLowerCase allocates even when nothing changes; most words are lower-case already.
        lower = uppers > 0 ? word.toLowerCase() : word;
        tokenCase =
          uppers === 0
            ? Case.Lower
            : uppers === length - marks
              ? length > 1
                ? Case.Upper
                : Case.Title
              : code >= 65 && code <= 90
                ? Case.Title
                : Case.Lower;
      } else {
        lower = word.toLowerCase();
        tokenCase = caseOf(word, lower);
      }
      flags = kind === TokenKind.Number ? 0 : (flagsOf.get(lower) ?? 0);
      cacheText[slot] = word;
      cacheLower[slot] = lower;
      cacheCase[slot] = tokenCase;
      cacheFlags[slot] = flags;
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
      flags,
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

/** True when `text` holds `word` at `start` (the caller has checked that it fits). */
function sameChars(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function isLetterAt(text: string, i: number): boolean {
  return i < text.length && isLetter(text.charCodeAt(i), text, i);
}
