/** Phone numbers with the country code in brackets, and with a slash after the area code. */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const spans = (text: string) =>
  analyzer.analyze(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe('phone numbers: written forms', () => {
  it.each(['(+44) 7700 900123', '(+1) 415-555-2671', '(+49) 30 901820'])(
    'takes the bracketed country code of %s into the number',
    (number) => {
      expect(spans(`call ${number} today`)).toEqual([['PHONE_NUMBER', number]]);
      expect(spans(number)).toEqual([['PHONE_NUMBER', number]]);
    },
  );

  it('finds an area code before a slash next to a context word', () => {
    expect(spans('phone 415/555-2671')).toEqual([['PHONE_NUMBER', '415/555-2671']]);
    expect(spans('Tel. 030/1234567')).toEqual([['PHONE_NUMBER', '030/1234567']]);
  });

  it('needs the context word for the slash form (dates and ranges share it)', () => {
    expect(spans('ratio 415/555-2671 in the table')).toEqual([]);
    expect(spans('the 2019/2020 season')).toEqual([]);
    expect(spans('due 12/25/2023')).toEqual([['DATE_TIME', '12/25/2023']]);
  });
});
