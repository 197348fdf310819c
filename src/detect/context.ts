/**
 * Context words: words near a candidate ("ssn", "card", "phone") that make it more likely to be
 * what the pattern says. The window is counted in words before and after the span, so the cost
 * per candidate is bounded by the window, not by the text.
 *
 * Matching is on whole lower-cased words, with a trailing plural "s" ignored ("cards" matches
 * "card"), and since round 20 a number of one or two digits after the letters ("password2",
 * "phone1": one label of several matches as the label does); an entry with spaces ("social security") matches when its words appear in order in
 * the window.
 */
import { byFirstLetter } from './recognizers/alternation.js';

/** A recognizer's context words, prepared for lookup. */
export interface ContextIndex {
  readonly words: ReadonlySet<string>;
  readonly phrases: readonly string[];
  /** 1 at the `asciiWordHash` of each all-ASCII entry of `words` (a one-hash Bloom filter). */
  readonly asciiHashes: Uint8Array;
  /** The same filter for the first words of `phrases` (those all ASCII). */
  readonly phraseHeads: Uint8Array;
}

const HASH_BITS = 4095;

/**
 * Hash of an ASCII word after lower-casing, folded into [0, 4096). Folding commutes with the
 * step (`(h * 31 + c) & 4095` depends only on `h & 4095`), so the hash of a word is one step
 * from the hash of the word without its last character.
 */
function asciiWordHash(word: string, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) {
    let c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = (Math.imul(h, 31) + c) & HASH_BITS;
  }
  return h;
}

/** How many words before and after a span are searched. */
export interface ContextWindow {
  readonly before: number;
  readonly after: number;
}

export const DEFAULT_CONTEXT_WINDOW: ContextWindow = { before: 5, after: 3 };

/** Builds a lookup index from context entries (case-insensitive). */
export function buildContextIndex(entries: Iterable<string>): ContextIndex {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    if (/\s/.test(entry)) phrases.push(entry.split(/\s+/).join(' '));
    else words.add(entry);
  }
  const asciiHashes = new Uint8Array(HASH_BITS + 1);
  for (const word of words) {
    if (/^[\x00-\x7f]*$/.test(word)) asciiHashes[asciiWordHash(word, 0, word.length)] = 1;
  }
  const phraseHeads = new Uint8Array(HASH_BITS + 1);
  for (const phrase of phrases) {
    const head = phrase.slice(0, phrase.indexOf(' '));
    if (/^[\x00-\x7f]*$/.test(head)) phraseHeads[asciiWordHash(head, 0, head.length)] = 1;
  }
  return { words, phrases, asciiHashes, phraseHeads };
}

function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code < 0x2000)
  );
}

/** The words `windowBounds` found, lower-cased, in text order. */
function windowWords(text: string, position: number, count: number, forward: boolean): string[] {
  const n = windowBounds(text, position, count, forward);
  const words: string[] = [];
  for (let k = 0; k < n; k++) {
    const at = forward ? k : n - 1 - k;
    words.push(text.slice(bounds[3 * at]!, bounds[3 * at + 1]!).toLowerCase());
  }
  return words;
}

/** Returns the context entries found in the window around [start, end). */
export function findContextWords(
  text: string,
  start: number,
  end: number,
  index: ContextIndex,
  window: ContextWindow = DEFAULT_CONTEXT_WINDOW,
): string[] {
  if (index.words.size === 0 && index.phrases.length === 0) return [];
  if (index.phrases.length === 0) return findWords(text, start, end, index, window);
  const before = windowWords(text, start, window.before, false);
  const after = windowWords(text, end, window.after, true);
  const found: string[] = [];

  if (index.words.size > 0) {
    for (const word of before) matchWord(word, index.words, found);
    for (const word of after) matchWord(word, index.words, found);
  }
  if (index.phrases.length > 0) {
    const joinedBefore = ` ${before.join(' ')} `;
    const joinedAfter = ` ${after.join(' ')} `;
    for (const phrase of index.phrases) {
      if (joinedBefore.includes(` ${phrase} `) || joinedAfter.includes(` ${phrase} `)) found.push(phrase);
    }
  }
  return found.length <= 1 ? found : [...new Set(found)];
}

/**
 * Adds `word` (or its singular, for a plural "s", or the word without its number, see
 * `unnumberedLength`) to `found` when it is a context word.
 */
