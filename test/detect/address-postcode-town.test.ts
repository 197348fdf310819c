/**
 * Addresses: the postcode of the town line is part of the address. Written before the town, as
 * most of Europe writes it ("Hauptstraße 5, 10115 Berlin"), it was left out of every span, so
 * anonymize kept "10115" in clear (and "Paris" of "75001 Paris" was read as a first name). A US
 * state code that is also a common word ("IL", "NO") was dropped with the ZIP after it
 * ("Springfield, IL 62704" kept ", IL 62704").
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const locations = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('addresses: the postcode goes with the town', () => {
  it('takes a postcode written before the town', () => {
    expect(locations('Hauptstraße 5, 10115 Berlin')).toEqual(['Hauptstraße 5', '10115 Berlin']);
    expect(locations('Rue de Rivoli 12, 75001 Paris')).toEqual(['Rue de Rivoli 12', '75001 Paris']);
    expect(locations('Kalverstraat 1, 1012 NX Amsterdam')).toEqual([
      'Kalverstraat 1',
      '1012 NX Amsterdam',
    ]);
  });

  it('takes a state code and ZIP code after the town, common words included', () => {
    expect(locations('address: 742 Evergreen Terrace, Springfield, IL 62704. Thanks')).toEqual([
      '742 Evergreen Terrace, Springfield, IL 62704',
    ]);
  });

  it('leaves no postcode in the redacted text', async () => {
    const text = 'I live at 742 Evergreen Terrace, Springfield, IL 62704.';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'I live at [REDACTED LOCATION].',
    );
  });

  it('takes no year after a street as a postcode', () => {
    expect(locations('12 Main Street, 2019 was great')).toEqual(['12 Main Street']);
  });
});
