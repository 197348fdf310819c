/**
 * generalize and date-shift: every DATE_TIME form detection reports is read as a date (compact,
 * year-first, numeric either way round, month names between separators in five languages,
 * escaped), never bucketed as a number or cut into pieces by nested re-analysis.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { parseDate } from '../../src/anonymize/date-value.js';
import { dateShiftOffset } from '../../src/anonymize/operators/date-shift.js';
import { anonymizeWithLibrary, anonymizeWithStage } from '../helpers/anonymize-runs.js';

const KEY = 's'.repeat(32);
const MAX_DAYS = 30;
const GENERALIZE = { DATE_TIME: { operator: 'generalize' } };
const SHIFT = { DATE_TIME: { operator: 'date-shift', key: 'env:VEIL_TEST_FORMS_KEY', maxDays: MAX_DAYS } };

/** [text, the text with its date generalized to the month]: every one is 14 March 1985. */
const GENERALIZED: [string, string][] = [
  ['born 19850314', 'born 1985-03'],
  ['born 1985.03.14', 'born 1985-03'],
  ['born 1985/03/14', 'born 1985-03'],
  ['DOB 1985-03-14', 'DOB 1985-03'],
  ['born 03/14/1985', 'born 1985-03'],
  ['born 14.03.1985', 'born 1985-03'],
  ['born on 14/03/1985', 'born on 1985-03'],
  ['dob: 14-Mar-1985', 'dob: 1985-03'],
  ['dob 14/Mar/85', 'dob 1985-03'],
  ['dob 14.Mar.1985', 'dob 1985-03'],
  ['DOB: Mar-14-1985', 'DOB: 1985-03'],
  ['né le 14 mars 1985', 'né le 1985-03'],
  ['geboren am 14. März 1985', 'geboren am 1985-03'],
  ['nacido el 14-marzo-1985', 'nacido el 1985-03'],
  ['born March 14, 1985', 'born 1985-03'],
  ['DOB 1985&#45;03&#45;14', 'DOB 1985-03'],
  ['DOB 1985%2D03%2D14', 'DOB 1985-03'],
];

/** [text, its date as written, the format the shifted date is written back in]. */
const SHIFTED: [string, string, (y: number, m: number, d: number) => string][] = [
  ['born 19850314', '19850314', (y, m, d) => `${y}${p2(m)}${p2(d)}`],
  ['born 1985.03.14', '1985.03.14', (y, m, d) => `${y}.${p2(m)}.${p2(d)}`],
  ['born on 14/03/1985', '14/03/1985', (y, m, d) => `${p2(d)}/${p2(m)}/${y}`],
  ['dob: 14-Mar-1985', '14-Mar-1985', (y, m, d) => `${p2(d)}-${ABBR[m - 1]}-${y}`],
  ['dob 14/Mar/85', '14/Mar/85', (y, m, d) => `${p2(d)}/${ABBR[m - 1]}/${p2(y % 100)}`],
  ['DOB: Mar-14-1985', 'Mar-14-1985', (y, m, d) => `${ABBR[m - 1]}-${p2(d)}-${y}`],
  ['né le 14 mars 1985', '14 mars 1985', (y, m, d) => `${y}-${p2(m)}-${p2(d)}`],
  ['DOB 1985&#45;03&#45;14', '1985&#45;03&#45;14', (y, m, d) => `${y}-${p2(m)}-${p2(d)}`],
];

const ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

function shiftedText(text: string, date: string, format: (y: number, m: number, d: number) => string): string {
  const offset = dateShiftOffset(new TextEncoder().encode(KEY), '', MAX_DAYS);
  const t = new Date(Date.UTC(1985, 2, 14 + offset));
  return text.replace(date, format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()));
}