function matchWord(word: string, words: ReadonlySet<string>, found: string[]): void {
  if (words.has(word)) found.push(word);
  else if (word.length > 3 && word.endsWith('s') && words.has(word.slice(0, -1))) {
    found.push(word.slice(0, -1));
  } else {
    const letters = unnumberedLength(word, 0, word.length);
    if (letters > 0 && words.has(word.slice(0, letters))) found.push(word.slice(0, letters));
  }
}

/**
 * The length of the word text[s, e) without a number of one or two digits after an ASCII
 * letter ("password2", "pwd12"), or 0 when it ends otherwise or its letters are all hex digits. A label numbered as one of
 * several ("password2: ********") scored 0.85 where "password: ********" scored 1: the word
 * "password2" was no context word (round 19's verification pass).
 */
function unnumberedLength(text: string, s: number, e: number): number {
  let n = e;
  if (!isDigitCode(text.charCodeAt(n - 1))) return 0;
  n--;
  if (isDigitCode(text.charCodeAt(n - 1))) n--;
  const c = text.charCodeAt(n - 1) | 32;
  if (n <= s || c < 97 || c > 122) return 0;
  // A hex group of an IPv6 address or a UUID ("cc85", "add9", "dad7") is no label: with it the
  // gold diff over the tickets notes read "cc" (a card's context word), "add" and "dad" there.
  for (let i = s; i < n; i++) if ((text.charCodeAt(i) | 32) > 102) return n - s;
  return 0;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Whether the hash filter holds the ASCII word text[s, e) without its number
 * (`unnumberedLength`); `head` is the hash of the word without its last character.
 */
function numberedHit(text: string, s: number, e: number, head: number, index: ContextIndex): boolean {
  const letters = unnumberedLength(text, s, e);
  if (letters === 0) return false;
  return index.asciiHashes[letters === e - s - 1 ? head : asciiWordHash(text, s, s + letters)] === 1;
}

/** `isWordCode` as a table: one load per character in the window scans below. */
const WORD_CODES = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (isWordCode(c)) WORD_CODES[c] = 1;

/**
 * A word code (`isWordCode`) as the context hashes read it: an ASCII capital lower-cased, any
 * other word code as it is; -1 for a code that is no word code. The window scans of
 * `hasContextWord` test and fold each code unit with it, lower-case letters tested first, in
 * place of a `WORD_CODES` load and two range checks (see "How detection is kept fast", round 18).
 */
function foldedWordCode(c: number): number {
  if (c >= 97) return c <= 122 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000) ? c : -1;
  if (c >= 65) return c <= 90 ? c + 32 : -1;
  return c >= 48 && c <= 57 ? c : -1;
}

/** Word bounds of the last window scan: start, end, 1 when the word is all ASCII. */
const SCRATCH = new Int32Array(48);
let bounds = SCRATCH;

/**
 * Fills `bounds` with up to `count` words before `position` (nearest first) or after it, and
 * returns how many. The scan stops `64 * (count + 1)` code units away, so that a long run of
 * punctuation cannot make one look-up linear in the text. A word crossing that limit is left
 * out, and the scan ends there: a slice of a longer token is not a word of the window (nor, so,
 * a context word), which also lets `contextGateMask` look for whole words only.
 */
function windowBounds(text: string, position: number, count: number, forward: boolean): number {
  bounds = 3 * count <= SCRATCH.length ? SCRATCH : new Int32Array(3 * count);
  let n = 0;
  let i = position;
  const limit = forward ? Math.min(text.length, position + 64 * (count + 1)) : Math.max(0, position - 64 * (count + 1));
  while (n < count) {
    let ascii = 1;
    if (forward) {
      while (i < limit && WORD_CODES[text.charCodeAt(i)] !== 1) i++;
      if (i >= limit) break;
      bounds[3 * n] = i;
      for (let c = text.charCodeAt(i); i < limit && WORD_CODES[c] === 1; c = text.charCodeAt(++i)) if (c >= 128) ascii = 0;
      if (WORD_CODES[text.charCodeAt(i)] === 1) break;
      bounds[3 * n + 1] = i;
    } else {
      while (i > limit && WORD_CODES[text.charCodeAt(i - 1)] !== 1) i--;
      if (i <= limit) break;
      bounds[3 * n + 1] = i;
      for (let c = text.charCodeAt(i - 1); i > limit && WORD_CODES[c] === 1; c = text.charCodeAt(--i - 1)) if (c >= 128) ascii = 0;
      if (WORD_CODES[text.charCodeAt(i - 1)] === 1) break;
      bounds[3 * n] = i;
    }
    bounds[3 * n + 2] = ascii;
    n++;
  }
  return n;
}

