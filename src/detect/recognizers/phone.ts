/**
 * PHONE_NUMBER. A cheap RE2 pattern proposes digit groups with the separators people write
 * (spaces, dots, dashes, brackets, a leading "+" or "00", an extension); the refinement rejects
 * slices of longer tokens (GUIDs, hex IDs, decimals: BR-01, BR-09), dates, IP addresses, ZIP+4
 * codes and thousands-grouped amounts, then asks libphonenumber-js (full metadata) whether the
 * number fits a real numbering plan: "+" numbers in their own country, national numbers in the
 * default regions. A well-formatted number that fits no plan still counts, at a lower score;
 * a bare run of digits needs a valid plan or a context word.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isValidCreditCard } from '../validators/credit-card.js';
import { isValidDeTaxId, isValidNlBsn } from '../validators/national-ids.js';
import { isValidUsEin } from '../validators/us.js';
import { DEFAULT_PHONE_REGIONS, phoneRegionIn, subscriberRegionIn } from '../validators/phone.js';
import { gluedAfter, gluedBefore } from './boundary.js';
import { wrappedCard } from './credit-card.js';
import { groupsAcrossLineBreak } from './line-wrap.js';
import { VANITY_GATE, VANITY_REGEX, refineVanity } from './vanity-phone.js';

/** Bare digit runs (9-11 digits) are checked against the first regions of the list only (cost, see below). */
const BARE_NUMBER_REGIONS = 5;

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The code unit at `i`, or -1 beyond either end of the text. `charCodeAt` gives NaN there, but
 * optimized code reading past the end is thrown away the first time it does (a V8 deopt), and
 * each recompile of a hot function costs a worker's start tens of milliseconds.
 */
function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** What `\s` matches in a JavaScript regular expression. */
function isSpaceCode(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Space, dot or dash (the separators written between digit groups), or any whitespace. */
function isSeparatorCode(code: number): boolean {
  return code === 46 || code === 45 || isSpaceCode(code);
}

/*
 * The digit groups of the candidate being refined, as offsets into the text and lengths, kept
 * in two lists reused for every candidate (refinements never nest) instead of a new array of
 * sliced strings per candidate. With the digits counted in the note rather than in the match's
 * own string (below), the candidates that pass the digit-count checks (3.6 per note) take
 * 1.25-1.50 -> 0.86-0.97 CPU-us per note to refine, the phone recognizer alone in an analyzer
 * 11.0-11.7 -> 10.5-10.8 (tickets notes, mins of four runs each, alternated).
 */
const groupStarts: number[] = [];
const groupLengths: number[] = [];

/*
 * What `digitGroups` read of the candidate's other code units besides its groups, in the same
 * pass (the date, amount, version and format checks below each walked the candidate again):
 * the separators, which are what is left without digits, "+", brackets and whitespace, by kind;
 * whether a bracket or other punctuation occurs; whether every code unit is a digit or a dot.
 */
const groupMarks = {
  separators: 0,
  dots: 0,
  commas: 0,
  dashes: 0,
  slashes: 0,
  bracket: false,
  punctuated: false,
  digitsAndDots: false,
};

/**
 * Splits `text[start, end)` into its digit groups (`groupStarts`, `groupLengths`) and returns
 * how many there are; -1 when brackets are unbalanced. Sets the separator counts above.
 */
function digitGroups(text: string, start: number, end: number): number {
  let n = 0;
  let groupStart = start;
  let depth = 0;
  let separators = 0;
  let dots = 0;
  let commas = 0;
  let dashes = 0;
  let slashes = 0;
  let bracket = false;
  let closed = false;
  let others = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) continue;
    if (c === 40) {
      depth++;
      bracket = true;
    } else if (c === 41) {
      depth--;
      closed = true;
    } else if (c !== 43 && !isSpaceCode(c)) {
      separators++;
      if (c === 46) dots++;
      else if (c === 44) commas++;
      else if (c === 45) dashes++;
      else if (c === 47) slashes++;
    }
    if (c !== 46) others = true;
    if (depth < 0 || depth > 1) return -1;
    if (i > groupStart) {
      groupStarts[n] = groupStart;
      groupLengths[n++] = i - groupStart;
    }
    groupStart = i + 1;
  }
  if (end > groupStart) {
    groupStarts[n] = groupStart;
    groupLengths[n++] = end - groupStart;
  }
  groupMarks.separators = separators;
  groupMarks.dots = dots;
  groupMarks.commas = commas;
  groupMarks.dashes = dashes;
  groupMarks.slashes = slashes;
  groupMarks.bracket = bracket;
  groupMarks.punctuated = bracket || closed || dots > 0 || dashes > 0;
  groupMarks.digitsAndDots = !others;
  return depth === 0 ? n : -1;
}

