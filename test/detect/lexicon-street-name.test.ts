/**
 * A street named without a house number ("on Baker Street") is a LOCATION, the whole name with
 * its type word; a name that could be a person's ("Abbey Road", a given name first) is a street
 * only after a preposition of place.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const found = (text: string): string[] =>
  analyzer.analyze(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('lexicon: street names without a house number', () => {
  it('reports capitalized words ended by a thoroughfare as one street', () => {
    expect(found('I live on Baker Street.')).toEqual(['LOCATION:Baker Street']);
    expect(found('The early shows on Berg Hills Street were important.')).toEqual(['LOCATION:Berg Hills Street']);
    expect(found('The High Street is busy.')).toEqual(['LOCATION:High Street']);
  });

  it('needs a preposition when the first word is a given name', () => {
    expect(found('He walked down Abbey Road yesterday.')).toEqual(['LOCATION:Abbey Road']);
    expect(found('Abbey Road is an album.')).not.toContain('LOCATION:Abbey Road');
  });

  it('leaves other names ending in a place word alone', () => {
    expect(found('The Street was quiet.')).toEqual([]);
    expect(found('Send it to 14 Crown Street today')).toEqual(['LOCATION:14 Crown Street']);
  });
});

describe('lexicon: street words in figures of speech', () => {
  it('reads no street in a common phrase', () => {
    expect(found('Take the High Road to success.')).toEqual([]);
    expect(found('She went down Memory Lane.')).toEqual([]);
    expect(found('We are on Easy Street now.')).toEqual([]);
    expect(found('He took the Low Road.')).toEqual([]);
    expect(found('He lives on High Road.')).toEqual(['LOCATION:High Road']);
  });
});
