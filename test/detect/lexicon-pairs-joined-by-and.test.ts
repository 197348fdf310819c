/**
 * Two names joined by "and" share their cue. Each pair whose given name is an English word or a
 * place needs a cue of its own ("India Stone called"); the second of two pairs ("approved by
 * Trace Grant and Hope Grant") and the first before a verb after the second ("India Stone and
 * Mark Green called") or before a name of no English words ("Hope Grant and Sarah Smith") were
 * left in clear.
 */
import { describe, expect, it } from 'vitest';
import { namesAndPlaces } from './lexicon-helpers.js';

describe('lexicon: two names joined by "and"', () => {
  it('finds the second pair after a person and "and"', () => {
    expect(namesAndPlaces('approved by Trace Grant and Hope Grant')).toEqual([
      'PERSON:Trace Grant',
      'PERSON:Hope Grant',
    ]);
    expect(namesAndPlaces('Sarah Smith and Hope Grant')).toEqual([
      'PERSON:Sarah Smith',
      'PERSON:Hope Grant',
    ]);
  });

  it('finds the first pair when a verb only people do or a known name follows the "and"', () => {
    expect(namesAndPlaces('India Stone and Mark Green called')).toEqual([
      'PERSON:India Stone',
      'PERSON:Mark Green',
    ]);
    expect(namesAndPlaces('Hope Grant and Sarah Smith approved it')).toEqual([
      'PERSON:Hope Grant',
      'PERSON:Sarah Smith',
    ]);
  });

  it('joins no common words or streets into names', () => {
    expect(namesAndPlaces('Salt Lake and Hope Street')).toEqual([]);
    expect(namesAndPlaces('Grace Church and Hope Chapel were closed')).toEqual([]);
    expect(namesAndPlaces('Grace Church and John Smith')).toEqual(['PERSON:John Smith']);
  });
});
