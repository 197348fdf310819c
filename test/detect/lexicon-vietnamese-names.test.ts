/**
 * Vietnamese names of three or four syllables (round 12 break-it pass): "Tran Thi Thu Ha" left
 * "Ha" in clear and "Nguyen Van An" was not found at all, the last syllable being an English word.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: Vietnamese names', () => {
  it('reads the whole name', () => {
    expect(persons('Tran Thi Thu Ha')).toEqual(['Tran Thi Thu Ha']);
    expect(persons('Nguyen Van An')).toEqual(['Nguyen Van An']);
    expect(persons('Contact Nguyen Van An today')).toEqual(['Nguyen Van An']);
    expect(persons('Le Van Luong signed')).toEqual(['Le Van Luong']);
  });

  it('reads no English phrase or place of the same shape', () => {
    expect(persons('Do Not Disturb')).toEqual([]);
    expect(entityTexts(analyzer, 'Ho Chi Minh City', 'LOCATION')).toEqual(['Ho Chi Minh City']);
  });
});