/** The value of digit group `g` (at most four digits where it is read). */
function groupValue(text: string, g: number): number {
  let value = 0;
  const end = groupStarts[g]! + groupLengths[g]!;
  for (let i = groupStarts[g]!; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** Group lengths of a calendar date: year first (4,2,2) or last (2,2,4, 1,2,4, 2,1,4, 1,1,4). */
function isDateShape(a: number, b: number, c: number): boolean {
  return a === 4 ? b === 2 && c === 2 : c === 4 && a <= 2 && b <= 2;
}

/**
 * Whether the candidate in `text` whose `n` digit groups `digitGroups` read last is a date, a
 * ZIP+4, an IP or an amount.
 */
function looksLikeDateOrAmount(text: string, n: number, longestGroup: number): boolean {
  const { separators: separatorCount, dots, commas, dashes, slashes } = groupMarks;
  const first = groupLengths[0]!;
  // 2020-01-31, 31.01.2020, 01-31-2020: a calendar date with the year first or last.
  if (n === 3 && isDateShape(first, groupLengths[1]!, groupLengths[2]!)) {
    if (separatorCount > 0 && dots + dashes + slashes === separatorCount) {
      const a = groupValue(text, 0);
      const b = groupValue(text, 1);
      const c = groupValue(text, 2);
      if (first === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
      return (a <= 31 && b <= 12) || (a <= 12 && b <= 31);
    }
  }
  // 2000-04-16 11:34(:35)
  if ((n === 5 || n === 6) && isDateTimeShape(n)) return true;
  // ZIP+4, Brazilian CEP, Portuguese postcodes.
  if (n === 2 && separatorCount === 1 && dashes === 1) {
    const b = groupLengths[1]!;
    if ((first === 5 && (b === 4 || b === 3)) || (first === 4 && b === 3)) return true;
  }
  // Dotted quads are IP addresses, not phone numbers.
  const quad = n === 4 && separatorCount === 3 && dots === 3;
  if (quad && longestGroup <= 3) return true;
  // 1 000 000 and 12.500.000: thousands grouping.
  if (n >= 3 && first <= 3 && isThousandsShape(n)) {
    return separatorCount === n - 1 && (dots === n - 1 || commas === n - 1);
  }
  return false;
}

/**
 * "1.2.3.4567", "10.2.1.3345", "120.0.6099.109": groups joined by dots alone, one of them after
 * the first a single digit, are a version or build number. Written phone numbers with dots have
 * a single-digit group only in front (a trunk or country digit: "1.800.555.0199"; after a "+",
 * "+33 1.23.45.67.89", the number is international and not checked here).
 */
function isVersionShape(n: number): boolean {
  if (n < 3 || !groupMarks.digitsAndDots) return false;
  for (let g = 1; g < n; g++) if (groupLengths[g] === 1) return true;
  return false;
}

/**
 * "0,123456789", "1.234,567891": a digit run right after the comma of a number written with a
 * decimal comma, a lone "0" or a dot-grouped integer part before it, is that number's fraction.
 * Other digits before a comma may be a cell of a comma-separated row ("17,4155552671"), where the
 * number after it is read as usual.
 */
function afterDecimalComma(text: string, start: number, n: number): boolean {
  if (n !== 1 || start < 2 || text.charCodeAt(start - 1) !== 44) return false;
  let i = start - 2;
  while (i >= 0 && isDigitCode(text.charCodeAt(i))) i--;
  const integerDigits = start - 2 - i;
  if (integerDigits === 0) return false;
  // What precedes the integer part: nothing or a non-digit that is no cell separator, for "0,".
  const before = i >= 0 ? text.charCodeAt(i) : 32;
  if (integerDigits === 1 && text.charCodeAt(start - 2) === 48) return before !== 44 && before !== 46;
  // A thousands group after a dot: "1.234,5…", "12.345.678,9…".
  return integerDigits === 3 && before === 46 && i > 0 && isDigitCode(text.charCodeAt(i - 1));
}

/** The widest span of a range read as such (`isNarrowRange`): "1024-1030", "1990-2020". */
const NARROW_RANGE = 1000;

/**
 * Whether the two digit groups of a candidate are a range: the same length, joined by one
 * hyphen, the second above the first by less than `NARROW_RANGE`.
 */
function isNarrowRange(text: string): boolean {
  const length = groupLengths[0]!;
  if (groupLengths[1] !== length || groupStarts[1] !== groupStarts[0]! + length + 1) return false;
  if (text.charCodeAt(groupStarts[1]! - 1) !== 45) return false;
  const gap = groupValue(text, 1) - groupValue(text, 0);
  return gap > 0 && gap < NARROW_RANGE;
}

// Loops rather than `every` with a closure: this runs on every phone candidate of 7-15 digits
// (about four per note), and was 2% of pattern detection's time.

/** Group lengths 4, 2, 2, ...: a date and a time of day. */
function isDateTimeShape(n: number): boolean {
  if (groupLengths[0] !== 4) return false;
  for (let i = 1; i < n; i++) if (groupLengths[i] !== 2) return false;
  return true;
}

/** Every group after the first three digits long. */
function isThousandsShape(n: number): boolean {
  for (let i = 1; i < n; i++) if (groupLengths[i] !== 3) return false;
  return true;
}

/** The regions a national number is checked in: all of them, or the first few (`BARE_NUMBER_REGIONS`). */
interface PhonePlans {
  all: readonly CountryCode[];
  bare: readonly CountryCode[];
}

export interface PhoneRecognizerOptions {
  /** Regions for numbers written without "+", in order; default `DEFAULT_PHONE_REGIONS`. */
  regions?: readonly CountryCode[];
}

/**
 * What `digitCount` saw besides the digits, in the same pass (`refinePhone` searched the match's
 * string for each of these again): a "+" or "00", which an international number starts with,
 * and an "x" or "X", which an extension needs.
 */
let dialMark = false;
let extensionMark = false;

/**
 * ASCII digits in `text[start, end)`. Read from the note, not from the match's string: a match
 * of 13 code units or more is a slice of the note, which every `charCodeAt` unwraps (this count
 * was a third of the refinement's time on candidates of five digits or more). Sets `dialMark`
 * and `extensionMark`.
 */
function digitCount(text: string, start: number, end: number): number {
  let n = 0;
  let dial = false;
  let extension = false;
  let zero = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      n++;
      if (c !== 48) zero = false;
      else if (zero) dial = true;
      else zero = true;
      continue;
    }
    zero = false;
    if (c === 43) dial = true;
    else if (c === 120 || c === 88) extension = true;
  }
  dialMark = dial;
  extensionMark = extension;
  return n;
}

/** True when `text[from, to)` contains the character `code`. */
function containsCode(text: string, code: number, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === code) return true;
  }
  return false;
}

