/**
 * Postcodes written as a key and value ("zip=94107", left in clear in the round 12 break-it
 * pass) and Irish Eircodes after their cue.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const zips = (text: string) => entityTexts(analyzer, text, 'ZIP_CODE');

describe('zip code: key and value', () => {
  it('reads the value after "zip="', () => {
    expect(zips('zip=94107')).toEqual(['94107']);
    expect(zips('GET /stores?zip=94107&radius=5')).toEqual(['94107']);
  });

  it('reads an Eircode after its cue', () => {
    expect(zips('Eircode: A65 F4E2')).toEqual(['A65 F4E2']);
  });
});