/**
 * `findContextWords` for an index without phrases. Most window words cannot be context words:
 * an ASCII word whose hash (and, for a plural, its singular's) hits no entry's is skipped without
 * being sliced or lower-cased (words with other characters are always looked up, since
 * lower-casing may change their length or map them onto ASCII letters). Measured by replaying
 * the analyzer's 45,543 searches on 4,000 corpus notes: 8.9-9.8 CPU-us per note before,
 * 5.8-6.2 after.
 */
function findWords(text: string, start: number, end: number, index: ContextIndex, window: ContextWindow): string[] {
  const found: string[] = [];
  const before = windowBounds(text, start, window.before, false);
  for (let k = before - 1; k >= 0; k--) lookUp(text, bounds[3 * k]!, bounds[3 * k + 1]!, bounds[3 * k + 2]!, index, found);
  const after = windowBounds(text, end, window.after, true);
  for (let k = 0; k < after; k++) lookUp(text, bounds[3 * k]!, bounds[3 * k + 1]!, bounds[3 * k + 2]!, index, found);
  return found.length <= 1 ? found : [...new Set(found)];
}

function lookUp(text: string, s: number, e: number, ascii: number, index: ContextIndex, found: string[]): void {
  if (ascii === 1) {
    // The word, and for a plural "s" the word without it, must hit the filter to be looked up.
    const head = asciiWordHash(text, s, e - 1);
    let last = text.charCodeAt(e - 1);
    if (last >= 65 && last <= 90) last += 32;
    const whole = index.asciiHashes[(Math.imul(head, 31) + last) & HASH_BITS] === 1;
    const plural = last === 115 && e - s > 3 && index.asciiHashes[head] === 1;
    if (!whole && !plural && !(last <= 57 && numberedHit(text, s, e, head, index))) return;
  }
  matchWord(text.slice(s, e).toLowerCase(), index.words, found);
}

/**
 * Whether `findContextWords` would find any entry: all an analysis without explanations needs.
 * The windows are searched nearest word first, each word hashed as it is scanned and looked up
 * at once, and the search stops at the first hit (the after-window is not scanned then); no
 * word bounds are stored and no list is built. An index with phrases takes `findContextWords`
 * only when neither window holds an entry word and one holds a word that may open a phrase.
 * Whole analyzer on the 4,000 corpus notes, both builds alternating in one process, three runs
 * of 12 passes: medians 90.4-93.8 -> 85.9-88.4 CPU-us per note (4.8 of its 11.4 searches per
 * note find a word, and stop there).
 */
export function hasContextWord(
  text: string,
  start: number,
  end: number,
  index: ContextIndex,
  window: ContextWindow = DEFAULT_CONTEXT_WINDOW,
): boolean {
  if (index.phrases.length > 0) {
    if (index.words.size > 0 && (wordBefore(text, start, window.before, index, false) || wordAfter(text, end, window.after, index, false))) {
      return true;
    }
    // A phrase is found only where a window word is its first word: for a US SSN ("social
    // security"), 0.63 searches per corpus note: 0.99 -> 0.25 CPU-us per note (medians of 20
    // replays of the searches).
    if (!wordBefore(text, start, window.before, index, true) && !wordAfter(text, end, window.after, index, true)) {
      return false;
    }
    return findContextWords(text, start, end, index, window).length > 0;
  }
  if (index.words.size === 0) return false;
  return wordBefore(text, start, window.before, index, false) || wordAfter(text, end, window.after, index, false);
}

/**
 * Whether a word may be the first word of one of the index's phrases: an ASCII word whose hash
 * hits `phraseHeads`, or any other word (lower-casing may map it onto ASCII letters).
 */
function mayOpenPhrase(ascii: boolean, head: number, last: number, index: ContextIndex): boolean {
  return !ascii || index.phraseHeads[(Math.imul(head, 31) + last) & HASH_BITS] === 1;
}

/**
 * Whether the word text[s, e) is a context word; `head` and `last` are the `asciiWordHash` of
 * the word without its last character and that character lower-cased, for an ASCII word.
 */