/** An ASCII letter (false beyond either end of the text: `codeAt`'s -1, or NaN). */
function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whether `text[at]` is a slash with a digit beyond it, `step` (-1 or 1) away. */
function slashAfterDigit(text: string, at: number, step: number): boolean {
  return codeAt(text, at) === 47 && isDigitCode(codeAt(text, at + step));
}

/** The fewest digits beyond a slash that make it a separator (`numberBeyond`). */
const WHOLE_NUMBER_DIGITS = 7;

/**
 * Whether the digit groups beyond the slash at `slash`, read `step` (-1 or 1) away from it, hold
 * a whole number's digits (`WHOLE_NUMBER_DIGITS`): a phone number glued to another value by a
 * slash ("4155552671/4155552672", "(415) 555-2671/415-555-2671", "+44 20 7946 0958/4111…"),
 * which the area-code reading dropped or cut (round 12: "0958" was left in clear). An area code
 * ("030/1234567") or the tail of a date or fraction holds fewer. The groups are digits joined by
 * what a written number joins them with (space, dot, dash, brackets, "+"), 24 code units at most.
 */
function numberBeyond(text: string, slash: number, step: number): boolean {
  let digits = 0;
  for (let i = slash + step, n = 0; n < 24; i += step, n++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      if (++digits >= WHOLE_NUMBER_DIGITS) return true;
    } else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41 && c !== 43) {
      return false;
    }
  }
  return false;
}

/** The fewest and most digits of a national number with its trunk prefix (`trunkLine`). */
const TRUNK_LINE_DIGITS = [8, 12] as const;

/**
 * Whether two digit groups joined by a space ("07911 123456", "030 12345678", "06 12345678",
 * "01 5123456") are a national number written with its trunk prefix: the first group starts
 * with a single "0" (a house and street number, an amount or a year rarely does), 8-12 digits
 * in all, and the whole is a fixed-line or mobile number in one of the default regions' plans
 * (`subscriberRegionIn`; toll-free and other service numbers are left to a context word).
 * Round 13: these were left in clear without a context word, 64 of 798 texts of a sweep of
 * written numbers. The plans of Germany and Austria take almost any digits after a "0", so the
 * trunk prefix is most of the evidence: 99-100% of random such pairs pass.
 *
 * Without a trunk prefix, only the two shapes in which mobile numbers are written without one
 * count (`mobileShape`): a plan check alone passes about 60% of random pairs of 10 digits.
 */
function trunkLine(text: string, start: number, end: number, digits: number, regions: readonly CountryCode[]): boolean {
  if (digits < TRUNK_LINE_DIGITS[0] || digits > TRUNK_LINE_DIGITS[1]) return false;
  // A quantity or an amount: "01067 123456 Stück", "0800 1234567 EUR" (found by round 13's
  // verification pass; a number written with its unit is no phone number).
  UNIT_AFTER.lastIndex = end;
  if (UNIT_AFTER.test(text)) return false;
  const first = text.charCodeAt(start);
  if (first !== 48) return digits === 10 && mobileShape(text, start, end, first, regions);
  if (text.charCodeAt(start + 1) === 48) return false;
  return subscriberRegionIn(text, start, end, regions) !== null;
}

/** A unit or currency right after a number (one space or none), ending there. */
const UNIT_AFTER = /[ \u00a0]?(?:st(?:ü|ue)ck|stk\.?|pcs|pieces|units?|items?|kg|eur|euro|€|usd|chf|gbp|\$|£)(?![\p{L}\p{N}])/iuy;

