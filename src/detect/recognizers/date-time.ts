/**
 * DATE_TIME: ISO 8601 dates and timestamps, numeric dates (month/day/year, day.month.year and
 * year/month/day), dates with month names in English, German, French, Spanish, Italian and
 * Portuguese (also
 * between separators: "14-Mar-1985"), times of day, weekdays and years. Numeric forms must name
 * a real calendar date. A bare year is weak evidence on its own (it is also a quantity or a
 * house number) and scores at the threshold; a compact "19850314" and a dotted "2024.12.05"
 * score below it and need a date word near them.
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { MONTH_WORDS, monthOf } from '../month-names.js';
import { isRealDate } from '../validators/dates.js';
import { byFirstLetter } from './alternation.js';
import { isAlnumCode, standsAlone } from './boundary.js';
import { jointGate } from './joint-gate.js';

export { MONTH_WORDS };

/**
 * The abbreviations added in round 19, without their full stop. English writes the month
 * before the day ("Mar 14"), the other four languages after it, so one of these before a day is
 * a month only with a year after the day ("Okt 5, 2024"): "AVR 8", "MRZ 2" (a chip, a
 * passport's machine-readable zone) are no dates.
 */
const ADDED_ABBREVIATIONS = new Set([
  'janv', 'ene', 'gen', 'févr', 'fév', 'fevr', 'fev', 'mär', 'mrz', 'avr', 'abr', 'mag', 'giu',
  'juil', 'lug', 'ago', 'set', 'okt', 'ott', 'dez', 'déc', 'dic',
]);

/**
 * Those of them that are also words of prose or trade ("set 5", "gen 2", "a mag 5 quake",
 * "5 lug nuts", "OTT 2024"), with the Spanish and Italian "ago", "dic", "ene" and "giu", which
 * chat and names hold too: a month only between a day and a year of 1900-2099 (or one written
 * '24), never with a day or a year alone.
 */
const WORD_LIKE_ABBREVIATIONS = new Set([
  'set', 'gen', 'mag', 'ago', 'dic', 'ene', 'lug', 'giu', 'ott',
]);

/**
 * Regex sources of `names`, longest first: an alternation takes the first alternative that
 * matches, so "mar" listed before "mars" would match the start of "14 mars 1985", and the
 * refinement would then drop that match as glued to the "s" (and the day with it).
 */
function longestFirst(names: readonly string[]): string[] {
  const length = (name: string) => name.replace('.', '').length;
  return [...names]
    .sort((a, b) => length(b) - length(a))
    .map((name) => (name.endsWith('.') ? `${name.slice(0, -1)}\\.?` : name));
}

const MONTH_NAMES = longestFirst(MONTH_WORDS.flat());
/** Weekday names: English, then (in the weekday pattern only) German, French, Spanish, Italian. */
export const WEEKDAY_NAMES = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
];
export const OTHER_WEEKDAY_NAMES = [
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo',
  'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica',
];

const MONTHS = byFirstLetter(MONTH_NAMES);
const WEEKDAYS = byFirstLetter(longestFirst(WEEKDAY_NAMES));
// Every word-based pattern holds a month or weekday name: one scan per text finds them all,
// and those patterns run only on windows around what it found (`near.finder`; a name that
// starts inside a found one lies in that one's window). The `after` margins below count from
// the start of the name, the longest of which has 10 code units.
// A round-19 abbreviation is found only after no letter or digit: "gen", "ene", "set" and "ott"
// lie inside "general", "scene", "asset" and "bottle", and were most of the finder's hits on the
// tickets corpus (7.7k -> 12.7k on its 4,000 records; 7.7k -> 7.9k with this look-behind). No
// pattern takes one glued so: a day or a separator stands before it, or the refinement drops
// the match (`gluedName`).
const ALL_NAMES = longestFirst([...MONTH_WORDS.flat(), ...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES]);
const FOUND_NAMES = ALL_NAMES.map((name) => {
  if (!ADDED_ABBREVIATIONS.has(name.replace('\\.?', ''))) return name;
  return `${name[0]}(?<![\\p{L}\\p{N}]${name[0]})${name.slice(1)}`;
});
const NAME_FINDER = new RegExp(byFirstLetter(FOUND_NAMES), 'giu');
// Every name holds an ASCII vowel but "märz" and "mär", which hold an "ä", "mrz", which holds
// an "m", and "déc", which holds an "é" (round 19: "12 MRZ 2024" and "12 DÉC 2024" hold no
// vowel), and case-insensitively only their other case matches these (the Kelvin sign and the
// long s fold onto consonants, and nothing onto "m" or "é"): a gate
// for the name patterns that shuts out timestamps and ids ("2024-02-25T08:00:00Z",
// "T-00000000"), which passed a gate of all letters and cost a scan of the finder each (the
// finder's scans of the tickets' short fields 12.9k -> 12.1k instructions a record, callgrind).
const NAME_VOWELS = 'aeiouAEIOUäÄéÉmM';
// Seconds may carry a fraction ("10:22:33.123", as logs write them): without it the "." and
// the digits after the seconds glued the match to them, and the date before it was dropped too.
// A zone after the time: "Z", "+01:00", "-0500", " UTC", " GMT" ("10:22:33Z" was glued to its "Z").
const TIME =
  '\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,12})?)?(?:\\s?(?:[aApP][mM]|[aApP]\\.[mM]\\.))?(?:Z|[+-]\\d{2}:?\\d{2}|\\s?(?:UTC|GMT))?';
