/**
 * Street addresses left in clear by round 13's break-it pass: French house numbers with a comma
 * or "bis" ("5, rue de Rivoli"), "bd" and "av.", German street types cut short ("Hauptstr. 12"),
 * ranges and letters after a hyphen ("5-7", "123-H"), Spanish floors ("2º izq."), a dash before
 * the postcode, a postcode and a known town with no street ("20122 Milano MI"), PO boxes of other
 * languages ("Postfach 10 01 23"), and a stack overflow on texts of many candidates.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { locationRecognizer } from '../../src/detect/lexicon/location-recognizer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');
const people = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('address: French house numbers and street types', () => {
  it('reads a comma or "bis" between the number and the street type', () => {
    expect(places("J'habite 5, rue de Rivoli, 75001 Paris")).toEqual([
      '5, rue de Rivoli, 75001 Paris',
    ]);
    expect(places('domicilié 3 bis, avenue Foch, 69006 Lyon')).toEqual([
      '3 bis, avenue Foch, 69006 Lyon',
    ]);
    // From the start of a line an address is one span per element, as forms list them.
    expect(places("14, avenue de l'Opéra, 75001 Paris")).toEqual([
      "14, avenue de l'Opéra",
      '75001 Paris',
    ]);
    expect(people("J'habite 5, rue de Rivoli, 75001 Paris")).toEqual([]);
  });

  it('reads "bd" and "av." after a house number', () => {
    expect(places('Adresse : 12 bd Voltaire, 75011 Paris')).toEqual([
      '12 bd Voltaire, 75011 Paris',
    ]);
    expect(places('3 av. Jean Jaurès, 69007 Lyon')).toEqual(['3 av. Jean Jaurès', '69007 Lyon']);
    expect(people('3 av. Jean Jaurès, 69007 Lyon')).toEqual([]);
  });

  it('leaves a two-letter word before an English word alone', () => {
    expect(places('Windows 10 os Build 19045')).toEqual([]);
    expect(places('I paid 20 via PayPal')).toEqual([]);
  });
});

describe('address: German street types cut short', () => {
  it('reads "str." and "pl." before the house number', () => {
    expect(places('Lieferung an Hauptstr. 12')).toEqual(['Hauptstr. 12']);
    expect(places('Goethestr. 7')).toEqual(['Goethestr. 7']);
    expect(places('Wohnt in der Müllerstr. 12a')).toEqual(['Müllerstr. 12a']);
    expect(places('Adresse: Bahnhofstr. 3, 80335 München')).toEqual([
      'Bahnhofstr. 3, 80335 München',
    ]);
    expect(places('Marktpl. 1, 69117 Heidelberg')).toEqual(['Marktpl. 1', '69117 Heidelberg']);
  });

  it('reads common words after an address label, before a postcode and a town', () => {
    expect(places('Anschrift: Am Hang 3, 12345 Dorf')).toEqual(['Am Hang 3, 12345 Dorf']);
    expect(places('Adresse: An der Alster 5, 20099 Hamburg')).toEqual([
      'An der Alster 5, 20099 Hamburg',
    ]);
    // No label: common words and a number are no street.
    expect(places('Am Hang 3, 12345 Dorf')).toEqual([]);
  });
});

describe('address: the rest of the house number', () => {
  it('takes a range or a letter after a hyphen', () => {
    expect(places('Anschrift: Hauptstraße 5-7, 10115 Berlin')).toEqual([
      'Hauptstraße 5-7, 10115 Berlin',
    ]);
    expect(places('Keizersgracht 123-H, 1015 CJ Amsterdam')).toEqual([
      'Keizersgracht 123-H',
      '1015 CJ Amsterdam',
    ]);
  });

  it('takes a Spanish floor and door, and a comma before the number', () => {
    expect(places('Calle de Alcalá, 42, 2º izq., 28014 Madrid')).toEqual([
      'Calle de Alcalá, 42, 2º izq.',
      '28014 Madrid',
    ]);
    expect(places('Calle Mayor 5, 3º B, 28013 Madrid')).toEqual([
      'Calle Mayor 5, 3º B',
      '28013 Madrid',
    ]);
    expect(people('Calle de Alcalá, 42, 2º izq., 28014 Madrid')).toEqual([]);
  });

  it('takes a postcode after a dash', () => {
    expect(places('Via Giuseppe Garibaldi, 7 - 10122 Torino')).toEqual([
      'Via Giuseppe Garibaldi, 7',
      '10122 Torino',
    ]);
    expect(places('Abito in Via Dante, 12 - 20122 Milano MI')).toEqual([
      'Via Dante, 12 - 20122 Milano MI',
    ]);
  });
});

describe('address: a postcode and a known town with no street', () => {
  it('reads five digits before a known town', () => {
    expect(places('20122 Milano MI')).toEqual(['20122 Milano MI']);
    expect(places('I moved to 10115 Berlin last year')).toEqual(['10115 Berlin']);
    expect(places('Col. Crédito Constructor, 03940 Ciudad de México')).toEqual([
      'Col. Crédito Constructor',
      '03940 Ciudad de México',
    ]);
  });

  it('leaves a year before a town alone', () => {
    expect(places('In 2019 Berlin hosted the final')).toEqual(['Berlin']);
    expect(places('the 2019-2020 Berlin season')).toEqual(['Berlin']);
  });
});

describe('address: PO boxes', () => {
  it('reads PO boxes of German, Spanish and Italian', () => {
    expect(places('Postfach 10 01 23, 80075 München')).toEqual([
      'Postfach 10 01 23',
      '80075 München',
    ]);
    expect(places('Apartado de correos 1234, 28080 Madrid')).toEqual([
      'Apartado de correos 1234',
      '28080 Madrid',
    ]);
    expect(places('Casella postale 45, 00100 Roma')).toEqual(['Casella postale 45', '00100 Roma']);
    expect(people('Casella postale 45, 00100 Roma')).toEqual([]);
  });

  it('takes the "PO" before "Box"', () => {
    expect(places('Ship to PO Box 1234, Springfield, IL 62704')).toEqual([
      'PO Box 1234, Springfield, IL 62704',
    ]);
  });

  it('reads "apartado" alone as no PO box', () => {
    expect(places('según el apartado 3 del contrato')).toEqual([]);
  });
});

describe('address: texts of many candidates', () => {
  // The lexicon scan alone (where the candidates were spread into one call): the whole analyzer
  // runs every pattern recognizer over the 1.8 MB too, for no more coverage.
  it('scans them without overflowing the stack', () => {
    const list = Array.from(
      { length: 45_000 },
      (_, i) => `Anna Schmidt, ${i + 1} Main St, Springfield`,
    ).join('\n');
    expect(locationRecognizer.analyze(list, {}).length).toBeGreaterThan(0);
    const dates = '14 Mar '.repeat(150_000);
    expect(() => locationRecognizer.analyze(dates, {})).not.toThrow();
  });
});
