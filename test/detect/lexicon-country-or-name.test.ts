/**
 * A country whose name is also a given name (France, Georgia, Jordan, Chad) is read as the
 * country when it stands alone, and as the person when a cue says so: an honorific or greeting
 * before it, a surname after it, or a verb after it that only people do.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { isCountryName } from '../../src/detect/lexicon/gazetteer.js';

const analyzer = createAnalyzer();
const found = (text: string): string[] =>
  analyzer.analyze(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('lexicon: a country or a given name', () => {
  it('knows country names in English, German, French, Spanish and Italian', () => {
    for (const name of ['france', 'georgia', 'jordan', 'chad', 'frankreich', 'francia']) {
      expect(isCountryName(name)).toBe(true);
    }
    for (const name of ['paris', 'nicole', 'smith', '']) expect(isCountryName(name)).toBe(false);
  });

  it('reads a lone country name as the place', () => {
    expect(found('I love France.')).toEqual(['LOCATION:France']);
    expect(found('France was super fun to visit!')).toEqual(['LOCATION:France']);
    expect(found('Georgia is lovely in spring.')).toEqual(['LOCATION:Georgia']);
  });

  it('reads the same word as a person where a cue says so', () => {
    expect(found('Dear Georgia, thanks for the call.')).toEqual(['PERSON:Georgia']);
    expect(found('Jordan called me yesterday.')).toEqual(['PERSON:Jordan']);
    expect(found('Georgia said hi.')).toEqual(['PERSON:Georgia']);
    expect(found('Chad Brown called.')).toEqual(['PERSON:Chad Brown']);
    expect(found('Mr. Jordan is here.')).toContain('PERSON:Jordan');
  });
});