/** A two-digit year after an apostrophe, straight or typographic ('78, ’85). */
const SHORT_YEAR = "['’]\\d{2}(?!\\d)";

/**
 * The numbers written in the runs of ASCII digits of `value`, in order (what splitting on
 * non-digits would give, without the lists; every run the patterns match has at most 12 digits,
 * so each number is exact).
 */
function numbersIn(value: string): number[] {
  const numbers: number[] = [];
  let n = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n = (n < 0 ? 0 : n * 10) + (c - 48);
    else if (n >= 0) {
      numbers.push(n);
      n = -1;
    }
  }
  if (n >= 0) numbers.push(n);
  return numbers;
}

function isDigitAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The rest of a fraction of a second longer than the pattern's 12 digits, and its zone. */
const FRACTION_REST = /\d+(?:Z|[+-]\d{2}:?\d{2})?/y;

/**
 * End of an ISO match, taken past the digits of a fraction of a second that go on beyond the
 * 12 the pattern reads ("16.4155552671234"): the span covers them rather than the match being
 * dropped as glued to them.
 */
function isoEnd(m: PatternMatch): number {
  const { text, end } = m;
  if (!isDigitAt(text, end)) return end;
  let i = end - 1;
  while (i > m.start && isDigitAt(text, i)) i--;
  if (text.charCodeAt(i) !== 46 || end - i - 1 < 12) return end;
  FRACTION_REST.lastIndex = end;
  return FRACTION_REST.test(text) ? FRACTION_REST.lastIndex : end;
}

function numericDate(m: PatternMatch): Refinement | null {
  const end = m.pattern.name === 'iso' ? isoEnd(m) : m.end;
  // A whole calendar date is itself however it is prefixed ("dob_14/03/1985", "created_2024-03-14"):
  // an underscore separates it, as it does a validated number (boundary.ts); a year or a time
  // alone is weak evidence and stays glued ("user_2010").
  if (!standsAlone(m.text, m.start, end, 'separates')) return null;
  const parts = numbersIn(m.value);
  const [a, b, c] = parts as [number, number, number];
  let ok: boolean;
  if (m.pattern.name === 'iso') {
    ok = isRealDate(a, b, c);
    if (ok && parts.length >= 5) ok = parts[3]! <= 23 && parts[4]! <= 59 && (parts[5] ?? 0) <= 60;
  } else {
    const year = c < 100 ? 2000 + c : c;
    ok = isRealDate(year, a, b) || isRealDate(year, b, a);
  }
  if (!ok) return null;
  return { start: m.start, end, score: m.pattern.score, validator: 'passed', validated: m.pattern.name === 'iso' };
}

/**
 * "1985/03/14", "1985-3-14", "1985.03.14": one separator twice, a real date. A dotted one with
 * no time after it is as often a calendar version ("release 2024.12.05") as a date, so it scores
 * below the threshold and is reported only with a date word near it ("born 1985.03.14").
 */
function yearFirstDate(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end, 'separates')) return null;
  const value = m.value;
  let i = 5;
  while (isDigitAt(value, i)) i++;
  const separator = value.charCodeAt(4);
  if (value.charCodeAt(i) !== separator) return null;
  const [year, month, day] = numbersIn(value) as [number, number, number];
  if (!isRealDate(year, month, day)) return null;
  let dayEnd = i + 1;
  while (isDigitAt(value, dayEnd)) dayEnd++;
  const score = separator === 46 && dayEnd === value.length ? 0.3 : m.pattern.score;
  return { start: m.start, end: m.end, score, validator: 'passed' };
}

