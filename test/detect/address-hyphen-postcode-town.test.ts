/**
 * Addresses: a postcode of two groups joined by a hyphen, written before the town (Poland,
 * Portugal, Brazil), is part of the town's span as a postcode of digits alone is (verify11,
 * 2026-12-05). Before, "00-590" of "ul. Marszałkowska 10, 00-590 Warszawa" was left in clear.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const locations = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('addresses: a hyphenated postcode before the town', () => {
  it('goes with the town, after a comma or on the next line', () => {
    expect(locations('ul. Marszałkowska 10, 00-590 Warszawa')).toEqual([
      'ul. Marszałkowska 10',
      '00-590 Warszawa',
    ]);
    expect(locations('Rua Augusta 100, 1100-053 Lisboa')).toEqual([
      'Rua Augusta 100',
      '1100-053 Lisboa',
    ]);
    expect(locations('ul. Marszałkowska 10\n00-590 Warszawa')).toEqual([
      'ul. Marszałkowska 10',
      '00-590 Warszawa',
    ]);
  });

  it('leaves no digit of the postcode in the anonymized address', async () => {
    const text = 'Adres: ul. Marszałkowska 10, 00-590 Warszawa';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'Adres: [REDACTED LOCATION]',
    );
  });
});
