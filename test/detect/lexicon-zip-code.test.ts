import { describe, expect, it } from 'vitest';
import { zipCodeRecognizer } from '../../src/detect/lexicon/zip-code-recognizer.js';
import { spans } from './lexicon-helpers.js';

describe('zip-code-context: postcodes where the text says so', () => {
  it('finds postcodes after a cue, in several formats', () => {
    expect(spans(zipCodeRecognizer, 'ZIP: 3520')).toEqual(['3520']);
    expect(spans(zipCodeRecognizer, 'my zip code is 35350')).toEqual(['35350']);
    expect(spans(zipCodeRecognizer, 'ZIP: 394 13')).toEqual(['394 13']);
    expect(spans(zipCodeRecognizer, 'ZIP: 7412 SL')).toEqual(['7412 SL']);
    expect(spans(zipCodeRecognizer, 'postal code B0J 2H0 please')).toEqual(['B0J 2H0']);
    expect(spans(zipCodeRecognizer, 'Zip code: 75534-030')).toEqual(['75534-030']);
  });

  it('finds a postcode right after a place in running text, and not a bare number', () => {
    expect(
      spans(zipCodeRecognizer, 'Looking to support Factset in Bjert 6091 in its mission'),
    ).toEqual(['6091']);
    expect(spans(zipCodeRecognizer, 'I ordered 6091 units')).toEqual([]);
  });
});