/** Regions whose mobile numbers are written in two groups without a trunk prefix (`mobileShape`). */
const ITALY: readonly CountryCode[] = ['IT'];
const INDIA: readonly CountryCode[] = ['IN'];

/**
 * Ten digits in two groups that are a mobile number as its country writes it without a trunk
 * prefix: Italy's "347 1234567" (3 + 7 digits, starting with 3) and India's "98765 43210"
 * (5 + 5), when the region is among the default ones and its plan takes the number as a mobile
 * one (libphonenumber's MOBILE, not FIXED_LINE_OR_MOBILE).
 */
function mobileShape(text: string, start: number, end: number, first: number, regions: readonly CountryCode[]): boolean {
  const head = groupLengths[0];
  if (head === 3 && first === 51 && regions.includes('IT')) {
    return subscriberRegionIn(text, start, end, ITALY, true) !== null;
  }
  if (head === 5 && regions.includes('IN')) return subscriberRegionIn(text, start, end, INDIA, true) !== null;
  return false;
}

/** " x12", "ext.12", "EXT 4" at the end of a candidate. */
const EXTENSION = /\s?(?:x|ext\.?)\s?\d{1,6}$/i;

function refinePhone(
  m: PatternMatch,
  plans: PhonePlans,
): Refinement | null {
  // The pattern proposes every short digit group ("19", "2-4"); fewer than five digits in the
  // whole match can never reach the length check below (trimming only removes characters), so
  // those are dropped before the string work. About half of all matches in support notes.
  const count = digitCount(m.text, m.start, m.end);
  if (count < 5) return null;
  const dial = dialMark;
  const extension = extensionMark;
  // Trimming keeps every digit, and only an extension (which needs an "x") removes any, so the
  // digit bounds below can be applied to the whole match first: 5-6 digits with neither "+" nor
  // "00" (which an international number starts with), or more than 15 digits and no "x", are
  // dropped there anyway. A fifth of all matches ("344548", long digit strings) skip the string
  // work.
  if (count < 7 && !dial) return null;
  if (count > 15 && !extension) return null;
  const text = m.text;
  let start = m.start;
  let end = m.end;
  while (end > start) {
    const last = text.charCodeAt(end - 1);
    if (!isSeparatorCode(last) && last !== 40) break;
    end--;
  }
  while (start < end && isSeparatorCode(text.charCodeAt(start))) start++;
  // An opening bracket the candidate never closes belongs to the sentence.
  if (text.charCodeAt(start) === 40 && !containsCode(text, 41, start, end)) start++;
  if (text.charCodeAt(end - 1) === 41 && !containsCode(text, 40, start, end)) end--;
  // "788-063-Office" (a label glued with a hyphen) still ends the number; digits or hex after
  // the hyphen would make it part of a longer identifier.
  const labelAfter = codeAt(text, end) === 45 && /^\p{L}{2}/u.test(text.slice(end + 1, end + 3));
  if (gluedBefore(text, start, 'separates') || (gluedAfter(text, end, 'separates') && !labelAfter)) {
    return null;
  }
  // A slash between digits separates validated numbers (boundary.ts), but digits before one are
  // an area code ("415/555-2671", which the 'slash' pattern reads whole with a context word).
  // A number that opens with "+" brings its own country code, so a slash before it only
  // separates ("+14155552671/+14155552672"); so does a slash with a whole number on its other
  // side (`numberBeyond`), which no area code or local part is.
  const areaBefore = text.charCodeAt(start) !== 43 && slashAfterDigit(text, start - 1, -1);
  if (areaBefore && !numberBeyond(text, start - 1, -1)) return null;
  if (slashAfterDigit(text, end, 1) && !numberBeyond(text, end, 1)) return null;
  // A hyphen after a letter too, but a phone number's plan accepts most digit runs, and such
  // runs are the tail of references far more often ("ORD-2024-845026", "T-00000055").
  if (codeAt(text, start - 1) === 45 && isLetterCode(codeAt(text, start - 2))) return null;

  // An extension needs an "x" (also in "ext"); trimming removed none, so the match tells.
  let numberEnd = end;
  if (extension) {
    const extension = EXTENSION.exec(text.slice(start, end));
    if (extension !== null) numberEnd = start + extension.index;
  }
  const n = digitGroups(text, start, numberEnd);
  if (n < 0) return null;
  let digits = 0;
  let longestGroup = 0;
  for (let g = 0; g < n; g++) {
    const length = groupLengths[g]!;
    digits += length;
    if (length > longestGroup) longestGroup = length;
  }
  const first = text.charCodeAt(start);
  const dialPrefix = first === 48 && numberEnd - start >= 2 && text.charCodeAt(start + 1) === 48;
  // "(+44) 7700 900123": the country code in brackets is the number's own.
  const bracketPlus = first === 40 && text.charCodeAt(start + 1) === 43;
  const international = first === 43 || dialPrefix || bracketPlus;
  // Some short international numbers exist (Iran's "+98 9601" service numbers): with a "+" a
  // valid plan is evidence enough from five digits on.
  if (digits < (international ? 5 : 7) || digits > 15) return null;
  if (looksLikeDateOrAmount(text, n, longestGroup)) return null;
  if (!international && isVersionShape(n)) return null;

  const brackets = groupMarks.bracket;
  const punctuated = groupMarks.punctuated;
  const formatted = n >= 2 || brackets;
  // Two groups split by one space ("370 3911 Fourth Avenue") are as often a house number and a
  // street number as a local phone number: they need a valid plan and context.
  const spaceOnly = n === 2 && !punctuated;
  const wellFormed = formatted && !spaceOnly && n <= 6 && longestGroup <= 5;

  // libphonenumber costs 20-130 us per call here, more than everything else in a sentence, so
  // it runs only where its answer changes the outcome: "+" numbers, bare digit runs and
  // two-group numbers. A well-formed national number is reported on its shape alone.
  // "1024-1030", "1990-2020": two groups of one length joined by a hyphen, the second a little
  // above the first, are a range of pages or years far more often than a phone number (round
  // 12: they were PHONE_NUMBER); they need a context word.
  if (!international && n === 2 && isNarrowRange(text)) {
    return { start, end, score: 0.3, validator: 'none' };
  }
  if (wellFormed && !international) return { start, end, score: 0.6, validator: 'none' };
  // Without a plan check these stay below the threshold unless a context word lifts them; with a
  // trunk prefix and a subscriber's line in a default region's plan they stand on their own
  // (`trunkLine`).
  if (spaceOnly && !international) {
    if (trunkLine(text, start, numberEnd, digits, plans.all)) return { start, end, score: 0.55, validator: 'passed' };
    return { start, end, score: 0.3, validator: 'none' };
  }
  // "0.123456789", "1234567.89", "51.5073509": two groups joined by one dot, one of them longer
  // than a written phone number's groups, are a decimal number as often as a phone number; they
  // need a context word ("tel. 030.12345678").
  if (
    n === 2 &&
    !international &&
    !brackets &&
    longestGroup > 5 &&
    groupStarts[1]! === groupStarts[0]! + groupLengths[0]! + 1 &&
    text.charCodeAt(groupStarts[1]! - 1) === 46
  ) {
    return { start, end, score: 0.3, validator: 'none' };
  }
  // Like it, a fraction after a decimal comma ("0,123456789") needs a context word.
  if (!international && afterDecimalComma(text, start, n)) return { start, end, score: 0.3, validator: 'none' };
  if (!international && (digits < 9 || digits > 11)) return { start, end, score: 0.2, validator: 'none' };
  // A bare ten-digit run starting with "1" is a Unix time in seconds (2001-2033) far more often
  // than a national number of the default regions, none of which starts so (round 12: they were
  // PHONE_NUMBER); it needs a context word.
  if (!international && n === 1 && digits === 10 && first === 49) {
    return { start, end, score: 0.3, validator: 'none' };
  }

  const region = international
    ? phoneRegionIn(text, dialPrefix ? start + 2 : bracketPlus ? start + 1 : start, numberEnd, dialPrefix)
    : phoneRegionIn(text, start, numberEnd, false, plans.bare);
  let score: number;
  if (region !== null) score = international ? 0.9 : 0.55;
  else score = international && digits >= 7 ? 0.6 : 0.2;
  return { start, end, score, validator: region !== null ? 'passed' : 'failed' };
}

