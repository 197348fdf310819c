/**
 * Parsing and re-rendering of the date forms the DATE_TIME recognizer reports, for the
 * `generalize` and `date-shift` operators and DATE_TIME surrogates. A parsed date remembers its
 * format, so a shifted date is written back the way it came in ("03/05/2024" stays M/D/Y,
 * "14-Mar-1985" stays D-Mon-Y; a month name of another language than English gives ISO); any
 * time of day that follows the date is kept as it was.
 *
 * Inputs are finding substrings (short), and every pattern is anchored with no nested
 * quantifiers, so matching is linear.
 */
import { monthOf } from '../detect/month-names.js';
import { readableValue } from './readable-value.js';

/** English month names: the ones a shifted date can be written back with. */
const ENGLISH_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A calendar date with the way to write another date in the same format. */
export interface ParsedDate {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** 1-31. */
  readonly day: number;
  /** Writes a date in the input's format, followed by the input's time-of-day suffix. */
  render(year: number, month: number, day: number): string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A two-digit year: 00-50 as 20yy, 51-99 as 19yy (a date of birth written "85" is 1985).
 * Detection validates "yy" as 20yy; the two readings agree on every leap year, so every date
 * detection accepts is read here.
 */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length > 2 ? n : n > 50 ? 1900 + n : 2000 + n;
}

function yearText(original: string, year: number): string {
  return original.length === 2 ? pad2(year % 100) : String(year);
}

/** What may follow a numeric date: a time of day with its zone or meridiem. */
const TIME_SUFFIX = /^(?:(?:T|,?[ ]+)[\d:.+\-Z apmAPM]*)?$/;

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

/**
 * Writes month `month` the way `name` (a month name of the input) is written, when `name` is
 * English: full or three letters ("Sept" for September only), its case and full stop kept.
 * Undefined for the other languages, whose dates are then written back in ISO form.
 */
function monthLike(name: string, month: number): string | undefined {
  const bare = name.replace(/\.$/, '');
  const lower = bare.toLowerCase();
  const isFull = ENGLISH_MONTHS.includes(lower) && lower.length > 3;
  const short = lower === 'sept' || ENGLISH_MONTHS.some((m) => m.slice(0, 3) === lower);
  if (!isFull && !short) return undefined;
  const full = ENGLISH_MONTHS[month - 1] as string;
  const written = isFull ? full : lower === 'sept' && month === 9 ? 'sept' : full.slice(0, 3);
  const cased =
    bare === bare.toUpperCase()
      ? written.toUpperCase()
      : bare[0] === bare[0]?.toUpperCase()
        ? written.charAt(0).toUpperCase() + written.slice(1)
        : written;
  return cased + (name.endsWith('.') ? '.' : '');
}

/** Writes a day or month two digits wide when either of them was ("03/5" -> "04/02"). */
function widthOf(month: string, day: string): (n: number) => string {
  const wide = month.length === 2 || day.length === 2;
  return (n) => (wide ? pad2(n) : String(n));
}

/** "1985-03-14", "1985/03/14", "1985.3.14", with a time of day after it. */
function yearFirst(text: string): ParsedDate | null {
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(.*)$/.exec(text);
  if (!m) return null;
  const [, y, sep, mo, d, rest] = m as unknown as [string, string, string, string, string, string];
  const year = Number(y),
    month = Number(mo),
    day = Number(d);
  if (!valid(year, month, day) || !TIME_SUFFIX.test(rest)) return null;
  const fmt = widthOf(mo, d);
  const render = (yy: number, mm: number, dd: number): string =>
    `${String(yy).padStart(4, '0')}${sep}${fmt(mm)}${sep}${fmt(dd)}${rest}`;
  return { year, month, day, render };
}

/** "19850314": a real date of 1900-2099, as detection's compact pattern takes it. */
function compact(text: string): ParsedDate | null {
  if (!/^(?:19|20)\d{6}$/.test(text)) return null;
  const year = Number(text.slice(0, 4)),
    month = Number(text.slice(4, 6)),
    day = Number(text.slice(6));
  if (!valid(year, month, day)) return null;
  return { year, month, day, render: (yy, mm, dd) => iso(yy, mm, dd).replace(/-/g, '') };
}

/**
 * "03/14/1985", "14.03.1985", "3-14-85": month first unless `dayFirst` or dotted; when that
 * reading is not a real date and the other one is ("14/03/1985"), the other one.
 */
