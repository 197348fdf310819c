/**
 * DATE_TIME: round 20, the gaps round 19's verification found in dates with month names. An
 * Italian or Spanish abbreviation that is also a word ("gen", "mag", "set") makes no date of a
 * model number or a verb, nor an acronym in capitals ("AVR", "MRZ") with a year alone; a date
 * written with a glued full stop, "1º", a tab or two spaces is found whole; a date's year is no
 * house number of a street after it; and a month that is also a first name ("Jan") does not make
 * the date a PERSON.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { scanEntities } from '../../src/detect/lexicon/entity-scanner.js';
import { spansOfType, typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const dates = (text: string): string[] => spansOfType(analyzer, 'DATE_TIME', text);

describe('date month names: a word-like abbreviation in product prose is no month', () => {
  it.each([
    // A model number before the day: a short code of letters with a digit.
    ['Intel Core i7 12 gen 2022', ['2022']],
    ['RTX4090 8 set 2024', ['2024']],
    ['Galaxy S24 5 set 2024 edition', ['2024']],
    // An English ordinal: a generation.
    ['Core i7 12th gen 2022 laptop', ['2022']],
    // Before the day with no comma: a verb, a generation ("Gen 2").
    ['I set 12 2024 goals', ['2024']],
    ['Snapdragon 8 Gen 2 2023', ['2023']],
    // An acronym in capitals with a year alone: a chip, a passport's machine-readable zone.
    ['AVR 2024 firmware', ['2024']],
    ['MRZ 2024', ['2024']],
    ['the OKT 2024 build', ['2024']],
  ])('%j', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });
});

describe('date month names: real dates with these abbreviations stay dates', () => {
  it.each([
    ['12 Mrz 2024', '12 Mrz 2024'],
    ['Stand: 5. OKT. 2023', '5. OKT. 2023'],
    ['le 3 févr. 2024', '3 févr. 2024'],
    ['Ci vediamo il 12 gen 2024 a Roma', '12 gen 2024'],
    ['Il 12 gen 2024 a Roma', '12 gen 2024'],
    ['Desde 3 ago 2024 hasta hoy', '3 ago 2024'],
    ['Roma, 12 gen 2024', '12 gen 2024'],
    ['Lunedì 5 set 2024', '5 set 2024'],
    ['Data: 8 mag 2024', '8 mag 2024'],
    ['scadenza 12-gen-2024', '12-gen-2024'],
    ['due Gen 14, 2024 noon', 'Gen 14, 2024'],
    // Decided: nothing but the sense says "set" is no month here.
    ['Game, set and match 6 set 2024', '6 set 2024'],
    // With its full stop, or not in capitals, an abbreviation and a year are a month.
    ['seit MRZ. 2024 offen', 'MRZ. 2024'],
    ['seit Mrz 2024 offen', 'Mrz 2024'],
    ['avant DÉC 2024', 'DÉC 2024'],
    ['12 MRZ 2024', '12 MRZ 2024'],
  ])('%j', (text, date) => {
    // A weekday before it is a span of its own ("Lunedì").
    expect(dates(text).filter((span) => span !== 'Lunedì')).toEqual([date]);
  });
});

describe('date month names: the whole date, not its month and year', () => {
  it.each([
    ['am 12.Mrz 2024 erhalten', '12.Mrz 2024'],
    ['am 12.März 2024 erhalten', '12.März 2024'],
    ['bis 12 \tMRZ 2099', '12 \tMRZ 2099'],
    ['il 1º gen 2024', '1º gen 2024'],
    ['il 1° gen 2024', '1° gen 2024'],
    ['am 12 Mär.2024 erhalten', '12 Mär.2024'],
    ['am 12. Mär.2024 erhalten', '12. Mär.2024'],
    ['am 12  Mrz 2024 erhalten', '12  Mrz 2024'],
    ['am 12   März 2024 erhalten', '12   März 2024'],
    ['on the 31st   of March 2024', '31st   of March 2024'],
  ])('%j', (text, date) => {
    expect(typedSpans(analyzer, text)).toEqual([['DATE_TIME', date]]);
  });

  it('a year glued to a full name or an abbreviation without its full stop: no date', () => {
    expect(dates('am 12 März2024 erhalten')).toEqual([]);
    expect(dates('am 12 Mrz2024 erhalten')).toEqual([]);
  });

  it('a word-like one takes a two-digit year between separators or after an apostrophe', () => {
    expect(dates('il 12 set 24 reps')).toEqual([]);
    expect(dates('il 12-set-24')).toEqual(['12-set-24']);
    expect(dates("il 12 set '24")).toEqual(["12 set '24"]);
    expect(dates('am 12 Mrz 24')).toEqual(['12 Mrz 24']);
  });
});

describe("date month names: a date's year is no house number", () => {
  it.each([
    ['12 Mrz 2024 Ref 4711-ABC', [['DATE_TIME', '12 Mrz 2024']]],
    ['12.Mrz 2024 Ref 4711-ABC', [['DATE_TIME', '12.Mrz 2024']]],
    ['12. Mär. 2024 Ref 4711-ABC', [['DATE_TIME', '12. Mär. 2024']]],
    ['14 March 2024 Ref 4711-ABC', [['DATE_TIME', '14 March 2024']]],
    [
      '8 Mai 1945, 75011 Paris',
      [
        ['DATE_TIME', '8 Mai 1945'],
        ['LOCATION', '75011 Paris'],
      ],
    ],
  ] as const)('%j', (text, expected) => {
    expect(typedSpans(analyzer, text)).toEqual(expected);
  });

  it('the lexicon reads no street after the year', () => {
    expect(scanEntities('12 Mrz 2024 Ref 4711-ABC').filter((c) => c.type === 'LOCATION')).toEqual(
      [],
    );
  });

  it('a year alone still opens a street, and a time after a date is still found', () => {
    expect(typedSpans(analyzer, 'in 2024 Ref 4711-ABC')).toEqual([
      ['LOCATION', '2024 Ref 4711-ABC'],
    ]);
    expect(dates('am 12 Mrz 2024 14:30 Uhr')).toEqual(['12 Mrz 2024', '14:30']);
    expect(dates('on 8 May 1945 at 10:00')).toEqual(['8 May 1945', '10:00']);
  });
});

describe('date month names: a month that is also a first name, after or before a day', () => {
  it.each([
    ['seen 14. Jan 2024 by', '14. Jan 2024'],
    ['seen 14 Jan 2024 by', '14 Jan 2024'],
    ['seen Jan 14, 2024 by', 'Jan 14, 2024'],
    ['seen 14. Juni 2024 by', '14. Juni 2024'],
    ['seen 14 June 2024 by', '14 June 2024'],
    ['seen June 14, 2024 by', 'June 14, 2024'],
    ['seen 14. April 2024 by', '14. April 2024'],
    ['seen April 14, 2024 by', 'April 14, 2024'],
    ['seen 14 May 2024 by', '14 May 2024'],
    ['seen May 14, 2024 by', 'May 14, 2024'],
    ['met Jan 5, 2024', 'Jan 5, 2024'],
    ['seen 14. Mai 2024 by', '14. Mai 2024'],
    ['met Jul 5, 2024 with', 'Jul 5, 2024'],
    ['seen 5. Sep 2024 by', '5. Sep 2024'],
  ])('%j', (text, date) => {
    expect(typedSpans(analyzer, text)).toEqual([['DATE_TIME', date]]);
  });
});

// Round 20's verification pass: the first cut took any capitalized word or any word with a digit
// before the day for a model's name and left the day and month of real dates in clear.
describe('date month names: a name, a label, a time or an identifier before the day is no model', () => {
  it.each([
    ['Mario Rossi 12 gen 1980', '12 gen 1980'],
    ['Nome: Mario Rossi 12 gen 1980', '12 gen 1980'],
    ['MARIO ROSSI 12 GEN 1980', '12 GEN 1980'],
    ['Rossi\t12 gen 1980', '12 gen 1980'],
    ['Juan García 3 ene 1975', '3 ene 1975'],
    ['DOB 12 gen 1980', '12 gen 1980'],
    ['Nacido 12 ene 1980', '12 ene 1980'],
    ['Scadenza 5 set 2024', '5 set 2024'],
    ['Entrega 15 ago 2024', '15 ago 2024'],
    ['Roma 12 gen 2024', '12 gen 2024'],
    ['Madrid 3 dic 2024', '3 dic 2024'],
    ['ordine 4711 12 gen 2024', '12 gen 2024'],
    ['Appuntamento ore 10:30 12 gen 2024', '12 gen 2024'],
    ['IBAN IT60X0542811101000000123456 12 gen 2024', '12 gen 2024'],
    ['Viale Roma 12 set 2024', '12 set 2024'],
    ['Pixel 8 mag 2024', '8 mag 2024'],
  ])('%j', (text, date) => {
    // "Viale Roma 12 set 2024": the street and the date merge into one span; redacted either way.
    expect(dates(text).some((span) => span.includes(date))).toBe(true);
  });
});
