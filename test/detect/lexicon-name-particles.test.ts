/**
 * Particles inside a name ("van der", "de la", "von der"): the whole name is one span. Before,
 * "Jan van der Berg" gave "Jan" and a place "Berg", with "van der" in clear.
 */
import { describe, expect, it } from 'vitest';
import { namesAndPlaces as found } from './lexicon-helpers.js';

describe('lexicon: particles inside a name', () => {
  it('keeps two particles between the given name and the surname', () => {
    expect(found('Customer Jan van der Berg called about the invoice.')).toEqual([
      'PERSON:Jan van der Berg',
    ]);
    expect(found('Please ask Maria de la Cruz about the refund.')).toEqual([
      'PERSON:Maria de la Cruz',
    ]);
    expect(found('Carlos de los Santos called.')).toEqual(['PERSON:Carlos de los Santos']);
  });

  it('does not count the particles as words of the name', () => {
    expect(found('Geert van den Broek')).toEqual(['PERSON:Geert van den Broek']);
  });

  it('opens the name with the particles after an honorific', () => {
    expect(found('Mr. van der Berg is out of office.')).toEqual(['PERSON:van der Berg']);
    expect(found('Ms. de la Cruz requested a callback.')).toEqual(['PERSON:de la Cruz']);
  });

  it('keeps a particle joined to the surname by a hyphen', () => {
    expect(found('Fatima al-Fihri called.')).toEqual(['PERSON:Fatima al-Fihri']);
    expect(found('Ask Dr. al-Amin about it.')).toEqual(['PERSON:al-Amin']);
  });

  it('keeps a particle joined to the surname by an apostrophe', () => {
    expect(found("François d'Aubigny called.")).toEqual(["PERSON:François d'Aubigny"]);
  });

  it('still reads a town with a particle as a place', () => {
    expect(found('She moved to Villafranca del Cid last year.')).toEqual([
      'LOCATION:Villafranca del Cid',
    ]);
  });
});