describe('generalize and date-shift: every detected date form', () => {
  beforeAll(() => vi.stubEnv('VEIL_TEST_FORMS_KEY', KEY));
  afterAll(() => vi.unstubAllEnvs());

  it('generalize gives the month of each form, through the library and the stage (threads 0)', async () => {
    const texts = GENERALIZED.map(([text]) => text);
    const expected = GENERALIZED.map(([, out]) => out);
    expect(await anonymizeWithLibrary(texts, GENERALIZE)).toEqual(expected);
    expect(await anonymizeWithStage(texts, GENERALIZE)).toEqual(expected);
  });

  it('date-shift moves each form by the offset and writes it back in its format (library and stage)', async () => {
    const texts = SHIFTED.map(([text]) => text);
    const expected = SHIFTED.map(([text, date, format]) => shiftedText(text, date, format));
    expect(await anonymizeWithLibrary(texts, SHIFT)).toEqual(expected);
    expect(await anonymizeWithStage(texts, SHIFT)).toEqual(expected);
  });

  it('reads month names of the five languages, two-digit years and both numeric orders', () => {
    const read = (v: string, dayFirst = false) => {
      const d = parseDate(v, dayFirst);
      return d === null ? null : [d.year, d.month, d.day];
    };
    for (const v of ['14 Januar 1985', '14-janvier-1985', '14.enero.1985', '14/gennaio/85', 'Jan-14-1985', 'JAN.14.1985'])
      expect(read(v)).toEqual([1985, 1, 14]);
    for (const v of ['5 décembre 2024', '5-Dezember-2024', '5 diciembre 2024', '5.dicembre.24', 'Dec 5th, 2024'])
      expect(read(v)).toEqual([2024, 12, 5]);
    expect(read('1 Sept 2024')).toEqual([2024, 9, 1]);
    expect(read('01/02/03')).toEqual([2003, 1, 2]);
    expect(read('01/02/03', true)).toEqual([2003, 2, 1]);
    expect(read('13/02/2024')).toEqual([2024, 2, 13]);
    expect(read('2024.2.29')).toEqual([2024, 2, 29]);
    // Not dates: mixed separators, an unknown word, an impossible day, a compact 8-digit number.
    for (const v of ['14-Mar/1985', '14-Foo-1985', '30-Feb-2024', '31/31/2024', '18991231', '12345678']) expect(read(v)).toBeNull();
  });

  it('writes English month names back in the style they came in', async () => {
    const shift = await createAnonymizer({ default: SHIFT.DATE_TIME });
    const whole = (v: string) => shift.text(v, [{ type: 'DATE_TIME', start: 0, end: v.length, score: 1 }]);
    expect(whole('14-MAR-1985')).toMatch(/^\d{2}-(MAR|APR|FEB)-1985$/);
    expect(whole('14 March 1985')).toMatch(/^\d{1,2} (March|April|February) 1985$/);
    expect(whole('March 14th, 1985')).toMatch(/^(March|April|February) \d{1,2}(st|nd|rd|th), 1985$/);
    expect(whole('14. März 1985')).toMatch(/^1985-0[234]-\d{2}$/);
  });

  it('redacts a DATE_TIME value it cannot read, whole: no number bucket, no pieces', async () => {
    const generalize = await createAnonymizer({ default: { operator: 'generalize' } });
    const shift = await createAnonymizer({ default: SHIFT.DATE_TIME });
    for (const value of ['12345678', '09:00', 'next Tuesday', '14-Foo-1985']) {
      const findings = [{ type: 'DATE_TIME', start: 0, end: value.length, score: 1 }];
      expect(generalize.text(value, findings)).toBe('[REDACTED DATE]');
      expect(shift.text(value, findings)).toBe('[REDACTED DATE]');
    }
    // A bare year is as coarse as generalize goes; an age is still bucketed.
    expect(generalize.text('1985', [{ type: 'DATE_TIME', start: 0, end: 4, score: 1 }])).toBe('1985');
    expect(generalize.text('34', [{ type: 'AGE', start: 0, end: 2, score: 1 }])).toBe('30-39');
  });
});
