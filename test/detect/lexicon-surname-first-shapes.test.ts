/**
 * Names written surname first, in the shapes the round-11 verification pass left in clear: a
 * surname of no list that opens a line ("O'Brien, Siobhan wrote:" left "O'Brien"), a space before
 * the comma ("Lane , Sarah"), an initial as the given name ("Lane, S. wrote:"), particles before
 * the surname ("van der Berg, Jan wrote:" left "van der"), and a naming cue that is no label word
 * ("Requested by: Brown, Rose" left "Rose").
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: surname-first shapes', () => {
  it('finds a surname of no list before a given name of no list and a verb only people do', () => {
    expect(persons("O'Brien, Siobhan wrote:")).toEqual(["O'Brien", 'Siobhan']);
    expect(persons("Hi team,\nMayo-Walters, Siobhan said:\n> ok")).toEqual([
      'Mayo-Walters',
      'Siobhan',
    ]);
  });

  it('reads a comma after a space as the comma of the name', () => {
    expect(persons('Lane , Sarah wrote:')).toEqual(['Lane', 'Sarah']);
    expect(persons('Contact: Lane , Sarah')).toEqual(['Lane', 'Sarah']);
    expect(persons('Contact: Müller , Jürgen')).toEqual(['Müller', 'Jürgen']);
  });

  it('takes an initial as the given name, with its dot', () => {
    expect(persons('Lane, S. wrote:')).toEqual(['Lane', 'S.']);
    expect(persons('Name: Stone, A.')).toEqual(['Stone', 'A.']);
  });

  it('keeps the particles of a surname written first', () => {
    expect(persons('van der Berg, Jan wrote:')).toEqual(['van der Berg', 'Jan']);
    expect(persons('Contact: de la Cruz, Maria')).toEqual(['de la Cruz', 'Maria']);
  });

  it('finds the given name after a surname that opens an entry after any colon', () => {
    expect(persons('Requested by: Brown, Rose')).toEqual(['Brown', 'Rose']);
    expect(persons('Reviewed by: Stone, Hope;')).toEqual(['Stone', 'Hope']);
  });

  it('still reads no adverb, greeting or place as a surname', () => {
    expect(persons('However, Sarah said no')).toEqual(['Sarah']);
    expect(persons('Thanks , Sarah wrote:')).toEqual(['Sarah']);
    expect(persons('Paris, France;')).toEqual([]);
  });
});
