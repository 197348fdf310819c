/**
 * A name in lower case after an honorific ("(ms. jones)" was left in clear in the round 12
 * break-it pass, "ms jones" with no dot until round 13); "ms" after a number is milliseconds, and
 * an English word after a title is no name.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: a lower-case name after an honorific', () => {
  it('reads the name after a lower-case honorific and its dot', () => {
    expect(persons('Thanks (ms. jones)')).toEqual(['jones']);
    expect(persons('mr. venkataraman called')).toEqual(['venkataraman']);
    expect(persons('per dr. anna schmidt')).toEqual(['anna schmidt']);
  });

  it('reads no unit, English word or title without its dot', () => {
    expect(persons('100 ms. latency')).toEqual([]);
    expect(persons('see dr. appointment')).toEqual([]);
    expect(persons('open ms. word')).toEqual([]);
    expect(persons('dr jones')).toEqual([]);
  });

  it('reads a name of the lists after a title of address with no dot (round 13)', () => {
    expect(persons('the ms jones file')).toEqual(['jones']);
    expect(persons('mr smith said so')).toEqual(['smith']);
    expect(persons('100 ms jones')).toEqual([]);
    expect(persons('open ms word')).toEqual([]);
    expect(persons('join the ms teams call')).toEqual([]);
    expect(persons('ms brown')).toEqual([]);
  });
});
