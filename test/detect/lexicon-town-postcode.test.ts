/**
 * Postcodes after a town with no street before it (round 12 break-it pass): an Irish Eircode
 * after a Dublin district ("Dublin 2, D02 X285"), a Brazilian CEP after the state ("São Paulo -
 * SP, 01304-001"), an Indian PIN ("Bengaluru 560001") and a UK postcode ("London, NW1 6XE",
 * which was also read as the surname London) were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts, namesAndPlaces } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('lexicon: a postcode after a town', () => {
  it('takes an Eircode after the town and its district', () => {
    expect(places('Dublin 2, D02 X285')).toEqual(['Dublin 2, D02 X285']);
    expect(places('Ship to Dublin, D02 X285 please')).toEqual(['Dublin, D02 X285']);
  });

  it('takes the state and the CEP of a Brazilian town', () => {
    expect(places('São Paulo - SP, 01304-001')).toEqual(['São Paulo - SP, 01304-001']);
  });

  it('takes an Indian PIN after the town', () => {
    expect(places('Bengaluru 560001')).toEqual(['Bengaluru 560001']);
    expect(places('Office: Mumbai 400001.')).toEqual(['Mumbai 400001']);
  });

  it('reads a town before a UK postcode as a place', () => {
    expect(namesAndPlaces('London, NW1 6XE')).toEqual(['LOCATION:London, NW1 6XE']);
    expect(namesAndPlaces('London NW1 6XE')).toEqual(['LOCATION:London NW1 6XE']);
  });

  it('takes no year, house number or name for a postcode', () => {
    expect(places('I was in Paris, 2024 was great')).toEqual(['Paris']);
    expect(places('at Incadence, 08428 Rue de Piétrain 371, Noorderwijk')).toEqual([
      '08428 Rue de Piétrain 371, Noorderwijk',
    ]);
    expect(namesAndPlaces('Jack London, 12345')).toEqual(['PERSON:Jack London']);
  });
});
