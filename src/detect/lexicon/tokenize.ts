/**
 * A hand-written, single-pass tokenizer for the lexicon recognizers: words (letters and marks,
 * with inner apostrophes and hyphens: O'Brien, Mayo-Walters), numbers, and single punctuation
 * characters, each with its UTF-16 offsets. No regular expression runs over the user's text (one
 * classifies each distinct non-ASCII character once, and surrogate pairs), so time is linear in
 * the text's length.
 *
 * The recognizers of one analysis share one tokenization: `tokenize` keeps the last text and its
 * tokens, and the analyzer runs every recognizer on the same string in turn. Each token carries
 * the flags of the word lists that hold it (./word-flags.ts), found from the characters scanned
 * (a table probe for an ASCII word, an array read for ASCII punctuation, a Map look-up for any
 * other token).
 */

import { WordFlag, wordFlagMap } from './word-flags.js';

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

/*
 * The members read in the token loop, as module constants. Under `verbatimModuleSyntax`
 * TypeScript emits a `const enum` as a plain enum object and reads each member from it at run
 * time: in V8's optimized code an exported binding's cell, a map check and a field load, some
 * eight of them per token; a constant of this module is folded to its number.
 */
const WORD: TokenKind = TokenKind.Word;
const NUMBER: TokenKind = TokenKind.Number;
const PUNCT: TokenKind = TokenKind.Punct;
const LOWER: Case = Case.Lower;
const TITLE: Case = Case.Title;
const UPPER: Case = Case.Upper;
const UNCASED: Case = Case.None;

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The first UTF-16 code unit (a punctuation token is one character, or a surrogate pair). */
  readonly code: number;
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
 * The flags of the ASCII words of the word-flag Map, in an open-addressing table keyed by the
 * word's lower-case characters: a token's flags are found from the characters the scan has just
 * read, with no slice and no case mapping; a slot is only trusted after its characters are
 * compared with the token's (layout at `SLOT`). The word itself (`tableWords`) becomes the
 * token's lower-case text when read: the Map's own string, whose hash is already computed for
 * the Set look-ups that follow. Words with other characters, and non-ASCII punctuation, take
 * the Map. This replaced a 65,536-slot cache of recent token strings, which also kept up to
 * 65,536 words of the analysed texts in memory: tokenizer alone on the corpus notes, bundled,
 * old and new alternating, 9.7-10.8 -> 7.8-8.9 CPU-us per note; the larger gain is in the scans,
 * which now read flags and char codes instead of strings.
 */
let tableSlots = 0;
let table = new Int32Array(0);
let tableChars = new Uint8Array(0);
let tableWords: string[] = [];
/** Flags of each ASCII character as a token of its own (punctuation: half of all tokens). */
const charFlags = new Int32Array(128);

/**
 * Ints per slot: hash, length (0: empty), flags, offset in `tableChars`, then the first 16
 * characters packed four to an int. A look-up reads one half cache line for a word of up to 16
 * characters; `tableChars` is read for longer ones only.
 */
const SLOT = 8;
const PACKED = 16;

function mix(hash: number, length: number): number {
  let h = (hash ^ Math.imul(length, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 15)) | 0;
}

function buildTable(flagsOf: ReadonlyMap<string, number>): void {
  // One walk over the Map keeps each ASCII word with its flags and hash; the characters are
  // read once more to pack them (a fresh worker builds this table for its first text).
  const words: string[] = [];
  const wordFlags: number[] = [];
  const hashes: number[] = [];
  let chars = 0;
  flagsOf.forEach((f, w) => {
    let hash = 0;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if (c >= 128) return;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (w.length === 0) return;
    words.push(w);
    wordFlags.push(f);
    hashes.push(hash);
    chars += w.length;
  });
  let slots = 1024;
  while (slots < words.length * 2) slots *= 2;
  const cells = new Int32Array(slots * SLOT);
  const strings = new Array<string>(slots).fill('');
  const pool = new Uint8Array(chars);
  let offset = 0;
  for (let m = 0; m < words.length; m++) {
    const w = words[m] as string;
    const hash = hashes[m] as number;
    let slot = mix(hash, w.length) & (slots - 1);
    while (cells[slot * SLOT + 1] !== 0) slot = (slot + 1) & (slots - 1);
    const at = slot * SLOT;
    cells[at] = hash;
    cells[at + 1] = w.length;
    cells[at + 2] = wordFlags[m] as number;
    cells[at + 3] = offset;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      pool[offset + k] = c;
      const cell = at + 4 + (k >> 2);
      if (k < PACKED) cells[cell] = (cells[cell] as number) | (c << ((k & 3) * 8));
    }
    strings[slot] = w;
    offset += w.length;
  }
  for (let c = 0; c < 128; c++) charFlags[c] = flagsOf.get(String.fromCharCode(c)) ?? 0;
  table = cells;
  tableChars = pool;
  tableWords = strings;
  tableSlots = slots;
}

