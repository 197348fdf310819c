/**
 * North American toll-free numbers spelt with letters ("1-800-FLOWERS", "1-800-GOT-MILK",
 * "(800) FLO-WERS", "+1 888 NOT WORK"), read as PHONE_NUMBER (round 19: left in clear). The
 * letters are turned into digits by the phone keypad (ITU-T E.161: ABC 2, DEF 3, ... WXYZ 9) and
 * the number is checked against the plan, as the phone recognizer checks its other candidates;
 * the span is the number as written. Only the toll-free codes: elsewhere a code and a word are
 * as often a product or a model ("SKU-800-ABCDEFG" is not read, see `refineVanity`).
 * Round 20: a number with no "1" before its code, after a word ("SKU 800-ABCDEFG", "Part no.
 * 888-ABC-1234"), needs a context word ("Call 800-FLOWERS"); the letters are one word or split
 * as a number is, three and four ("(800) STOCK-UP" is not read).
 */
import type { PatternMatch, Refinement } from '../pattern-recognizer.js';
import { phoneRegionIn } from '../validators/phone.js';
import { gluedAfter, gluedBefore, isAlnumCode } from './boundary.js';
import { jointGate } from './joint-gate.js';

/** The toll-free codes of the North American plan (NANPA): 800, 833, 844, ..., 888. */
const TOLL_FREE = '8(?:00|33|44|55|66|77|88)';

/**
 * A candidate: "+1" or "1" before the code, or neither; the code, bare or in brackets, and its
 * separator; then up to three groups of letters and digits joined by a space, dot or hyphen.
 * `refineVanity` reads which groups make the number.
 */
export const VANITY_REGEX =
  `(?:\\+1[ .\\-]?|1[ .\\-])?(?:\\(${TOLL_FREE}\\) ?|${TOLL_FREE}[ .\\-])` +
  '[A-Za-z0-9]{1,10}(?:[ .\\-][A-Za-z0-9]{1,10}){0,2}';

/**
 * The gate of the 'vanity' pattern: a toll-free code and, after its separator and at most three
 * digits, a letter. Texts without an "8" skip it by their character set (`needsAll`); in the
 * others (most notes hold an "8": times, dates, numbers) it is joined with the gates most notes
 * reach (`jointGate`): a scan of its own over the tickets notes cost about 11k instructions a
 * record (callgrind), as V8 tries its leading "8" at every position of the text.
 */
export const VANITY_GATE = jointGate(
  new RegExp(`${TOLL_FREE}\\)? ?[ .\\-]?(?:\\d{1,3}[ .\\-]?)?[A-Za-z]`),
);

/** The subscriber number's length: seven keypad characters after the code. */
const SUBSCRIBER = 7;
/** Letters that may follow the seventh character ("1-800-CONTACTS"): the keypad ignores them. */
const MAX_EXTRA = 3;
/** The fewest letters in a vanity number: "1-800-356-937A" is a typing error, not a word. */
const MIN_LETTERS = 3;

/**
 * A group as vanity numbers write it: capitals (with digits before or after: "4MY"), a word
 * with a capital first ("Flowers"), or digits. Words of prose in small letters ("800-new-users")
 * are not.
 */
const GROUP = /^(?:[0-9A-Z]*[A-Z][0-9A-Z]*|[A-Z][a-z]+|[0-9]+)$/;

/**
 * The score of a number with no "1" before its code, written after a word: under the default
 * threshold (0.5), so that it is reported only with a context word of the phone recognizer near
 * it ("Call 800-FLOWERS", "Tel: 800-FLOWERS"), as the 'slash' numbers are. A product's or
 * part's label before it ("SKU 800-ABCDEFG", "Part no. 888-ABC-1234") is no such word: round 19
 * read those as phone numbers. A list of product labels would miss the labels of other
 * languages and shops.
 */
const AFTER_WORD_SCORE = 0.3;

/** The keypad digit of an ASCII letter, by its upper-case code minus 65. */
const KEYPAD = '22233344455566677778889999';