function isContextWord(
  text: string,
  s: number,
  e: number,
  ascii: boolean,
  head: number,
  last: number,
  index: ContextIndex,
): boolean {
  // The filter of `lookUp`: the word, or for a plural "s" the word without it, must hit it.
  if (
    ascii &&
    index.asciiHashes[(Math.imul(head, 31) + last) & HASH_BITS] !== 1 &&
    !(last === 115 && e - s > 3 && index.asciiHashes[head] === 1) &&
    !(last <= 57 && numberedHit(text, s, e, head, index))
  ) {
    return false;
  }
  const word = text.slice(s, e).toLowerCase();
  if (index.words.has(word) || (word.length > 3 && word.endsWith('s') && index.words.has(word.slice(0, -1)))) return true;
  const letters = unnumberedLength(word, 0, word.length);
  return letters > 0 && index.words.has(word.slice(0, letters));
}

/**
 * Whether a word `windowBounds` finds before `position` (nearest first) is a context word, or
 * with `heads`, may open a phrase.
 */
function wordBefore(text: string, position: number, count: number, index: ContextIndex, heads: boolean): boolean {
  let i = position;
  const limit = Math.max(0, position - 64 * (count + 1));
  for (let n = 0; n < count; n++) {
    // Each code unit is read once: the one that ends the skip is the word's last.
    let c = -1;
    while (i > limit && (c = foldedWordCode(text.charCodeAt(i - 1))) < 0) i--;
    if (i <= limit) return false;
    const e = i;
    const last = c;
    let ascii = c < 128;
    // Read backwards, the k-th character from the end weighs 31^(k-1) in `head`, the hash of
    // the word without its last character.
    let head = 0;
    let power = 1;
    i--;
    while (i > limit && (c = foldedWordCode(text.charCodeAt(i - 1))) >= 0) {
      if (c >= 128) ascii = false;
      head = (head + Math.imul(c, power)) & HASH_BITS;
      power = Math.imul(power, 31) & HASH_BITS;
      i--;
    }
    // The word runs on past the limit: left out (see `windowBounds`).
    if (i === limit && i > 0 && WORD_CODES[text.charCodeAt(i - 1)] === 1) return false;
    if (heads ? mayOpenPhrase(ascii, head, last, index) : isContextWord(text, i, e, ascii, head, last, index)) {
      return true;
    }
  }
  return false;
}

/** `wordBefore` for the words `windowBounds` finds after `position`. */
function wordAfter(text: string, position: number, count: number, index: ContextIndex, heads: boolean): boolean {
  let i = position;
  const limit = Math.min(text.length, position + 64 * (count + 1));
  for (let n = 0; n < count; n++) {
    let c = -1;
    while (i < limit && (c = foldedWordCode(text.charCodeAt(i))) < 0) i++;
    if (i >= limit) return false;
    const s = i;
    let ascii = true;
    let head = 0;
    let hash = 0;
    let last = 0;
    do {
      if (c >= 128) ascii = false;
      head = hash;
      hash = (Math.imul(hash, 31) + c) & HASH_BITS;
      last = c;
      i++;
    } while (i < limit && (c = foldedWordCode(text.charCodeAt(i))) >= 0);
    if (i === limit && i < text.length && WORD_CODES[text.charCodeAt(i)] === 1) return false;
    if (heads ? mayOpenPhrase(ascii, head, last, index) : isContextWord(text, s, i, ascii, head, last, index)) {
      return true;
    }
  }
  return false;
}

/**
 * Which of some recognizers a text may hold a context word for, in one scan of the text: for
 * recognizers whose candidates all score below their threshold (`maxScore` in the pattern
 * recognizer spec), so that a candidate is reported only with a context word near it, a text
 * holding none of their words needs them not scanned at all.
 */
export interface ContextGate {
  /**
   * Every key, case-insensitive, as whole words with an optional plural "s" after: the first two
   * words of each phrase ("tax file"), with anything but letters and digits between them, then
   * each entry word, longest first; undefined for none.
   */
  readonly keys: RegExp | undefined;
  /** Per key ("tax file" for a phrase's two words): the bits of the recognizers holding it. */
  readonly bits: ReadonlyMap<string, number>;
  /** The bits of the recognizers with an entry holding a non-ASCII character. */
  readonly nonAscii: number;
}

/** An entry word the gate can look for: ASCII letters and digits (entries are lower-cased). */
const GATE_WORD = /^[a-z0-9]+$/;