/**
 * "19850314": eight digits are as often an order, account or reference number as a date, so a
 * compact date scores below the threshold and is reported only with a date word near it
 * ("born 19850314", "DOB: 19850314"); it must name a real date of 1900-2099.
 */
function compactDate(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end)) return null;
  const n = Number(m.value);
  if (!isRealDate(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'passed' };
}

/**
 * "14-Mar-1985", "14.Mar.1985", "14/mars/85", "Mar-14-1985": a day, a month name and a year
 * joined by one separator twice, naming a real date (two-digit years read as 20yy). Validated,
 * so that it wins the overlap over a first name read in the month ("14-Jan-1985", "14-Mai-1985").
 */
function namedNumericDate(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end, 'separates')) return null;
  const value = m.value;
  const dayFirst = isDigitAt(value, 0);
  let yearStart = value.length;
  while (isDigitAt(value, yearStart - 1)) yearStart--;
  let first: number;
  let nameStart: number;
  let nameEnd: number;
  if (dayFirst) {
    first = 1;
    while (isDigitAt(value, first)) first++;
    nameStart = first + 1;
    nameEnd = yearStart - 1;
  } else {
    first = 0;
    while (!isDigitAt(value, first)) first++;
    nameStart = 0;
    nameEnd = first - 1;
  }
  const separator = dayFirst ? value.charCodeAt(first) : value.charCodeAt(first - 1);
  if (value.charCodeAt(yearStart - 1) !== separator) return null;
  let name = value.slice(nameStart, nameEnd).toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  const month = monthOf(name);
  const [day, shortYear] = numbersIn(value) as [number, number];
  const year = shortYear < 100 ? 2000 + shortYear : shortYear;
  if (month === undefined || !isRealDate(year, month, day)) return null;
  // A round-19 abbreviation takes a year of 1900-2099, and a word-like one between spaces a year
  // of four digits ("do 4 set 12 reps").
  if (ADDED_ABBREVIATIONS.has(name) && !isAbbreviationYear(year)) return null;
  if (ADDED_ABBREVIATIONS.has(name) && !dayFirst && gluedName(m.text, m.start)) return null;
  if (WORD_LIKE_ABBREVIATIONS.has(name) && separator === 32) {
    // Round 20: and no model number before the day ("Pixel 8 mag 2024", `modelNumberAt`).
    if (shortYear < 100 || (dayFirst && modelNumberAt(m.text, m.start))) return null;
  }
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'passed', validated: true };
}

/** Whether hours, minutes and seconds (up to a leap second) name a time of day. */
function isTimeOfDay(hours: number, minutes: number, seconds: number): boolean {
  return hours <= 23 && minutes <= 59 && seconds <= 60;
}

/**
 * "[14/Mar/1985:10:22:33 +0000]", the time stamp of Apache's and NCSA's common log format
 * (round 13: the time and zone after the date were left in clear): a real date and time of day.
 */
function logStamp(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end, 'separates')) return null;
  const value = m.value;
  const name = value.slice(value.indexOf('/') + 1, value.lastIndexOf('/')).toLowerCase();
  const month = monthOf(name.replace('.', ''));
  const [day, year, hours, minutes, seconds] = numbersIn(value) as [number, number, number, number, number];
  if (month === undefined || !isRealDate(year, month, day)) return null;
  if (!isTimeOfDay(hours, minutes, seconds)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'passed', validated: true };
}

/**
 * "20240314T102233Z", "19850314T1022": ISO 8601's basic format of a date and time (section
 * 4.3.2, as iCalendar, S3 and file names write it; round 13: not found). The "T" and the time
 * after it make the eight digits a date, which they are not on their own ('compact').
 */
function basicDateTime(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end, 'separates')) return null;
  const v = m.value;
  const year = Number(v.slice(0, 4));
  const seconds = isDigitAt(v, 13) ? Number(v.slice(13, 15)) : 0;
  if (!isRealDate(year, Number(v.slice(4, 6)), Number(v.slice(6, 8)))) return null;
  if (!isTimeOfDay(Number(v.slice(9, 11)), Number(v.slice(11, 13)), seconds)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'passed', validated: true };
}

/** A letter of any script, and runs of them: the words of a match. */
const LETTER_RUN = /\p{L}+/gu;

/**
 * The first month name in [from, to) of `text`, lower case and without its full stop, and where
 * it starts; -1 for none.
 */