/**
 * True when the slot at `at` holds the lower-cased token text[start, start + length), whose first
 * eight lower-case characters are packed in `chars0` and `chars1`: a word of up to eight
 * characters (most) is compared in two integer tests, with no character read again.
 */
function holds(
  cells: Int32Array,
  at: number,
  text: string,
  start: number,
  length: number,
  chars0: number,
  chars1: number,
): boolean {
  if (cells[at + 4] !== chars0 || cells[at + 5] !== chars1) return false;
  for (let k = 8; k < length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c += 32;
    const stored =
      k < PACKED
        ? ((cells[at + 4 + (k >> 2)] as number) >>> ((k & 3) * 8)) & 0xff
        : (tableChars[(cells[at + 3] as number) + k] as number);
    if (stored !== c) return false;
  }
  return true;
}

/**
 * Slot of the ASCII token text[start, start + length) in the table (`cells`, of `mask` + 1
 * slots), or -1; its lower-case characters hash to `hash` (the hash of `buildTable`). The table
 * comes as arguments, read once per text by `tokenize`: a module `let` read in the token loop is
 * a context load and a hole check each time.
 */
function slotOf(
  cells: Int32Array,
  mask: number,
  text: string,
  start: number,
  length: number,
  hash: number,
  chars0: number,
  chars1: number,
): number {
  for (let slot = mix(hash, length) & mask; ; slot = (slot + 1) & mask) {
    const at = slot * SLOT;
    const size = cells[at + 1] as number;
    if (size === 0) return -1;
    if (
      size === length &&
      cells[at] === hash &&
      holds(cells, at, text, start, length, chars0, chars1)
    )
      return slot;
  }
}

/**
 * A token. Its text and lower-case text are cut from the source on first use (a word of the
 * table takes the table's string): most tokens are only ever tested by kind, case and flags.
 * The fields are written by `tokenize` only, which reuses the objects for the next text.
 */
class SourceToken implements Token {
  kind: TokenKind = TokenKind.Word;
  start = 0;
  end = 0;
  code = 0;
  case: Case = Case.None;
  lineStart = false;
  gap = 0;
  flags = 0;
  /** The text is its own lower-case form. */
  lowerCase = false;
  /** Slot of the word in the table, or -1. */
  slot = -1;
  textCut: string | undefined = undefined;
  lowerCut: string | undefined = undefined;

  get text(): string {
    if (this.textCut === undefined) {
      this.textCut =
        this.lowerCase && this.slot >= 0
          ? (tableWords[this.slot] as string)
          : (pooledText as string).slice(this.start, this.end);
    }
    return this.textCut;
  }

  get lower(): string {
    if (this.lowerCut === undefined) {
      this.lowerCut =
        this.slot >= 0
          ? (tableWords[this.slot] as string)
          : this.lowerCase
            ? this.text
            : this.text.toLowerCase();
    }
    return this.lowerCut;
  }
}

/**
 * Token objects reused from text to text: the tokens of a text are written over those of the
 * last one and copied out at once, not pushed one by one. Kept for up to `POOL_LIMIT` tokens,
 * so a worker holds at most about 1 MB of them.
 */
const POOL_LIMIT = 16_384;
const pool: SourceToken[] = [];
/** Number of tokens of the last text. */
let lastCount = 0;
/** The text the pooled tokens were cut from. */
let pooledText: string | undefined;

function caseOf(word: string, lower: string): Case {
  const upper = word.toUpperCase();
  if (upper === lower) return Case.None;
  if (word === lower) return Case.Lower;
  if (word === upper) return word.length > 1 ? Case.Upper : Case.Title;
  const first = word[0] as string;
  return first !== first.toLowerCase() ? Case.Title : Case.Lower;
}