/** The gate of the indexes given, recognizer `i` holding bit `1 << i` (at most 31 of them). */
export function buildContextGate(indexes: readonly ContextIndex[]): ContextGate {
  if (indexes.length > 31) throw new Error('a context gate holds at most 31 recognizers');
  const bits = new Map<string, number>();
  const pairs = new Set<string>();
  let nonAscii = 0;
  const add = (key: string, bit: number): void => {
    bits.set(key, (bits.get(key) ?? 0) | bit);
  };
  indexes.forEach((index, i) => {
    const bit = 1 << i;
    for (const word of index.words) {
      if (GATE_WORD.test(word)) add(word, bit);
      else if (!/^[\x00-\x7f]*$/.test(word)) nonAscii |= bit;
      // An ASCII entry with other characters ("ss#", "p.iva") is never one window word.
    }
    // A phrase is found only where its words are consecutive window words.
    for (const phrase of index.phrases) {
      const [first = '', second = ''] = phrase.split(' ');
      if (GATE_WORD.test(first) && GATE_WORD.test(second)) {
        add(`${first} ${second}`, bit);
        pairs.add(`${first}[^A-Za-z0-9]+${second}`);
      } else if (!/^[\x00-\x7f]*$/.test(phrase)) {
        nonAscii |= bit;
      }
    }
  });
  const longestFirst = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : 1);
  // A phrase's words before any single word, so that "tax" does not hide "tax file".
  const alternatives = [
    ...[...pairs].sort(longestFirst),
    ...[...bits.keys()].filter((key) => !key.includes(' ')).sort(longestFirst),
  ];
  // The character before a key is taken rather than looked behind at (60% less time here): the
  // match before it ended at a look-ahead, so it never took that character.
  // Grouped by first letter when every key starts with one (see `byFirstLetter`: the same
  // matches; the default analyzer's scan 1.84 -> 1.52 us per tickets note).
  const keyAlternation = alternatives.every((key) => /^[a-z]/.test(key))
    ? byFirstLetter(alternatives)
    : alternatives.join('|');
  const keys =
    alternatives.length === 0
      ? undefined
      : new RegExp(`(?:^|[^A-Za-z0-9])(?:${keyAlternation})(?:s|\\d\\d?)?(?![A-Za-z0-9])`, 'gi');
  return { keys, bits, nonAscii };
}

/**
 * `bits` of a word, and of its singular when it ends in "s" or the word without its number (as
 * `matchWord` looks it up).
 */
function wordBits(bits: ReadonlyMap<string, number>, word: string): number {
  let mask = bits.get(word) ?? 0;
  if (word.length > 3 && word.endsWith('s')) mask |= bits.get(word.slice(0, -1)) ?? 0;
  const letters = unnumberedLength(word, 0, word.length);
  if (letters > 0) mask |= bits.get(word.slice(0, letters)) ?? 0;
  return mask;
}

/**
 * The bits of the gate's recognizers for which `text` may hold a context word near some span, a
 * superset of those for which `hasContextWord` or `findContextWords` can find one.
 *
 * A window word is a whole word of the text (see `windowBounds`), or a piece of one next to the
 * span; a gated recognizer's span is not glued to a letter or digit (`maxScore`), so such a
 * piece ends next to it at a word code beyond ASCII. No character beyond ASCII lower-cases to
 * ASCII alone (U+0130 keeps a combining dot), so a window word matching an ASCII entry is an
 * ASCII word of the text: a run of ASCII letters and digits between two other characters, which
 * the scan finds whatever its case; a phrase's first two words are two such runs with neither
 * letters nor digits between them. After a phrase's words the scan goes back to the second, a
 * word of its own. Entries beyond ASCII count as present in any text beyond ASCII. A word
 * ending in "s" also stands for its singular, and one ending in a number of one or two digits
 * for the word without it, as in `matchWord`.
 */
export function contextGateMask(text: string, gate: ContextGate, asciiText: boolean): number {
  let mask = asciiText ? 0 : gate.nonAscii;
  const { keys, bits } = gate;
  if (keys === undefined) return mask;
  keys.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = keys.exec(text)) !== null) {
    const found = m[0];
    // The letters and digits of the match: one word, or a phrase's first two.
    let from = 0;
    while (!isAsciiAlnum(found.charCodeAt(from))) from++;
    let to = from;
    while (to < found.length && isAsciiAlnum(found.charCodeAt(to))) to++;
    const first = found.slice(from, to).toLowerCase();
    mask |= wordBits(bits, first);
    if (to === found.length) continue;
    let second = to;
    while (!isAsciiAlnum(found.charCodeAt(second))) second++;
    const next = found.slice(second).toLowerCase();
    mask |= bits.get(`${first} ${next}`) ?? 0;
    if (next.endsWith('s')) mask |= bits.get(`${first} ${next.slice(0, -1)}`) ?? 0;
    // The second word may be a key of its own: scan again from the character before it.
    keys.lastIndex = m.index + second - 1;
  }
  return mask;
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}
