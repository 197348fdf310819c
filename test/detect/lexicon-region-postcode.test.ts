/**
 * Places with a region code and a postcode after a town, with no street before it ("Toronto, ON
 * M5V 3L9" left "ON M5V 3L9", "Springfield, IL 62704" left "IL 62704"), and a street abbreviated
 * "Av." ("Av. Paulista 1000, 01310-100 São Paulo" left the street and the postcode). A two-letter
 * street prefix now needs its dot, so "(OS Build 19045.3930)" is no street.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('lexicon: a region code and postcode after a town', () => {
  it('takes a province code and a Canadian postcode into the town', () => {
    expect(places('Toronto, ON M5V 3L9')).toEqual(['Toronto, ON M5V 3L9']);
    expect(places('Ship to Halifax, NS B3H 4R2 by Friday')).toEqual(['Halifax, NS B3H 4R2']);
  });

  it('takes a state code and a ZIP code into the town', () => {
    expect(places('Springfield, IL 62704')).toEqual(['Springfield, IL 62704']);
    expect(places('Boston, MA 02118-1234, USA')).toEqual(['Boston, MA 02118-1234', 'USA']);
  });

  it('takes no code that is not a postcode', () => {
    expect(places('Toronto, ON 5 May')).toEqual(['Toronto']);
  });
});

describe('lexicon: two-letter street prefixes', () => {
  it('reads "Av." as a street type, and the postcode before the town after it', () => {
    expect(places('Av. Paulista 1000, 01310-100 São Paulo')).toEqual([
      'Av. Paulista 1000',
      '01310-100 São Paulo',
    ]);
  });

  it('needs the dot of a two-letter prefix', () => {
    expect(places('Windows 10 (OS Build 19045.3930)')).toEqual([]);
    expect(places('os. Tysiąclecia 5, 31-610 Kraków')).toEqual([
      'os. Tysiąclecia 5',
      '31-610 Kraków',
    ]);
  });
});