/** The score from which a front part of a match is taken for the whole (`refineFront`). */
const FRONT_SCORE = 0.5;

/**
 * A match that `refinePhone` dropped or scored low may have run on over a space into the next
 * value ("415-555-2671 415-555-2672", "+44 20 7946 0958 2024", "4155552671 123-45-6789"): its
 * front part ending before a space that `refinePhone` scores highest, at least `FRONT_SCORE`
 * (the shortest of equals: "415-555-2671 415" is well formed too), or null. The scan goes on
 * after it (`rescan`), so the next value is read on its own. A front of two or more groups
 * joined by spaces alone is taken only when it fits a numbering plan of the default regions
 * ("415 555 2671 415 555 2672"): its shape alone does not say where a run of such groups
 * ("1234 5678 9012 3456", a reference) ends, and a plan check fails most random cuts.
 */
function refineFront(m: PatternMatch, plans: PhonePlans): Refinement | null {
  const text = m.text;
  const first = text.charCodeAt(m.start);
  let marked = first === 43 || first === 40 || (first === 48 && text.charCodeAt(m.start + 1) === 48);
  let spaced = false;
  let digits = isDigitCode(first) ? 1 : 0;
  let best: Refinement | null = null;
  for (let cut = m.start + 1; cut < m.end; cut++) {
    const c = text.charCodeAt(cut);
    if (isDigitCode(c)) digits++;
    if (c === 45 || c === 46 || c === 40 || c === 41) marked = true;
    if (c !== 32 || !isDigitCode(text.charCodeAt(cut - 1))) continue;
    // A front of groups joined by spaces alone counts only when it fits a plan, which takes
    // 9-11 digits: the others are not refined at all.
    const planOnly = spaced && !marked;
    if (!planOnly || (digits >= 9 && digits <= 11)) {
      const value = text.slice(m.start, cut);
      const refined = refinePhone({ text, start: m.start, end: cut, value, pattern: m.pattern }, plans);
      if (refined !== null && refined.score >= FRONT_SCORE && (best === null || refined.score > best.score)) {
        if (!planOnly) best = refined;
        else if (fitsPlan(text, refined, plans.bare)) best = { ...refined, validator: 'passed' };
      }
    }
    spaced = true;
  }
  return best;
}

