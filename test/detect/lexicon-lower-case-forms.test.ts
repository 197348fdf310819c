/**
 * Words written in lower case where the rules looked for capitals: a street type after a house
 * number ("12 rue de la Paix"), a surname after a naming phrase ("my name is jürgen müller") and
 * a letter after a unit's number ("Apt 4B"). All were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { namesAndPlaces as found } from './lexicon-helpers.js';

describe('lexicon: a lower-case street type after a house number', () => {
  it('opens the street', () => {
    expect(found('Delivery to 12 rue de la Paix, Paris failed.')).toEqual([
      'LOCATION:12 rue de la Paix, Paris',
    ]);
    // The postcode before the town joins the address (it was left in clear between two spans).
    expect(found('Adresse: 3 rue Victor Hugo, 69002 Lyon')).toEqual([
      'LOCATION:3 rue Victor Hugo, 69002 Lyon',
    ]);
    expect(found('She lives at 14 calle Mayor, Madrid.')).toEqual([
      'LOCATION:14 calle Mayor, Madrid',
    ]);
  });

  it('needs a particle after a street type that is an English word', () => {
    expect(found('We sent 3 via DHL yesterday.')).toEqual([]);
    expect(found('Meet at 12 place de la Concorde.')).toEqual([
      'LOCATION:12 place de la Concorde',
    ]);
  });
});

describe('lexicon: a lower-case name after a naming phrase', () => {
  it('takes a known surname after an unknown given name', () => {
    expect(found('my name is jürgen müller')).toEqual(['PERSON:jürgen müller']);
    expect(found('my name is jürgen')).toEqual(['PERSON:jürgen']);
  });
});

describe('lexicon: a letter glued to a unit number', () => {
  it('belongs to the unit', () => {
    expect(found('Suite 12a is on the left.')).toEqual(['LOCATION:Suite 12a']);
    expect(found('Delivered to Apt 4B, 221B Baker Street, London.')).toEqual([
      'LOCATION:Apt 4B, 221B Baker Street, London',
    ]);
  });
});