function monthNameIn(text: string, from: number, to: number): [string, number] {
  LETTER_RUN.lastIndex = from;
  let run = LETTER_RUN.exec(text);
  while (run !== null && run.index < to) {
    const name = run[0].toLowerCase();
    if (monthOf(name) !== undefined) return [name, run.index];
    run = LETTER_RUN.exec(text);
  }
  return ['', -1];
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * Whether a round-19 abbreviation at `at` is glued to a letter or digit (a whole code point, as
 * the finder's look-behind reads it) before it: "agen 5, 2024" names no month.
 */
function gluedName(text: string, at: number): boolean {
  if (at === 0) return false;
  let from = at - 1;
  const low = text.charCodeAt(from);
  if (low >= 0xdc00 && low <= 0xdfff && from > 0) {
    const high = text.charCodeAt(from - 1);
    if (high >= 0xd800 && high <= 0xdbff) from--;
  }
  return LETTER_OR_DIGIT.test(text.slice(from, at));
}

/** A year after the day: "5, 2024", "5th 2024", "5 '24" (the day the first digits of `value`). */
const YEAR_AFTER_DAY = /^\D*(\d{1,2})(?:st|nd|rd|th)?,?\s(?:(\d{4})|['’](\d{2}))(?!\d)/i;
/** A year after the month of a day-first match: "12. Okt. 2024", "3 de ago. de 2024". */
const YEAR_AT_END = /^(\d{1,2})\D*?(?:(\d{4})|['’](\d{2}))$/;

/** A year of four digits that a date with a round-19 abbreviation may name. */
function isAbbreviationYear(year: number): boolean {
  return year >= 1900 && year <= 2099;
}

/** The abbreviations whose full stop is optional ("mär", "jan", "févr"), without it. */
const ABBREVIATED = new Set(
  MONTH_WORDS.flat()
    .filter((name) => name.endsWith('.'))
    .map((name) => name.slice(0, -1)),
);

const SPACE = /\s/;

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Whether the number at `day` reads as a model number: after a short code of letters and digits
 * that starts with a letter ("Core i7 12 gen 2022", "RTX4090 8 set 2024"), with one to three
 * spaces or tabs between them. Asked for a word-like abbreviation after the day only: "gen",
 * "mag" and "set" of English prose are a generation, a magazine and a set there. A first cut
 * also took any capitalized word for a model's name ("Pixel 8 mag 2024") and left real dates
 * after a name or a label with their day and month in clear ("Mario Rossi 12 gen 1980", "DOB 12
 * gen 1980"; round 20's verification pass); a longer code, digits alone, a time or an address
 * before the day count for nothing.
 */
function modelNumberAt(text: string, day: number): boolean {
  // At most three spaces or tabs back: a hostile run of them costs no scan.
  let i = day;
  while (i > 0 && day - i < 3 && isSpaceOrTab(text.charCodeAt(i - 1))) i--;
  if (i === day || i === 0 || !isAlnumCode(text.charCodeAt(i - 1))) return false;
  // The word before, at most 9 code units of it: a code is 2-8 long and starts a word.
  const word = MODEL_CODE.exec(text.slice(Math.max(0, i - 9), i))?.[0];
  return word !== undefined;
}

/** A model's code at a word's start: a letter, then letters and digits with a digit (2-8 long). */
const MODEL_CODE = /(?:^|[^\p{L}\p{N}])(?=[\p{L}\p{N}]{2,8}$)\p{L}[\p{L}]*\d[\p{L}\p{N}]*$/u;

/**
 * Whether a day-month match ending at `end` of `text` ends with a year glued to the month
 * `name` other than after an abbreviation's full stop: "12 Mär.2024" is a date, "12 März2024"
 * none.
 */
function gluedYear(text: string, end: number, name: string): boolean {
  if (!isDigitAt(text, end - 1) || !isDigitAt(text, end - 4)) return false;
  const before = text.charCodeAt(end - 5);
  if (before === 46) return !ABBREVIATED.has(name);
  return !SPACE.test(text[end - 5]!);
}

function isAsciiLetter(code: number): boolean {
  return (code | 32) >= 97 && (code | 32) <= 122;
}

/** The number of the four ASCII digits at `at` of `text`, or -1. */
function fourDigitsAt(text: string, at: number): number {
  let n = 0;
  for (let i = at; i < at + 4; i++) {
    if (!isDigitAt(text, i)) return -1;
    n = n * 10 + text.charCodeAt(i) - 48;
  }
  return isDigitAt(text, at + 4) ? -1 : n;
}

/**
 * Whether the match [`from`, `end`) of `text` names a real day of `month` with a four-digit
 * year: the day is the first digits from `from` (the start of a day-month match, the end of the
 * month of a month-day one), the year the last four digits of a day-month match or the digits
 * after the day, an ordinal ending, a comma and one space of a month-day one ("Jan 14, 2024 at
 * 10:00"). Read in place, with no slice or regex match per date.
 */
function namesRealDate(
  text: string,
  from: number,
  end: number,
  month: number,
  dayFirst: boolean,
): boolean {
  let i = from;
  while (i < end && !isDigitAt(text, i)) i++;
  let day = 0;
  const dayStart = i;
  while (i < end && isDigitAt(text, i) && i - dayStart < 2) {
    day = day * 10 + text.charCodeAt(i++) - 48;
  }
  if (i === dayStart || isDigitAt(text, i)) return false;
  let year: number;
  if (dayFirst) {
    year = end - 4 >= i ? fourDigitsAt(text, end - 4) : -1;
  } else {
    // "14th", "1st": the ordinal's two letters.
    while (i < end && i - dayStart < 4 && isAsciiLetter(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 44) i++;
    year = SPACE.test(text[i] ?? '') ? fourDigitsAt(text, i + 1) : -1;
  }
  return year >= 0 && isRealDate(year, month, day);
}

/**
 * `found`, validated: a literal of the shape the other validated refinements have (a spread of
 * it made the loads of the refinements megamorphic: 657.1k instructions a note against 646.5k,
 * callgrind, 200 tickets records).
 */
function validatedDate(found: Refinement): Refinement {
  const { start, end, score } = found;
  return { start, end, score, validator: 'passed', validated: true };
}

/**
 * `found`, the refinement of a month-name match (`pattern` 'day-month', 'month-day' or
 * 'month-year'), checked against its month. A day, a month name and a year that name a real
 * date are validated, as between separators, so that a first name read in the month ("Jan",
 * "Ene", "Ott") does not take the date over (round 20: "seen 14. Jan 2024 by" and "Jan 14, 2024
 * by" were a PERSON).
 * The abbreviations added in round 19 are checked further: a year of 1900-2099, a day the
 * month has, a word-like one only between a day and a year, any of them before the day only
 * with a year after it.
 */
function withMonthName(pattern: string, found: Refinement, text: string): Refinement | null {
  const [name, at] = monthNameIn(text, found.start, found.end);
  if (at < 0) return found;
  if (pattern === 'day-month' && gluedYear(text, found.end, name)) return null;
  const month = monthOf(name)!;
  if (!ADDED_ABBREVIATIONS.has(name)) {
    if (pattern === 'month-year') return found;
    const dayFirst = pattern === 'day-month';
    const from = dayFirst ? found.start : at + name.length;
    return namesRealDate(text, from, found.end, month, dayFirst) ? validatedDate(found) : found;
  }
  if (gluedName(text, at)) return null;
  const span = text.slice(found.start, found.end);
  const wordLike = WORD_LIKE_ABBREVIATIONS.has(name);
  if (pattern === 'month-year') {
    // "AVR 2024", "MRZ 2024": a chip, a passport's machine-readable zone; in capitals and with
    // no full stop, a month only with a day ("12 MRZ 2024", "MRZ. 2024").
    if (wordLike || !isAbbreviationYear(numbersIn(span)[0]!)) return null;
    const written = text.slice(at, at + name.length);
    const acronym = /^[A-Z]+$/.test(written) && text.charCodeAt(at + name.length) !== 46;
    return acronym ? null : found;
  }
  const parts = (pattern === 'month-day' ? YEAR_AFTER_DAY : YEAR_AT_END).exec(span);
  if (parts === null) {
    // "12. Okt.": a day first and no year, as the full names are taken.
    const day = numbersIn(span)[0]!;
    return !wordLike && pattern === 'day-month' && isRealDate(2000, month, day) ? found : null;
  }
  const year = parts[2] !== undefined ? Number(parts[2]) : 2000 + Number(parts[3]);
  if (!isAbbreviationYear(year) || !isRealDate(year, month, Number(parts[1]))) return null;
  if (wordLike && !wordLikeDate(pattern, span, text, found.start)) return null;
  return validatedDate(found);
}

/**
 * Whether a word-like abbreviation between a day and a year (`span`, at `start` of `text`)
 * names a month (round 20). Before the day, only with a comma after the day ("Gen 14, 2024";
 * "I set 12 2024 goals" is a verb): Italian and Spanish write the day first. After the day,
 * with no English ordinal ("12th gen 2022" is a generation) and no model number before the day
 * (`modelNumberAt`).
 */
function wordLikeDate(pattern: string, span: string, text: string, start: number): boolean {
  if (pattern === 'month-day') return span.includes(',');
  let i = 0;
  while (isDigitAt(span, i)) i++;
  if (isAsciiLetter(span.charCodeAt(i))) return false;
  return !modelNumberAt(text, start);
}

function words(m: PatternMatch): Refinement | null {
  let end = m.end;
  while (end > m.start && (m.text[end - 1] === ',' || m.text[end - 1] === ' ')) end--;
  const before = m.start > 0 ? m.text.charCodeAt(m.start - 1) : 32;
  const after = end < m.text.length ? m.text.charCodeAt(end) : 32;
  if (isAlnumCode(before) || isAlnumCode(after)) return null;
  return { start: m.start, end, score: m.pattern.score, validator: 'none' };
}

/**
 * The labels of a card's expiry before its month and year: English, German ("gültig bis",
 * "Ablauf", "Ablaufdatum"), French ("expire fin", "date d'expiration"), Spanish ("caduca",
 * "caducidad", "vence", "vencimiento") and Italian ("scadenza", "scade"). Each ends within the
 * 24 characters the window holds before the month.
 */
const EXPIRY_LABELS = byFirstLetter([
  'exp(?:iry|ires|iration)?\\.?(?:\\s?date)?', 'valid\\s(?:thru|through|until)', 'good\\sthru',
  'g(?:ü|ue?)ltig\\sbis', 'ablauf(?:datum)?', 'expire\\sfin', 'caduca', 'caducidad', 'vence',
  'vencimiento', 'scadenza', 'scade', 'valable\\sjusqu.au',
]);

/** The month and year of a 'card-expiry' match, after its label, standing alone. */
function cardExpiry(m: PatternMatch): Refinement | null {
  if (m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
  let start = m.end;
  while (start > m.start && !isLetterOrSeparator(m.text.charCodeAt(start - 1))) start--;
  while (!isDigitAt(m.text, start)) start++;
  if (!standsAlone(m.text, start, m.end)) return null;
  return { start, end: m.end, score: m.pattern.score, validator: 'none' };
}

/** An ASCII letter, ":" or "=": what ends an expiry label before its digits. */
function isLetterOrSeparator(code: number): boolean {
  return (code | 32) >= 97 && (code | 32) <= 122 || code === 58 || code === 61;
}

function year(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end)) return null;
  // "1,999" and "$2000" are amounts, "#2010" a reference.
  const before = m.start > 0 ? m.text[m.start - 1]! : ' ';
  if ('$€£#,'.includes(before)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'none' };
}

/** Where a time of day starts after a date: ", 10:22", " at 10:22", " 10:22". */
const TIME_AFTER_DATE = /,?\s(?:at\s)?\d{1,2}:\d{2}/;

/**
 * The date of a match whose time is glued to what follows it ("14/03/1985 10:22:33Z",
 * "March 14, 1985 10:22 UTC+1"): the whole match fails, but the date before the time is a date
 * of its own and is refined without it, so the date is not lost with the time.
 */
function withoutTime(m: PatternMatch, refine: (m: PatternMatch) => Refinement | null): Refinement | null {
  const cut = TIME_AFTER_DATE.exec(m.value);
  if (cut === null || cut.index === 0) return null;
  const value = m.value.slice(0, cut.index);
  return refine({ ...m, value, end: m.start + value.length });
}

export const dateTimeRecognizer = defineBuiltinRecognizer({
  name: 'date-time',
  entityType: 'DATE_TIME',
  patterns: [
    {
      name: 'iso',
      minDigits: 8,
      needsAny: '-',
      // The date's 8 digits are one cluster; a time of day (with up to 12 digits of a fraction of
      // a second: `isoEnd` takes the span over any more) and a zone add at most 28 after it.
      near: { cluster: 8, joiners: '-', before: 0, after: 28 },
      regex: `\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,12})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?`,
      score: 0.9,
    },
    // The date is one cluster joined by "/", "." or "-"; ", 10:30:00.123456789012 p.m." adds at
    // most 28.
    { name: 'numeric', minDigits: 4, needsAny: '/.-', near: { cluster: 4, joiners: '/.-', before: 0, after: 28 }, regex: `\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})(?:,?\\s${TIME})?`, score: 0.8 },
    // Year first: the date is one cluster of 6-8 digits joined by "/", "." or "-".
    {
      name: 'year-first',
      minDigits: 6,
      needsAny: '/.-',
      // Four digits, "/" or ".", a month and the same again (or "-" and a one-digit month or
      // day, which the ISO pattern does not take): amounts, versions, IP addresses and the
      // groups of cards, phones and SSNs do not. The look-behind is tried only at a separator
      // with a digit after it (0.74 CPU-us per tickets note, 0.95 when tried at every separator,
      // most of them full stops of prose; the windows it spares cost 2).
      needsMatch: jointGate(/[/.]\d(?<=\d{4}[/.]\d)\d?[/.]\d|-\d(?<=\d{4}-\d)(?:-\d|\d-\d(?!\d))/),
      near: { cluster: 6, joiners: '/.-', before: 0, after: 28 },
      regex: `\\d{4}[/.\\-]\\d{1,2}[/.\\-]\\d{1,2}(?:,?\\s${TIME})?`,
      score: 0.8,
    },
    {
      name: 'compact',
      minDigits: 8,
      accepts: { digits: [8, 8], alone: 'both' },
      near: { digitRun: 8, before: 0, after: 0 },
      regex: '(?:19|20)\\d{6}',
      score: 0.2,
    },
    {
      // ISO 8601 basic: eight digits, "T", hours and minutes (and seconds, a fraction, a zone).
      name: 'iso-basic',
      minDigits: 12,
      needsMatch: jointGate(/\dT\d/),
      // The date's eight digits are one run; "T102233.123456789+01:00" adds at most 23.
      near: { digitRun: 8, before: 0, after: 23 },
      regex: '(?:19|20)\\d{6}T\\d{4}(?:\\d{2}(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?',
      score: 0.85,
    },
    {
      // Apache's and NCSA's common log format: "14/Mar/1985:10:22:33 +0000".
      name: 'log-stamp',
      minDigits: 9,
      needsAll: '/:',
      // "14/" before the month (3); the month (10), "/1985:10:22:33 +0000" (20) after it.
      near: { finder: NAME_FINDER, before: 3, after: 30 },
      regex: `(?i)\\d{1,2}/(?:${MONTHS})/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: ?[+-]\\d{4})?`,
      score: 0.9,
    },
    {
      name: 'day-name-year',
      minDigits: 3,
      needsAny: NAME_VOWELS,
      // "14-" before the month (3); the month (10), its full stop and "-1985" after it (6).
      near: { finder: NAME_FINDER, before: 3, after: 16 },
      regex: `(?i)\\d{1,2}[-./ ](?:${MONTHS})[-./ ](?:\\d{4}|\\d{2})`,
      score: 0.85,
    },
    {
      name: 'name-day-year',
      minDigits: 3,
      needsAny: NAME_VOWELS,
      // The month (10), its full stop and "-14-1985" (8).
      near: { finder: NAME_FINDER, before: 0, after: 19 },
      regex: `(?i)(?:${MONTHS})[-./]\\d{1,2}[-./](?:\\d{4}|\\d{2})`,
      score: 0.85,
    },
    {
      // A year written '78 (round 13: "DOB: Feb 12 '78" left "'78" in clear) is taken where a
      // four-digit one is; the apostrophe keeps "Feb 12 78 items" apart.
      name: 'month-day',
      minDigits: 1,
      needsAny: NAME_VOWELS,
      // A weekday and ",?\\s" before the month (11); the month (10), then at most 43 (a time's
      // fraction of a second takes 13 of them). Syslog pads a one-digit day with a second space
      // ("Dec  5 10:22:01"); the month alone was read as a name ("Dec", "Jan").
      near: { finder: NAME_FINDER, before: 11, after: 53 },
      regex: `(?i)(?:(?:${WEEKDAYS}),?\\s)?(?:${MONTHS})(?:\\s|[ ]{2}(?=\\d(?!\\d)))\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s(?:\\d{4}|${SHORT_YEAR}))?(?:,?\\s(?:at\\s)?${TIME})?`,
      score: 0.85,
    },
    {
      name: 'day-month',
      minDigits: 1,
      needsAny: NAME_VOWELS,
      // "31st of " before the month (8); the month (10) and ", 2024" after it (6). Spanish and
      // Portuguese join day, month and year with "de" (the year also with "del"), Italian the
      // day and month with "di", and French writes the first "1er" ("14 de marzo de 1985",
      // "3 di gennaio 2024", "1er janvier 2024"; round 12: before, only the year was found):
      // "31 del " before the month (7), " del 2024" after it (9).
      // Round 20: Spanish and Italian write the first "1º" or "1°"; German glues the month to
      // the day's full stop ("12.Mrz 2024") and the year to the abbreviation's ("12 Mär.2024");
      // up to three spaces or tabs may stand before the month ("12  Mrz 2024": the two spaces
      // made it a street), so "31st   of " before it takes 10.
      near: { finder: NAME_FINDER, before: 10, after: 19 },
      regex: `(?i)\\d{1,2}(?:(?:st|nd|rd|th|er|º|°|\\.)?\\s[ \\t]{0,2}|\\.)(?:(?:of|de|di)\\s)?(?:${MONTHS})(?:,?\\s(?:(?:del?\\s)?\\d{4}|${SHORT_YEAR})|\\d{4})?`,
      score: 0.85,
    },
    { name: 'month-year', minDigits: 4, needsAny: NAME_VOWELS, near: { finder: NAME_FINDER, before: 0, after: 15 }, regex: `(?i)(?:${MONTHS})\\s\\d{4}`, score: 0.8 },
    // Hours and minutes are one cluster joined by ":"; " p.m." adds at most 5 and a zone after
    // it 6 more ("+01:00"; "Z" and " UTC" are shorter).
    { name: 'time', minDigits: 3, needsAny: ':', near: { cluster: 3, joiners: ':', before: 0, after: 11 }, regex: TIME, score: 0.6 },
    {
      name: 'weekday',
      needsAny: NAME_VOWELS,
      near: { finder: NAME_FINDER, before: 0, after: 10 },
      regex: `(?i)(?:${byFirstLetter(longestFirst([...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES]))})`,
      score: 0.6,
    },
    {
      // A card's expiry after its label ("exp 09/26", "valid thru 09/2026", round 12: the month
      // was left in clear): month and year joined by "/", which no other date pattern reads. The
      // window is the "/"-joined cluster and the label before it (24). Its CVC is a CREDENTIAL
      // (credentials.ts).
      name: 'card-expiry',
      minDigits: 3,
      needsAll: '/',
      near: { cluster: 3, joiners: '/', before: 24, after: 0 },
      // Round 13: the labels of German, French, Spanish and Italian cards and forms too
      // ("gültig bis 12/26", "Ablauf 12/27", "caduca 08/27", "scadenza 08/27").
      regex: `(?i)(?:${EXPIRY_LABELS})\\s?[:=]?\\s?(?:0?[1-9]|1[0-2])\\s?/\\s?(?:20\\d{2}|\\d{2})`,
      score: 0.85,
    },
    {
      // A card's expiry as four digits, month first, after "exp=" or "expiry=" in a query
      // string or form (gated on the "=", which few notes hold) ("cc=…&exp=1227", round 13: left in clear).
      name: 'card-expiry-compact',
      minDigits: 4,
      needsAll: '=',
      needsMatch: /exp(?:iry|iration)?=\d{4}/i,
      regex: '(?i)exp(?:iry|iration)?=(?:0[1-9]|1[0-2])\\d{2}',
      score: 0.85,
    },
    { name: 'year', minDigits: 4, accepts: { digits: [4, 4], alone: 'both' }, near: { digitRun: 4, before: 0, after: 0 }, regex: '(?:19|20)\\d{2}', score: 0.5 },
  ],
  context: ['date', 'born', 'birth', 'dob', 'birthday', 'since', 'year', 'founded', 'established', 'until', 'time', 'expires', 'expiry'],
  refine: (m) => {
    switch (m.pattern.name) {
      case 'iso':
        return numericDate(m);
      case 'numeric':
        return numericDate(m) ?? withoutTime(m, numericDate);
      case 'year-first':
        return yearFirstDate(m) ?? withoutTime(m, yearFirstDate);
      case 'month-day':
      case 'day-month':
      case 'month-year': {
        const found = m.pattern.name === 'month-day' ? words(m) ?? withoutTime(m, words) : words(m);
        if (found === null) return null;
        return withMonthName(m.pattern.name, found, m.text);
      }
      case 'compact':
        return compactDate(m);
      case 'day-name-year':
      case 'name-day-year':
        return namedNumericDate(m);
      case 'year':
        return year(m);
      case 'card-expiry':
      case 'card-expiry-compact':
        return cardExpiry(m);
      case 'iso-basic':
        return basicDateTime(m);
      case 'log-stamp':
        return logStamp(m);
      case 'time': {
        if (!standsAlone(m.text, m.start, m.end)) return null;
        // "10:30", "10:30:00 p.m.": hours and minutes are the first two numbers.
        const [h, min] = numbersIn(m.value) as [number, number];
        if (h > 23 || min > 59) return null;
        const meridiem = /[ap]\.?m\.?$/i.test(m.value);
        return { start: m.start, end: m.end, score: meridiem ? 0.8 : 0.6, validator: 'none' };
      }
      default:
        return words(m);
    }
  },
});