/** Whether a national candidate's digits fit the plan of one of the bare-number regions. */
function fitsPlan(text: string, refined: Refinement, regions: readonly CountryCode[]): boolean {
  return phoneRegionIn(text, refined.start, refined.end, false, regions) !== null;
}

/**
 * A match that `refinePhone` dropped or scored low and that opens with a short bare number
 * ("3 4155552671", a quantity or room column before the phone number) or with a card number
 * written in groups ("4111 1111 1111 1111 415 555 2671", which the card recognizer reports): its
 * part after that number, when `refinePhone` scores it at least `FRONT_SCORE`, or null.
 */
function refineBack(m: PatternMatch, plans: PhonePlans): Refinement | null {
  const text = m.text;
  // The match may open with the space before the number.
  const first = text.charCodeAt(m.start) === 32 ? m.start + 1 : m.start;
  let cut = first;
  while (cut < m.end && isDigitCode(text.charCodeAt(cut))) cut++;
  const gap = text.charCodeAt(cut);
  if (cut === first || (gap !== 32 && gap !== 9)) return null;
  if (cut - first > 3) return afterCard(m, first, plans);
  return refineRest(m, cut + 1, plans);
}

/** `refinePhone` of the match's part from `from` on, when it scores at least `FRONT_SCORE`. */
function refineRest(m: PatternMatch, from: number, plans: PhonePlans): Refinement | null {
  const value = m.text.slice(from, m.end);
  const refined = refinePhone({ text: m.text, start: from, end: m.end, value, pattern: m.pattern }, plans);
  return refined !== null && refined.score >= FRONT_SCORE ? refined : null;
}

/**
 * The part of a match of groups joined by spaces after a card number that opens it (12-19
 * digits that `isValidCreditCard` accepts), when `refinePhone` scores it at least `FRONT_SCORE`.
 */
function afterCard(m: PatternMatch, first: number, plans: PhonePlans): Refinement | null {
  const text = m.text;
  let digits = 0;
  for (let i = first; i < m.end && digits <= 19; i++) {
    const c = text.charCodeAt(i);
    if (isDigitCode(c)) {
      digits++;
      continue;
    }
    if (c !== 32) return null;
    if (digits >= 12 && isValidCreditCard(text.slice(first, i))) return refineRest(m, i + 1, plans);
  }
  return null;
}

/**
 * The value a match's digit groups belong to when a line break splits it between two groups
 * (hard-wrapped text, see line-wrap.ts), or null: a card number (`wrappedCard`), reported as
 * CREDIT_CARD, or a "+" number that fits its country's plan read across the break and does not
 * before it ("+44 20 7946\n0958"). Only a match touching a line break is looked at.
 */
function acrossLineBreak(m: PatternMatch, plans: PhonePlans): Refinement | null {
  const text = m.text;
  // Most matches touch no line break: two reads tell (a match ends with a digit, or with an
  // extension, which ends no wrapped number; it may open with the break itself, or "+").
  const end = codeAt(text, m.end);
  if (end !== 10 && end !== 13 && !opensLine(text, m.start)) return null;
  let from = m.start;
  let to = m.end;
  while (from < to && !isDigitCode(text.charCodeAt(from))) from++;
  while (to > from && !isDigitCode(text.charCodeAt(to - 1))) to--;
  const after = codeAt(text, to);
  if (after !== 10 && after !== 13 && codeAt(text, from - 1) !== 10) return null;
  const wrap = groupsAcrossLineBreak(text, from, to);
  if (wrap === null) return null;
  if (wrappedCard(text, wrap)) {
    return { start: wrap.start, end: wrap.end, score: 1, validator: 'passed', validated: true, type: 'CREDIT_CARD' };
  }
  const plus = wrap.start - 1;
  if (text.charCodeAt(plus) !== 43 || gluedBefore(text, plus, 'separates')) return null;
  const before = text.slice(plus, wrap.breakStart);
  const front = refinePhone({ text: before, start: 0, end: before.length, value: before, pattern: m.pattern }, plans);
  if (front !== null && front.validator === 'passed') return null;
  // The number read with a space for the break, then placed back over the text.
  const joined = `${before} ${text.slice(wrap.breakEnd, wrap.end)}`;
  const whole = refinePhone({ text: joined, start: 0, end: joined.length, value: joined, pattern: m.pattern }, plans);
  if (whole === null || whole.validator !== 'passed' || gluedAfter(text, wrap.end, 'separates')) return null;
  return { ...whole, start: plus, end: wrap.end };
}

