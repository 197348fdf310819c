/**
 * Street addresses: a capital glued to a house number ("221B") is part of the number, not the
 * street's name. Read as the name, "delivered 5E via courier" became an address: "E" as the
 * name and the Italian street type "via", which the scanner takes in lower case. Real addresses
 * with a lettered house number or "Via" as their street type are still found whole.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { locationRecognizer } from '../../src/detect/lexicon/location-recognizer.js';
import { spans } from './lexicon-helpers.js';

const analyzer = createAnalyzer({ explain: true });
const locations = (text: string) =>
  analyzer
    .analyze(text)
    .filter((f) => f.type === 'LOCATION')
    .map((f) => text.slice(f.start, f.end));

describe('street addresses: a letter glued to the house number', () => {
  it('reads no address in "5E via courier", from the scanner or the whole analyzer', () => {
    expect(spans(locationRecognizer, 'delivered 5E via courier')).toEqual([]);
    expect(analyzer.analyze('delivered 5E via courier')).toEqual([]);
    expect(locations('The parcel for flat 5E was delivered via courier.')).toEqual([]);
  });

  it('still finds lettered house numbers and Italian streets whole', () => {
    for (const address of [
      'Via Roma 12',
      '12 Via Garibaldi',
      '221B Baker Street',
      '1600 Pennsylvania Avenue NW',
    ]) {
      expect(locations(`Please send it to ${address} today.`), address).toEqual([address]);
      expect(locations(address), address).toEqual([address]);
    }
    expect(spans(locationRecognizer, 'send it to 221B Baker Street today')).toEqual([
      '221B Baker Street',
    ]);
  });
});
