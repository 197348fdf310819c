import { describe, expect, it } from 'vitest';
import { locationRecognizer } from '../../src/detect/lexicon/location-recognizer.js';
import { spans } from './lexicon-helpers.js';

const places = (text: string) => spans(locationRecognizer, text);

describe('location-lexicon: places and street addresses', () => {
  it('finds countries and cities from the gazetteer and after place cues', () => {
    expect(places('I will be travelling to Canada next week')).toEqual(['Canada']);
    expect(places('South Africa was super fun to visit!')).toEqual(['South Africa']);
    expect(places('Mr. Baader grew up in Remniku.')).toEqual(['Remniku']);
  });

  it("finds streets in several countries' styles", () => {
    expect(places('send it to 14 Crown Street today')).toEqual(['14 Crown Street']);
    expect(places('Can you please validate Hammarvägen 15')).toEqual(['Hammarvägen 15']);
    expect(places("We'll meet at Rue de Piétrain 371 tomorrow")).toEqual(['Rue de Piétrain 371']);
    expect(places('User: ul. Więckowskiego Stefana 28')).toEqual(['ul. Więckowskiego Stefana 28']);
  });

  it('finds units, post boxes and the lines of an address block', () => {
    expect(places('The bus station is on P.O. Box 104')).toEqual(['P.O. Box 104']);
    expect(places('Debra Neal\n\n1659 Hoog St\n Apt. 839\n Brakpan\n South Africa 70651')).toEqual([
      '1659 Hoog St',
      'Apt. 839',
      'Brakpan',
      'South Africa',
      '70651',
    ]);
  });

  it('leaves ordinary numbers and sentences alone', () => {
    expect(places('I have 3 apples and 42 pears')).toEqual([]);
    expect(places('What is the limit for card 4454794511390933?')).toEqual([]);
  });
});