/**
 * Whether `refineFront` or `refineBack` can find a part of the match `value`: a space after its
 * first code unit (where the front ends or the back starts), or a tab after a leading space
 * (the gap `refineBack` also takes). Most matches that get here open with the space before the
 * number (" 103.107.175.102", " 2025-10-10") and hold no other: both would return null.
 */
function mayBeCut(value: string): boolean {
  return value.indexOf(' ', 1) >= 0 || (value.charCodeAt(0) === 32 && value.includes('\t'));
}

/** Whether a line break is at or right before `start` (a match may open with "\n" or "+"). */
function opensLine(text: string, start: number): boolean {
  return codeAt(text, start) === 10 || codeAt(text, start - 1) === 10;
}

/** Builds a phone recognizer for the given default regions. */
/**
 * A reference label right before a number ("order 2024-0045", "Order #100234567", "order no.
 * 7731-2290-11", "invoice: 4155552671"), with at most "no.", "number", "nr." or "id" and a ":",
 * "#", "." or "-" between: the number is that reference, not a phone number (round 12: they
 * were PHONE_NUMBER). No word can stand closer to the number, so a phone context word elsewhere
 * does not change it. Round 13's verification pass added the labels of parts, articles, builds
 * and quantities and those of German, French, Spanish and Italian business papers
 * ("Kundennummer 030 12345678", "Lieferschein 04109 553321": read as phone numbers once two
 * groups with a trunk "0" were); "Kunde" alone is no label, a customer's number may follow it.
 */
