/**
 * Parsing and re-rendering of the date formats that detectors report as DATE_TIME, for the
 * `generalize` and `date-shift` operators. A parsed date remembers its format, so a shifted date
 * is written back the way it came in ("03/05/2024" stays M/D/Y, "5 March 2024" stays D Month Y);
 * any time of day that follows the date is kept as it was.
 *
 * Inputs are finding substrings (short), and every pattern is anchored with no nested
 * quantifiers, so matching is linear.
 */

const MONTHS = [
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

function monthFromName(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return 0;
  const index = MONTHS.findIndex(
    (m) => m.startsWith(lower) && (lower.length === 3 || m === lower || lower === 'sept'),
  );
  return index + 1;
}

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

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function capitalizeLike(sample: string, name: string): string {
  if (sample === sample.toUpperCase()) return name.toUpperCase();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Parses `value` as a date. `dayFirst` decides ambiguous numeric dates with `/` or `-`
 * (01/02/2024): false reads them month first (US), true day first. Dotted dates (01.02.2024) are
 * always day first. Returns null when the value is not a date this parser knows.
 */
export function parseDate(value: string, dayFirst = false): ParsedDate | null {
  const text = value.trim();
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(.*)$/.exec(text);
  if (m) {
    const [, y, sep, mo, d, rest] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const year = Number(y),
      month = Number(mo),
      day = Number(d);
    if (!valid(year, month, day) || !/^([T ][\d:.+\-Z ]*)?$/.test(rest)) return null;
    const wide = mo.length === 2 || d.length === 2;
    return {
      year,
      month,
      day,
      render: (yy, mm, dd) =>
        `${String(yy).padStart(4, '0')}${sep}${wide ? pad2(mm) : mm}${sep}${wide ? pad2(dd) : dd}${rest}`,
    };
  }

  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(.*)$/.exec(text);
  if (m) {
    const [, a, sep, b, y, rest] = m as unknown as [string, string, string, string, string, string];
    const first = sep === '.' || dayFirst;
    const day = Number(first ? a : b),
      month = Number(first ? b : a);
    const shortYear = y.length === 2;
    const year = shortYear ? 2000 + Number(y) - (Number(y) > 50 ? 100 : 0) : Number(y);
    if (!valid(year, month, day) || !/^([T ,]+[\d:.+\-Z apmAPM]*)?$/.test(rest)) return null;
    const wide = a.length === 2 || b.length === 2;
    const fmt = (n: number): string => (wide ? pad2(n) : String(n));
    return {
      year,
      month,
      day,
      render: (yy, mm, dd) => {
        const yText = shortYear ? pad2(yy % 100) : String(yy);
        return first
          ? `${fmt(dd)}${sep}${fmt(mm)}${sep}${yText}${rest}`
          : `${fmt(mm)}${sep}${fmt(dd)}${sep}${yText}${rest}`;
      },
    };
  }

  // "March 5, 2024", "Mar 5 2024".
  m = /^([A-Za-z]{3,9}\.?) (\d{1,2})(?:st|nd|rd|th)?(,? )(\d{4})$/.exec(text);
  if (m) {
    const [, name, d, comma, y] = m as unknown as [string, string, string, string, string];
    const month = monthFromName(name),
      day = Number(d),
      year = Number(y);
    if (month === 0 || !valid(year, month, day)) return null;
    const short = name.replace(/\.$/, '').length === 3;
    return {
      year,
      month,
      day,
      render: (yy, mm, dd) => {
        const full = MONTHS[mm - 1] as string;
        const written =
          capitalizeLike(name, short ? full.slice(0, 3) : full) + (name.endsWith('.') ? '.' : '');
        return `${written} ${dd}${comma}${yy}`;
      },
    };
  }

  // "5 March 2024".
  m = /^(\d{1,2}) ([A-Za-z]{3,9}\.?),? (\d{4})$/.exec(text);
  if (m) {
    const [, d, name, y] = m as unknown as [string, string, string, string];
    const month = monthFromName(name),
      day = Number(d),
      year = Number(y);
    if (month === 0 || !valid(year, month, day)) return null;
    const short = name.replace(/\.$/, '').length === 3;
    return {
      year,
      month,
      day,
      render: (yy, mm, dd) => {
        const full = MONTHS[mm - 1] as string;
        const written =
          capitalizeLike(name, short ? full.slice(0, 3) : full) + (name.endsWith('.') ? '.' : '');
        return `${dd} ${written} ${yy}`;
      },
    };
  }
  return null;
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