let lastText: string | undefined;
let lastTokens: Token[] = [];
/** The flags of all tokens of the last text, or-ed together. */
let lastFlags = 0;

/**
 * The flags of each token of the last text, by index (valid up to its token count). A loop that
 * looks for a rare flag reads this array instead of every token object (AGE: its cue words).
 */
let lastFlagList = new Int32Array(0);
/** The array reused for `lastFlagList`, up to `FLAG_LIST_LIMIT` tokens (256 KB). */
let flagScratch = new Int32Array(1024);
const FLAG_LIST_LIMIT = 65_536;

/**
 * The flags whose tokens the tokenizer lists by index (`flaggedIndexes`): cue words that a few
 * scans look for among all the tokens (given names, "and", age and user cues, products). A note
 * holds about 15 such tokens of 143: those scans visit the list instead of every token.
 */
export const LISTED_FLAGS =
  WordFlag.FirstName |
  WordFlag.And |
  WordFlag.AgeCueAfter |
  WordFlag.AgeCueBefore |
  WordFlag.UserCue |
  WordFlag.Product |
  WordFlag.ProseUserCue;

/** The indexes, in rising order, of the tokens holding one of `LISTED_FLAGS`. */
export interface FlaggedIndexes {
  /** The indexes, valid up to `count`. */
  readonly list: Int32Array;
  readonly count: number;
}

/** The last text's listed indexes. */
const lastListed: { list: Int32Array; count: number } = { list: new Int32Array(0), count: 0 };
/** The array reused for them, up to `FLAG_LIST_LIMIT` tokens (256 KB). */
let listScratch = new Int32Array(256);

/**
 * The indexes of `tokens` whose flags hold one of `LISTED_FLAGS`, in rising order: free for the
 * last text's tokens (kept by `tokenize`, read before the next text is tokenized).
 */
export function flaggedIndexes(tokens: readonly Token[]): FlaggedIndexes {
  if (tokens === lastTokens) return lastListed;
  return listFlagged(tokens, { list: new Int32Array(tokens.length), count: 0 });
}

function listFlagged(
  tokens: readonly Token[],
  into: { list: Int32Array; count: number },
): { list: Int32Array; count: number } {
  if (into.list.length < tokens.length) into.list = new Int32Array(tokens.length);
  let count = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (((tokens[k] as Token).flags & LISTED_FLAGS) !== 0) into.list[count++] = k;
  }
  into.count = count;
  return into;
}

/**
 * Indexes of the capitalized words of no list with an inner hyphen or apostrophe, for
 * `hyphenatedGivenNames`; grown when a text has more (kept for the worker's life).
 */
let joinedScratch = new Int32Array(64);

/**
 * The flags of each of `tokens`, by index: free for the last text's tokens (kept by `tokenize`),
 * whose array must be read before the next text is tokenized.
 */
export function flagList(tokens: readonly Token[]): Int32Array {
  if (tokens === lastTokens) return lastFlagList;
  const list = new Int32Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) list[k] = (tokens[k] as Token).flags;
  return list;
}

/**
 * The flags of all `tokens` or-ed together: a recognizer whose cue words are absent from a text
 * skips its token loop. Free for the last text's tokens (kept by `tokenize`).
 */
export function flagsIn(tokens: readonly Token[]): number {
  if (tokens === lastTokens) return lastFlags;
  let all = 0;
  for (const tok of tokens) all |= tok.flags;
  return all;
}

/**
 * Whether the backslash at `i` opens an escaped line break or tab (backslash and n, t or r): it is
 * followed by n, t or r. The backslashes before it do not matter: an odd run is an escaped
 * backslash and the escape, an even one the escape escaped again (a JSON string logged inside
 * another one), as recognizers/boundary.ts reads them. Kept out of the token loop, which
 * reaches it only at a backslash.
 */
function isEscapedSpace(text: string, i: number): boolean {
  const next = text.charCodeAt(i + 1);
  return next === 110 || next === 116 || next === 114;
}

/**
 * Splits `text` into tokens; the result for the last text is reused. Do not mutate it, and read
 * it before the next text is tokenized: the next text's tokens are written over the same objects.
 */
