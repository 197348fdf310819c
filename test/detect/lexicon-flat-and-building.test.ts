/**
 * Addresses that open with a flat or plot and a building (round 12 break-it pass): "B-204,
 * Sunshine Apartments, MG Road, Bengaluru 560001" left the flat, the building and the PIN in
 * clear, and "Plot 12, Admiralty Way, Lekki Phase 1, Lagos" all but Lagos.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('lexicon: a flat or plot before a building or street', () => {
  it('reads an Indian address block element by element', () => {
    expect(places('B-204, Sunshine Apartments, MG Road, Bengaluru 560001')).toEqual([
      'B-204',
      'Sunshine Apartments',
      'MG Road',
      // Since round 13 the PIN goes with its town on the line: the space is no longer uncovered.
      'Bengaluru 560001',
    ]);
  });

  it('reads a plot, a street of common words and a district with its number', () => {
    expect(places('Plot 12, Admiralty Way, Lekki Phase 1, Lagos')).toEqual([
      'Plot 12',
      'Admiralty Way',
      'Lekki Phase 1',
      'Lagos',
    ]);
  });

  it('is one span inside a sentence', () => {
    expect(places('Deliver to Flat 3, Marine Court, London NW1 6XE today')).toEqual([
      'Flat 3, Marine Court, London NW1 6XE',
    ]);
  });

  it('needs the building or street after the comma', () => {
    expect(places('See B-204, page 3')).toEqual([]);
    expect(places('Plot 2, Figure 4')).toEqual([]);
  });
});
