/**
 * House numbers and postcodes of European addresses left in clear (round 12 break-it pass): a
 * letter after the house number cut the address off its postcode ("Musterstraße 12a, 80331
 * München" left "80331"), a second number after a slash and a flat ("ul. Marszałkowska 84/92
 * m. 15") were dropped, a postcode of three and two digits ("111 23 Stockholm", "110 00 Praha")
 * was none, a street with no street type ("Národní 37") was missed before its postcode, and the
 * Spanish "C/" (calle) opened no street.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('address: the rest of a house number', () => {
  it('keeps the postcode after a house number with a letter', () => {
    expect(places('Musterstraße 12a, 80331 München')).toEqual([
      'Musterstraße 12a',
      '80331 München',
    ]);
    expect(places('Lieferung an Hauptweg 7b, 10115 Berlin.')).toEqual([
      'Hauptweg 7b, 10115 Berlin',
    ]);
  });

  it('takes a second number after a slash and a flat', () => {
    expect(places('ul. Marszałkowska 84/92 m. 15, 00-514 Warszawa')).toEqual([
      'ul. Marszałkowska 84/92 m. 15',
      '00-514 Warszawa',
    ]);
    expect(places('Vodičkova 681/14, 110 00 Praha 1')).toEqual([
      'Vodičkova 681/14',
      '110 00 Praha 1',
    ]);
  });
});

describe('address: postcodes before the town', () => {
  it('reads three digits and two as a postcode', () => {
    expect(places('Storgatan 12, 111 23 Stockholm')).toEqual([
      'Storgatan 12',
      '111 23 Stockholm',
    ]);
  });

  it('reads a street with no street type before a postcode and a known town', () => {
    expect(places('Národní 37, 110 00 Praha 1')).toEqual(['Národní 37', '110 00 Praha 1']);
    // Without the town there is nothing to tell a street from a heading.
    expect(places('Chapter 37, 110 00 pages')).toEqual([]);
  });
});

describe('address: Spanish street abbreviations', () => {
  it('reads "C/" as a street type', () => {
    expect(places('C/ Mayor 5, 28013 Madrid')).toEqual(['C/ Mayor 5', '28013 Madrid']);
    expect(places('Vivo en C/ Gran Vía 28, 28013 Madrid')).toEqual([
      'C/ Gran Vía 28, 28013 Madrid',
    ]);
  });

  it('reads "Avda." and "Pza." as street types', () => {
    expect(places('Avda. de América 5, 28002 Madrid')).toEqual([
      'Avda. de América 5',
      '28002 Madrid',
    ]);
    expect(places('Pza. Mayor 1')).toEqual(['Pza. Mayor 1']);
  });

  it('reads "c/o" as no street', () => {
    expect(places('c/o Anna Weber 12')).toEqual([]);
  });
});