export function tokenize(text: string): readonly Token[] {
  if (text === lastText) return lastTokens;
  // The pooled tokens are overwritten below: the last text is forgotten until this one is done.
  lastText = undefined;
  pooledText = text;
  let count = 0;
  const flagsOf = wordFlagMap();
  if (tableSlots === 0) buildTable(flagsOf);
  const cells = table;
  const mask = tableSlots - 1;
  const n = text.length;
  let i = 0;
  let gap = 0;
  let lineStart = true;
  let all = 0;
  let hyphenated = 0;
  // At most one token per character.
  let listed = listScratch;
  if (listed.length < n) {
    listed = new Int32Array(n);
    if (n <= FLAG_LIST_LIMIT) listScratch = listed;
  }
  let listedCount = 0;
  let flagsById = flagScratch;
  if (flagsById.length < n) {
    flagsById = new Int32Array(n);
    if (n <= FLAG_LIST_LIMIT) flagScratch = flagsById;
  }

  while (i < n) {
    const code = text.charCodeAt(i);
    const cls = code < 128 ? (classes[code] as number) : classOf(code);
    if ((cls & IS_SPACE) !== 0) {
      if (code === 10 || code === 13) lineStart = true;
      gap++;
      i++;
      continue;
    }
    // In text escaped twice (a JSON string logged as a string) a line break or tab is written
    // as a backslash and a letter: "x\nJohn Smith" holds the words "x", "John" and "Smith",
    // not "nJohn". The two characters read as the one whitespace character they stand for.
    if (code === 92 && isEscapedSpace(text, i)) {
      if (text.charCodeAt(i + 1) !== 116) lineStart = true;
      gap++;
      i += 2;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    // Hash of the lower-case code units of an ASCII token, for the flag table.
    let hash = code >= 65 && code <= 90 ? code + 32 : code;
    let ascii = code < 128;
    let uppers = 0;
    let marks = 0;
    // The first eight lower-case characters of an ASCII word, packed as in the table's slots:
    // `holds` compares them in two integer tests instead of reading the characters again.
    let chars0 = hash;
    let chars1 = 0;
    if ((cls & IS_LETTER) !== 0 || (code >= 0xd800 && code <= 0xdbff && isLetter(code, text, i))) {
      kind = WORD;
      // Case is read during the scan for ASCII words (most of them): capitals and inner
      // apostrophes or hyphens are counted, so the word is not walked again.
      uppers = code >= 65 && code <= 90 ? 1 : 0;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
      while (i < n) {
        const c = text.charCodeAt(i);
        // Lower-case ASCII letters first: most characters of most words.
        if (c >= 97 && c <= 122) {
          hash = (Math.imul(hash, 31) + c) | 0;
          const k = i - start;
          if (k < 4) chars0 |= c << (k << 3);
          else if (k < 8) chars1 |= c << ((k - 4) << 3);
          i++;
        } else if (c < 128 ? c >= 65 && c <= 90 : isLetter(c, text, i)) {
          // (An ASCII letter here is a capital: the lower-case ones are taken above.)
          const lower = c <= 90 ? c + 32 : c;
          if (c <= 90) uppers++;
          else if (c >= 128) ascii = false;
          hash = (Math.imul(hash, 31) + lower) | 0;
          const k = i - start;
          if (k < 4) chars0 |= lower << (k << 3);
          else if (k < 8) chars1 |= lower << ((k - 4) << 3);
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
          const lowerNext = next >= 65 && next <= 90 ? next + 32 : next;
          hash = (Math.imul(Math.imul(hash, 31) + c, 31) + lowerNext) | 0;
          const k = i - start;
          if (k < 4) chars0 |= c << (k << 3);
          else if (k < 8) chars1 |= c << ((k - 4) << 3);
          if (k + 1 < 4) chars0 |= lowerNext << ((k + 1) << 3);
          else if (k + 1 < 8) chars1 |= lowerNext << ((k - 3) << 3);
          i += 2;
        } else {
          break;
        }
      }
    } else if ((cls & IS_DIGIT) !== 0) {
      kind = NUMBER;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else {
      kind = PUNCT;
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }

    const length = i - start;
    let tokenCase: Case;
    let flags: number;
    let word: string | undefined;
    let lower: string | undefined;
    let lowerCase = uppers === 0;
    let slot = -1;
    if (kind === NUMBER) {
      tokenCase = UNCASED;
      flags = 0;
    } else if (kind === PUNCT && ascii) {
      tokenCase = UNCASED;
      flags = charFlags[code] as number;
    } else if (ascii) {
      tokenCase =
        uppers === 0
          ? LOWER
          : uppers === length - marks
            ? length > 1
              ? UPPER
              : TITLE
            : code >= 65 && code <= 90
              ? TITLE
              : LOWER;
      slot = slotOf(cells, mask, text, start, length, hash, chars0, chars1);
      flags = slot >= 0 ? (cells[slot * SLOT + 2] as number) : 0;
    } else {
      word = text.slice(start, i);
      if (kind === PUNCT) {
        lower = word;
        tokenCase = UNCASED;
      } else {
        lower = word.toLowerCase();
        tokenCase = caseOf(word, lower);
        lowerCase = word === lower;
      }
      flags = flagsOf.get(lower) ?? 0;
    }
    // "Anna-Lena": read after the loop (`hyphenatedGivenNames`), which keeps this loop small;
    // only the tokens kept here are visited there, not every token again.
    if (flags === 0 && marks > 0 && tokenCase === TITLE) {
      if (hyphenated === joinedScratch.length) {
        const grown = new Int32Array(hyphenated * 2);
        grown.set(joinedScratch);
        joinedScratch = grown;
      }
      joinedScratch[hyphenated++] = count;
    }
    all |= flags;
    flagsById[count] = flags;
    if ((flags & LISTED_FLAGS) !== 0) listed[listedCount++] = count;
    let tok = pool[count];
    if (tok === undefined) {
      tok = new SourceToken();
      pool.push(tok);
    }
    tok.kind = kind;
    tok.start = start;
    tok.end = i;
    tok.code = code;
    tok.case = tokenCase;
    tok.lineStart = lineStart;
    tok.gap = gap;
    tok.flags = flags;
    tok.lowerCase = lowerCase;
    tok.slot = slot;
    tok.textCut = word;
    tok.lowerCut = lower;
    count++;
    gap = 0;
    lineStart = false;
    // The single space after most tokens is taken here, not by a turn of the loop above (which
    // would read it again, look up its class and test it for a line break and an escape).
    if (i < n && text.charCodeAt(i) === 32) {
      gap = 1;
      i++;
    }
  }

  const tokens: Token[] = pool.slice(0, count);
  if (hyphenated > 0) {
    const given = hyphenatedGivenNames(text, pool, hyphenated, flagsById, flagsOf);
    all |= given;
    // A hyphenated given name joins the list in its place: listed again (rare).
    if (given !== 0) listedCount = listFlagged(tokens, { list: listed, count: 0 }).count;
  }
  // Pooled tokens past this text's own drop the text they cut from older texts.
  for (let k = count; k < lastCount && k < pool.length; k++) {
    const stale = pool[k] as SourceToken;
    stale.textCut = undefined;
    stale.lowerCut = undefined;
  }
  if (pool.length > POOL_LIMIT) pool.length = POOL_LIMIT;
  lastCount = count;
  lastText = text;
  lastTokens = tokens;
  lastFlags = all;
  lastFlagList = flagsById;
  lastListed.list = listed;
  lastListed.count = listedCount;
  return tokens;
}

/**
 * Flags the capitalized hyphenated words of no list, the tokens at the first `count` indexes of
 * `joinedScratch`: "Anna-Lena", "Jan-Hendrik", "Marie-Claire", two or three listed given names
 * that are no English words and no places, are a given name (`FirstName`); anything else keeps
 * no flags ("May-June" and "Mark-Up" hold English words, and the firm "Valentine-Murray" a
 * town). Returns the flags set.
 */
function hyphenatedGivenNames(
  text: string,
  pool: readonly SourceToken[],
  count: number,
  flagsById: Int32Array,
  flagsOf: ReadonlyMap<string, number>,
): number {
  let all = 0;
  for (let m = 0; m < count; m++) {
    const k = joinedScratch[m] as number;
    const tok = pool[k] as SourceToken;
    const parts = text.slice(tok.start, tok.end).toLowerCase().split('-');
    if (parts.length < 2 || parts.length > 3) continue;
    let given = true;
    for (const part of parts) {
      const f = flagsOf.get(part) ?? 0;
      if ((f & WordFlag.FirstName) === 0 || (f & (WordFlag.Common | WordFlag.Place)) !== 0)
        given = false;
    }
    if (!given) continue;
    tok.flags = WordFlag.FirstName;
    flagsById[k] = WordFlag.FirstName;
    all = WordFlag.FirstName;
  }
  return all;
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