/**
 * The span of a 'vanity' match that is a valid toll-free number: its groups up to the seventh
 * keypad character (and the letters after it in the same group, three at most), with at least
 * three letters, standing alone. Without "+1" or brackets, the code's separator must be a
 * hyphen or dot and the groups must be joined by them ("800-FLOWERS", but "1 800 NEW USERS"
 * is a headline); a hyphen after a letter before the match ("SKU-800-ABCDEFG") makes it part of
 * a product code. Two groups split the seven keys as a number does, three and four or four and
 * three ("GOT-MILK", "CALL-NOW"; not "STOCK-UP"), unless "1" comes first ("1-800-MY-APPLE", as
 * round 19 read it). Without "1", a word before the match (and
 * spaces, a colon or an abbreviation's full stop) lowers the score (`AFTER_WORD_SCORE`).
 */
export function refineVanity(m: PatternMatch, score: number): Refinement | null {
  const text = m.text;
  const start = m.start;
  if (gluedBefore(text, start, 'separates')) return null;
  if (start >= 2 && text.charCodeAt(start - 1) === 45 && isAlnumCode(text.charCodeAt(start - 2))) return null;
  const value = m.value;
  const plus = value.charCodeAt(0) === 43;
  // "1" or "+1" before the code: a phone number's shape whatever the letters' split.
  const country = plus || value.charCodeAt(0) === 49;
  let i = value.indexOf('8');
  const bracket = value.charCodeAt(i - 1) === 40;
  const code = value.slice(i, i + 3);
  i += bracket ? 4 : 3;
  // The code's separator: in brackets a space or none, else one of space, dot or hyphen.
  const separator = value.charCodeAt(i);
  const spaced = separator === 32;
  if (!bracket || spaced) i++;
  if (spaced && !plus && !bracket) return null;

  let digits = code;
  let keys = 0;
  let letters = 0;
  let end = -1;
  while (i < value.length) {
    let groupEnd = i;
    while (groupEnd < value.length && isAlnumCode(value.charCodeAt(groupEnd))) groupEnd++;
    const group = value.slice(i, groupEnd);
    if (!GROUP.test(group)) return null;
    // A group that ends before the seventh key is the exchange's three keys or four ("CALL-NOW"),
    // or any after "1" ("1-800-MY-APPLE").
    if (keys === 0 && !country && group.length < SUBSCRIBER && group.length !== 3 && group.length !== 4) return null;
    if (keys > 0 && keys + group.length < SUBSCRIBER) return null;
    const taken = Math.min(group.length, SUBSCRIBER - keys);
    for (let k = 0; k < taken; k++) {
      const c = group.charCodeAt(k);
      if (c <= 57) digits += group[k];
      else {
        digits += KEYPAD[(c & ~32) - 65];
        letters++;
      }
    }
    keys += taken;
    const extra = group.length - taken;
    if (extra > 0) {
      if (extra > MAX_EXTRA || !/^[A-Za-z]+$/.test(group.slice(taken))) return null;
      letters += extra;
    }
    if (keys === SUBSCRIBER) {
      end = groupEnd;
      break;
    }
    if (groupEnd === value.length || (value.charCodeAt(groupEnd) === 32 && !plus && !bracket)) return null;
    i = groupEnd + 1;
  }
  if (end < 0 || letters < MIN_LETTERS || gluedAfter(text, start + end, 'separates')) return null;
  const number = `+1${digits}`;
  if (phoneRegionIn(number, 0, number.length, false) === null) return null;
  return { start, end: start + end, score: country || !afterWord(text, start) ? score : AFTER_WORD_SCORE, validator: 'passed' };
}

/**
 * Whether a word ends before `start`, with at most spaces, tabs, colons, full stops and "#"
 * between ("SKU 800-…", "Part no. 888-…", "Ref: 800-…"); a line break or any other sign
 * between ("Questions? 800-FLOWERS", "(800-FLOWERS)") is no word before.
 */
function afterWord(text: string, start: number): boolean {
  let i = start;
  const limit = Math.max(0, start - 8);
  while (i > limit) {
    const c = text.charCodeAt(i - 1);
    if (c !== 32 && c !== 9 && c !== 58 && c !== 46 && c !== 35) break;
    i--;
  }
  return i < start && i > 0 && isAlnumCode(text.charCodeAt(i - 1));
}
