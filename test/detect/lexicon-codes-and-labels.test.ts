/**
 * Labels and codes read as names (round 12 break-it pass): "SKU ABC-1234" gave a PERSON, the
 * label of an identifier went into its span ("NINO AB123456C", "NRIC S1234567D", "IBAN GB82
 * WEST ...": a run of capitals took the label and the letters glued to the digits), and "NIN"
 * was a place.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { namesAndPlaces } from './lexicon-helpers.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});
const spans = (text: string) =>
  typedSpans(analyzer, text).map(([type, span]) => `${type}:${span}`);

describe('lexicon: codes and the labels of identifiers', () => {
  it('reads no word glued to digits as part of a name', () => {
    expect(namesAndPlaces('SKU ABC-1234')).toEqual([]);
    expect(namesAndPlaces('COVID-19 cases')).toEqual([]);
  });

  it('keeps the label out of the identifier', () => {
    expect(spans('NINO AB123456C')).toEqual(['UK_NINO:AB123456C']);
    expect(spans('NINO: AB123456C')).toEqual(['UK_NINO:AB123456C']);
    expect(spans('NRIC S1234567D')).toEqual(['SG_NRIC_FIN:S1234567D']);
    expect(spans('IBAN GB82 WEST 1234 5698 7654 32')).toEqual([
      'IBAN_CODE:GB82 WEST 1234 5698 7654 32',
    ]);
  });

  it('reads a short word in capitals as an acronym, unless a country', () => {
    expect(namesAndPlaces('NIN')).toEqual([]);
    expect(namesAndPlaces('NIN: pending')).toEqual([]);
    expect(namesAndPlaces('Shipped from the USA')).toEqual(['LOCATION:USA']);
  });

  it('keeps a town in capitals before its postcode', () => {
    expect(namesAndPlaces('support Slashdb in ARENDAL 4844 in its mission')).toContain(
      'LOCATION:ARENDAL',
    );
  });
});
