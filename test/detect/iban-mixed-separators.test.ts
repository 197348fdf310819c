/**
 * IBAN: groups joined by different separators in one IBAN, or by underscores, are one IBAN
 * (round 12). "DE89 3704-0044 0532 0130 00" left "DE89" in clear and its groups were read as
 * phone numbers; "DE89_3704_…" was not found.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('iban: mixed separators and underscores', () => {
  it.each([
    ['IBAN DE89 3704-0044 0532 0130 00 ok', 'DE89 3704-0044 0532 0130 00'],
    ['IBAN DE89.3704 0044-0532.0130 00.', 'DE89.3704 0044-0532.0130 00'],
    ['IBAN DE89_3704_0044_0532_0130_00 ok', 'DE89_3704_0044_0532_0130_00'],
    ['file_gb82_west_1234_5698_7654_32.pdf', 'gb82_west_1234_5698_7654_32'],
  ])('%j', (text, iban) => {
    expect(typedSpans(analyzer, text)).toEqual([['IBAN_CODE', iban]]);
  });

  it('a wrong check digit with mixed separators is no IBAN', () => {
    const text = 'IBAN DE88 3704-0044 0532 0130 00 ok';
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'IBAN_CODE')).toEqual([]);
  });
});
