/**
 * Dates whose day, month and year are joined by "de"/"di" (Spanish, Portuguese, Italian) or
 * written with the French "1er" (break-it pass, round 12): only the year was found, the day and
 * month were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('date-time: day and month joined by a connector word', () => {
  it.each([
    ['fecha de nacimiento: 14 de marzo de 1985', '14 de marzo de 1985'],
    ['nasceu em 14 de março de 1985', '14 de março de 1985'],
    ['el 3 de enero de 2024', '3 de enero de 2024'],
    ['hasta el 31 de diciembre del 2023.', '31 de diciembre del 2023'],
    ['il 3 di gennaio 2024', '3 di gennaio 2024'],
    ['le 1er janvier 2024', '1er janvier 2024'],
    ['nacido el 5 de mayo', '5 de mayo'],
    ['data: 2 de dezembro de 2020', '2 de dezembro de 2020'],
  ])('%j', (text, date) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['DATE_TIME', date]);
  });

  it('a number before "de" and a word that is no month is no date', () => {
    expect(typedSpans(analyzer, 'I had 3 de facto rules')).toEqual([]);
  });
});
