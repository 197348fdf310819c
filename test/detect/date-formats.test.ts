/**
 * DATE_TIME: date-of-birth formats a tester found missed (2026-12-05): year first with "/" or
 * ".", compact yyyymmdd next to a date word, a month name between separators, month names
 * that start with another month's name ("mars", "junio"), and fractions of a second longer
 * than nine digits.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import {
  MONTH_WORDS,
  OTHER_WEEKDAY_NAMES,
  WEEKDAY_NAMES,
} from '../../src/detect/recognizers/date-time.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

/** The findings of `text` as [type, spanned text] pairs. */
const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

/** The DATE_TIME findings of `text` as spanned texts. */
function dates(text: string): string[] {
  return found(text)
    .filter(([type]) => type === 'DATE_TIME')
    .map(([, span]) => span);
}

/** One test per row: the DATE_TIME findings of the text are these spans (other types aside). */
function itFinds(rows: Array<[string, string[]]>): void {
  it.each(rows)('%s -> %j', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });
}

describe('year-first numeric dates', () => {
  itFinds([
    ['DOB 1985/03/14', ['1985/03/14']],
    ['born 1985.03.14', ['1985.03.14']],
    ['born 1985-3-14', ['1985-3-14']],
    ['visit on 2024/12/05 at 09:00', ['2024/12/05', '09:00']],
    ['seen 2024/1/5, 10:30 p.m. again', ['2024/1/5, 10:30 p.m.']],
    // A dotted date with a time after it is a timestamp, with or without a date word.
    ['2024.12.05 10:00:00 started', ['2024.12.05 10:00:00']],
    // Dotted and alone: as often a calendar version; reported only with a date word near.
    ['version 2024.12.05', []],
    ['release 2024.12.05 is out', []],
    // Not a real date, or two kinds of separator.
    ['DOB 1985/02/30', []],
    ['DOB 1985/13/01', []],
    ['DOB 1985/03.14', []],
    // Glued to a longer token.
    ['build 1.2024/12/05', []],
    ['x2024/12/05', []],
  ]);
});

describe('compact yyyymmdd dates, only next to a date word', () => {
  itFinds([
    ['born 19850314', ['19850314']],
    ['DOB: 19850314', ['19850314']],
    ['date of birth 20000229 (leap day)', ['20000229']],
    ['birthday 20240314', ['20240314']],
    // Eight digits with no date word near: an order or reference number, as before.
    ['order 20240314', []],
    ['ref 19850314', []],
    ['invoice 20240314 paid', []],
    // Not a real date of 1900-2099.
    ['born 20010229', []],
    ['born 19851314', []],
    ['born 18991231', []],
    ['born 21000101', []],
    // Part of a longer number or token.
    ['born 198503141', []],
    ['born x19850314', []],
    ['born 19850314.5', []],
  ]);
});

describe('a month name between separators', () => {
  itFinds([
    ['dob: 14-Mar-1985', ['14-Mar-1985']],
    ['dob: 14.Mar.1985', ['14.Mar.1985']],
    ['dob: 14/Mar/85', ['14/Mar/85']],
    ['dob: 14 Mar 85', ['14 Mar 85']],
    ['dob: 14-mars-1985', ['14-mars-1985']],
    ['dob: 3-MAY-2001', ['3-MAY-2001']],
    ['dob: 29-Feb-2024', ['29-Feb-2024']],
    ['dob: Mar-14-1985', ['Mar-14-1985']],
    ['dob: Mar.14.1985', ['Mar.14.1985']],
    ['dob: Dec/31/99', ['Dec/31/99']],
    ['dob: 14-août-1985', ['14-août-1985']],
    ['ref 31-Feb-2024', []],
    ['ref 29-Feb-2023', []],
    ['ref Mar-14/1985', []],
    ['ref 14-Mar-19850', []],
    ['ref x14-Mar-1985', []],
    // Two kinds of separator: no day-month-year (the year after the slash is a year, as before).
    ['ref 14-Mar/1985', ['1985']],
  ]);

  it('the month is no longer reported as a place of its own', () => {
    expect(found('dob: 14-Mar-1985')).toEqual([['DATE_TIME', '14-Mar-1985']]);
  });
});

describe('month and weekday names that start with another name', () => {
  it('date of birth: 14 mars 1985 is one span, day included', () => {
    expect(found('date of birth: 14 mars 1985')).toEqual([['DATE_TIME', '14 mars 1985']]);
  });

  // Every name of every language, in the forms the patterns take, lower-case and capitalized.
  const months = MONTH_WORDS.flatMap((names, i) =>
    names.map((name) => [name.replace('.', ''), i] as const),
  );
  const forms = (name: string): string[] => [
    `14 ${name} 1985`,
    `${name} 14, 1985`,
    `14-${name}-1985`,
  ];
  it.each(months)('%s', (name, month) => {
    // A 14th every month has.
    expect(month).toBeLessThan(12);
    for (const written of [name, name[0]!.toUpperCase() + name.slice(1)]) {
      for (const date of forms(written)) {
        expect(found(`on ${date} we met`), date).toEqual([['DATE_TIME', date]]);
      }
    }
  });

  it.each([...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES])('%s', (name) => {
    expect(dates(`see you ${name} then`)).toEqual([name]);
  });

  it('abbreviations take their full stop', () => {
    expect(dates('on 5 Sept. 2024 we met')).toEqual(['5 Sept. 2024']);
    expect(dates('on Jun. 5, 2024 we met')).toEqual(['Jun. 5, 2024']);
  });
});

describe('fractions of a second of any length', () => {
  itFinds([
    ['ts=1985-03-14 14:15:16.4155552671', ['1985-03-14 14:15:16.4155552671']],
    ['ts=1985-03-14T14:15:16.415555267112Z ok', ['1985-03-14T14:15:16.415555267112Z']],
    ['ts=1985-03-14T14:15:16.41555526711234567-05:00 ok', ['1985-03-14T14:15:16.41555526711234567-05:00']],
    ['ts=1985-03-14T14:15:16.4155552671234567', ['1985-03-14T14:15:16.4155552671234567']],
    ['ts=1985-03-14T14:15:16.123Z', ['1985-03-14T14:15:16.123Z']],
  ]);
});