function numeric(text: string, dayFirst: boolean): ParsedDate | null {
  const m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(.*)$/.exec(text);
  if (!m) return null;
  const [, a, sep, b, y, rest] = m as unknown as [string, string, string, string, string, string];
  if (!TIME_SUFFIX.test(rest)) return null;
  const year = fullYear(y);
  let first = sep === '.' || dayFirst;
  if (!valid(year, Number(first ? b : a), Number(first ? a : b))) first = !first;
  const day = Number(first ? a : b),
    month = Number(first ? b : a);
  if (!valid(year, month, day)) return null;
  const fmt = widthOf(a, b);
  return {
    year,
    month,
    day,
    render: (yy, mm, dd) => {
      const [p, q] = first ? [dd, mm] : [mm, dd];
      return `${fmt(p)}${sep}${fmt(q)}${sep}${yearText(y, yy)}${rest}`;
    },
  };
}

/**
 * A date of a day, a month name and a year, in the input's form when the name is English. A day
 * of two digits stays two digits between separators ("14-Mar-1985" -> "08-Apr-1985"), and in
 * prose only when it had a leading zero ("14 March" -> "8 March").
 */
function named(
  name: string,
  d: string,
  y: string,
  separated: boolean,
  write: (month: string, day: string, year: string) => string,
): ParsedDate | null {
  const month = monthOf(name.toLowerCase().replace(/\.$/, '')) ?? 0;
  const year = fullYear(y),
    day = Number(d);
  if (month === 0 || !valid(year, month, day)) return null;
  return {
    year,
    month,
    day,
    render: (yy, mm, dd) => {
      const written = monthLike(name, mm);
      if (written === undefined) return iso(yy, mm, dd);
      const wide = d.length === 2 && (separated || d[0] === '0');
      return write(written, wide ? pad2(dd) : String(dd), yearText(y, yy));
    },
  };
}

const NAME = '(\\p{L}+\\.?)';

/**
 * "14-Mar-1985", "14.Mar.1985", "14/mars/85", "14 mars 1985", "5 March, 2024", "14. März 1985",
 * "5th of March 2024": the day first.
 */
const DAY_NAME_YEAR = new RegExp(
  `^(\\d{1,2})(st|nd|rd|th|\\.)?([-./]|[ ](?:of[ ])?)${NAME}([-./]|,?[ ])(\\d{4}|\\d{2})$`,
  'iu',
);
/** "Mar-14-1985", "March 5, 2024", "Mar. 5th 2024": the month name first. */
const NAME_DAY_YEAR = new RegExp(
  `^${NAME}([-./]|[ ])(\\d{1,2})(st|nd|rd|th)?([-./]|,?[ ])(\\d{4}|\\d{2})$`,
  'iu',
);

function dayNameYear(text: string): ParsedDate | null {
  const m = DAY_NAME_YEAR.exec(text);
  if (!m) return null;
  const [, d, suffix = '', sep1, name, sep2, y] = m as unknown as [
    string, string, string | undefined, string, string, string, string,
  ];
  // Between separators the two must be the same ("14-Mar-1985", not "14-Mar/1985").
  if (sep1.length === 1 && sep1 !== ' ' && sep1 !== sep2) return null;
  const after = (day: string): string =>
    day + (/^(?:st|nd|rd|th)$/i.test(suffix) ? ordinal(Number(day)) : suffix);
  const write = (month: string, day: string, year: string): string =>
    `${after(day)}${sep1}${month}${sep2}${year}`;
  return named(name, d, y, sep1 !== ' ', write);
}

function nameDayYear(text: string): ParsedDate | null {
  const m = NAME_DAY_YEAR.exec(text);
  if (!m) return null;
  const [, name, sep1, d, suffix, sep2, y] = m as unknown as [
    string, string, string, string, string | undefined, string, string,
  ];
  if (sep1 !== ' ' && sep1 !== sep2) return null;
  return named(name, d, y, sep1 !== ' ', (month, day, year) => {
    const ord = suffix === undefined ? '' : ordinal(Number(day));
    return `${month}${sep1}${day}${ord}${sep2}${year}`;
  });
}

/**
 * Parses `value` as a date, in any numeric or month-name form the DATE_TIME recognizer reports,
 * read as detection reads it (escapes decoded, other dashes and spaces folded). `dayFirst` decides
 * ambiguous numeric dates with `/` or `-` (01/02/2024): false reads them month first (US), true
 * day first. Dotted dates (01.02.2024) are always day first. Returns null when the value is not
 * a date this parser knows.
 */
export function parseDate(value: string, dayFirst = false): ParsedDate | null {
  const text = readableValue(value).trim();
  return (
    yearFirst(text) ??
    compact(text) ??
    numeric(text, dayFirst) ??
    dayNameYear(text) ??
    nameDayYear(text)
  );
}

/** Adds `days` (possibly negative) to a calendar date, in the proleptic Gregorian calendar. */
export function addDays(
  year: number,
  month: number,
  day: number,
  days: number,
): [number, number, number] {
  const t = new Date(Date.UTC(2000, month - 1, day));
  t.setUTCFullYear(year);
  t.setUTCDate(t.getUTCDate() + days);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}