const REFERENCE_LABEL =
  /(?:^|[^\p{L}\p{N}])(?:order|invoice|inv|ticket|ref|reference|case|sku|po|tracking|booking|confirmation|receipt|rma|part|serial|sn|item|article|build|qty|quantity|kunden-?(?:nummer|nr)|vertrag|vertrags|rechnung|rechnungs|serien|mitglieds|artikel|lieferschein|sendungs|sendung|auftrag|auftrags|vorgang|vorgangs|bestell|bestellung|charge|los|menge|bestand|preis|facture|commande|dossier|pedido|factura|referencia|expediente|ordine|fattura|riferimento|pratica)(?:[ .\-]?(?:no|nr|num|number|id|nummer|numéro|número|numero)\.?)?[\s:#.\-]*$/iu;

/**
 * The label of another identifier right before a number ("EIN 12-3456789", "passport no.
 * 533380006", "BSN 111222333", "Steuer-ID: 65929970489"), joined to it as `REFERENCE_LABEL` is,
 * or by a quote or "=" (`"Steuer-ID":"…"`). The group names the identifier (`LABELLED_IDS`).
 * Only words of the identifiers' English context lists, which every analyzer reads: a label
 * from another language's list ("Reisepass") would block the phone reading in an analyzer
 * that does not lift the identifier with it, and leave the number in clear.
 */
const IDENTIFIER_LABEL =
  /(?:^|[^\p{L}\p{N}])(passport|f?ein|bsn|burgerservicenummer|steuer-?id|steueridentifikationsnummer|idnr)(?:[ .]?(?:no|nr|num|number|id|nummer)\.?)?["'\s:#.=\-]*$/iu;

/**
 * Per label of `IDENTIFIER_LABEL`, what its recognizer reports once the label lifts it over the
 * threshold: the number's shape as that recognizer's pattern writes it, and its check. Only such
 * a number is left to that recognizer (round 13: they were PHONE_NUMBER, the identifiers' context
 * scores tying with or below a plan check's 0.55); one that fails the check is still read as a
 * phone number, so nothing labelled is left in clear.
 */
const LABELLED_IDS: ReadonlyArray<[RegExp, RegExp, (value: string) => boolean]> = [
  [/^passport$/, /^\d{9}$/, () => true],
  [/^f?ein$/, /^\d{2}-?\d{7}$/, isValidUsEin],
  [/^(?:bsn|burgerservicenummer)$/, /^(?:\d{4}\.\d{2}\.\d{3}|\d{9})$/, isValidNlBsn],
  [/^(?:steuer-?id|steueridentifikationsnummer|idnr)$/, /^\d{2} ?\d{3} ?\d{3} ?\d{3}$/, isValidDeTaxId],
];

/**
 * Whether a reference label (`REFERENCE_LABEL`) ends right before `start`, or the label of
 * another identifier whose recognizer reports `text[start, end)` (`LABELLED_IDS`). Only the 32
 * code units before `start` are read.
 */
function afterOtherLabel(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && (isLabelJoiner(text.charCodeAt(i)) || isQuoteOrEquals(text.charCodeAt(i)))) i--;
  // Most numbers have no letter before their separators: no slice for them.
  if (i < 0 || !isLetterCode(text.charCodeAt(i))) return false;
  const before = text.slice(Math.max(0, start - 32), start);
  if (REFERENCE_LABEL.test(before)) return true;
  const label = IDENTIFIER_LABEL.exec(before);
  if (label === null) return false;
  const word = label[1]!.toLowerCase();
  // Those recognizers take a number standing alone only: one glued to a word character after it
  // ("passport 533380006_x") stays a phone number here, or nothing would report it.
  const next = text.charCodeAt(end);
  if (next === 95 || isLetterCode(next) || (next >= 48 && next <= 57)) return false;
  const value = text.slice(start, end);
  for (const [names, shape, check] of LABELLED_IDS) {
    if (names.test(word)) return shape.test(value) && check(value);
  }
  return false;
}

/** A quote or "=", which join a key to its value in JSON and key=value text. */
function isQuoteOrEquals(code: number): boolean {
  return code === 34 || code === 39 || code === 61;
}

/**
 * Whether the number at `start` is written without a country code: a number with one ("Ref: +1
 * 415 555 2671", "0044 …") is a phone number whatever label precedes it.
 */
function isNational(text: string, start: number): boolean {
  return isDigitCode(text.charCodeAt(start)) && !text.startsWith('00', start);
}

/** A space, ":", "#", "." or "-": what stands between a label and its number. */
function isLabelJoiner(code: number): boolean {
  return isSpaceCode(code) || code === 58 || code === 35 || code === 46 || code === 45;
}

export function createPhoneRecognizer(options: PhoneRecognizerOptions = {}) {
  const regions = options.regions ?? DEFAULT_PHONE_REGIONS;
  const plans: PhonePlans = { all: regions, bare: regions.slice(0, BARE_NUMBER_REGIONS) };
  return defineBuiltinRecognizer({
    name: 'phone',
    entityType: 'PHONE_NUMBER',
    otherEntityTypes: ['CREDIT_CARD'],
    patterns: [
      {
        name: 'phone',
        minDigits: 5,
        rescan: true,
        regex:
          '(?:\\+|00)?\\s?(?:\\(\\+?\\d{1,5}\\)\\s?)?\\d{1,5}(?:[ .\\-]?(?:\\(\\d{1,5}\\)|\\d{1,6})){1,7}(?:\\s?(?:[xX]|[eE][xX][tT]\\.?)\\s?\\d{1,6})?',
        score: 0.5,
      },
      {
        // "415/555-2671", "030/1234567": an area code before a slash, also with a space on
        // each side of it ("030 / 1234 5678", round 12). Dates, fractions and season ranges
        // ("2019/2020") share the shape, so these need a context word.
        name: 'slash',
        minDigits: 7,
        // A digit (or its bracket) on each side of the slash; most texts have none, and the
        // pattern, unanchored, would otherwise be tried along the whole text.
        needsAny: '/',
        needsMatch: /\d\)? ?\/\s?\d/,
        regex: '\\(?\\d{2,5}\\)? ?/\\s?\\d{3,8}(?:[ .\\-]\\d{2,5}){0,2}',
        score: 0.5,
      },
      {
        // A toll-free number spelt with letters ("1-800-FLOWERS", round 19; vanity-phone.ts).
        name: 'vanity',
        minDigits: 3,
        needsAll: '8',
        needsMatch: VANITY_GATE,
        regex: VANITY_REGEX,
        score: 0.6,
      },
    ],
    // "mob" (round 13), the abbreviation of signatures ("Mob: 347 1234567"); a one-letter "M:"
    // is no context word: "m" is also a unit and the tail of "I'm".
    context: ['phone', 'telephone', 'tel', 'mobile', 'mob', 'cell', 'call', 'fax', 'contact', 'reach', 'dial', 'whatsapp'],
    contextByLanguage: {
      de: ['telefon', 'handy', 'mobil', 'rufnummer', 'tel'],
      fr: ['téléphone', 'portable', 'tél'],
      es: ['teléfono', 'móvil', 'llamar'],
      it: ['telefono', 'cellulare'],
    },
    refine: (m) => {
      if (m.pattern.name === 'vanity') return refineVanity(m, m.pattern.score);
      const wrapped = m.pattern.name === 'phone' ? acrossLineBreak(m, plans) : null;
      if (wrapped !== null) return wrapped;
      let refined = refinePhone(m, plans);
      // A front holds five digits and a space follows it: shorter matches (most of them) have none.
      if ((refined === null || refined.score < FRONT_SCORE) && m.value.length > 6 && mayBeCut(m.value)) {
        refined = refineFront(m, plans) ?? refineBack(m, plans) ?? refined;
      }
      if (refined !== null && isNational(m.text, refined.start) && afterOtherLabel(m.text, refined.start, refined.end)) {
        return null;
      }
      if (refined === null || m.pattern.name !== 'slash') return refined;
      return { ...refined, score: Math.min(refined.score, 0.3) };
    },
  });
}

export const phoneRecognizer = createPhoneRecognizer();
