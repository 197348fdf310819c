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

  it('reports an address written inside a sentence, street and town, as one span', () => {
    expect(places("Ship to 4822 O'Conner Mall, Melvinmouth as agreed.")).toEqual([
      "4822 O'Conner Mall, Melvinmouth",
    ]);
    expect(places('Ship to 1455 Geraldine Club, North Royal as agreed.')).toEqual([
      '1455 Geraldine Club, North Royal',
    ]);
    expect(places('Ship to 186 Wunsch Unions, College Station today.')).toEqual([
      '186 Wunsch Unions, College Station',
    ]);
  });

  it('reads ordinal streets, compass points and streets with no street type before a town', () => {
    expect(places('Ship to 330 S 14th Street, West Fanny as agreed.')).toEqual([
      '330 S 14th Street, West Fanny',
    ]);
    expect(places('Ship to 52836 Main Street N, Batzburgh as agreed.')).toEqual([
      '52836 Main Street N, Batzburgh',
    ]);
    expect(places('Ship to 81985 Broadway, Fort Lindsay as agreed.')).toEqual([
      '81985 Broadway, Fort Lindsay',
    ]);
    expect(places('Ship to 7236 The Hawthorns, Cartwrightton as agreed.')).toEqual([
      '7236 The Hawthorns, Cartwrightton',
    ]);
    // A street with no street type needs a town that reads as one after the comma.
    expect(places('We sold 300 Widgets, Gadgets and more.')).toEqual([]);
    expect(places('In 2019 Smith, Newton and Page wrote it.')).toEqual([]);
  });

  it('reads a place prefix before a name as a town', () => {
    expect(places('The depot moved to Fort Rickie last year.')).toEqual(['Fort Rickie']);
  });

  it('leaves ordinary numbers and sentences alone', () => {
    expect(places('I have 3 apples and 42 pears')).toEqual([]);
    expect(places('What is the limit for card 4454794511390933?')).toEqual([]);
  });
});
