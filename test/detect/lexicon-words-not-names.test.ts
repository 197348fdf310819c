/**
 * Words the name rules took for names (over-redaction, found in round 11): a list of common
 * words read as a surname and a given name ("Colors: Red, Green;"), a department or role after a
 * surname ("Contact: Smith, Admin;", "Garcia, Ops:", "Schmidt, Buchhaltung"), one word between
 * a comma and a colon ("Build failed, Jenkins:", "Java, Python:", "Berlin, Paris:"), the key
 * of a connection string ("Server="), and a weekday or "Update" before a comma and a given name
 * ("Monday, Sarah wrote:"). Since the round 12 break-it pass: products and languages ("Java",
 * "Amazon", "SWIFT") and a contraction before a name ("I'm Maria Rossi").
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts, namesAndPlaces } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: words that are no names', () => {
  it('reads a list of common words as no surname and given name', () => {
    expect(persons('Colors: Red, Green;')).toEqual([]);
    expect(persons('Tags: Red, Blue;')).toEqual([]);
    // A surname of the name lists, or a label, still opens a name.
    expect(persons('Customer: Green, Mark;')).toEqual(['Green', 'Mark']);
    expect(persons('Black, Sarah wrote:')).toEqual(['Black', 'Sarah']);
    expect(persons('Attendees:\nBlack, Sarah;\nKing, Jane')).toEqual([
      'Black',
      'Sarah',
      'King',
      'Jane',
    ]);
  });

  it('reads a weekday or a word that opens a note before a comma as no surname', () => {
    expect(persons('Monday, Siobhan wrote:')).toEqual(['Siobhan']);
    expect(persons('Update, Sarah wrote:')).toEqual(['Sarah']);
    expect(persons('Contact: Friday, Sarah')).toEqual(['Friday', 'Sarah']);
  });

  it('reads a department or role after a surname as no given name', () => {
    expect(persons('Contact: Smith, Admin;')).toEqual(['Smith']);
    expect(persons('Garcia, Ops:')).toEqual(['Garcia']);
    expect(persons('Contact: Schmidt, Buchhaltung')).toEqual(['Schmidt']);
  });

  it('reads one word between a comma and a colon as no name', () => {
    expect(persons('Build failed, Jenkins: see log')).toEqual([]);
    expect(persons('Java, Python: both fine')).toEqual([]);
    expect(namesAndPlaces('Berlin, Paris: flights')).toEqual(['LOCATION:Berlin', 'LOCATION:Paris']);
    // After a surname it is the given name.
    expect(persons('Ticket by Zhang, Wei: address')).toEqual(['Zhang', 'Wei']);
  });

  it('reads the key of a connection string as no name', () => {
    expect(persons('Server=myServerAddress;Database=myDataBase;')).toEqual([]);
  });

  it('reads products, platforms and languages as no name or place', () => {
    expect(namesAndPlaces('We use Java and Python')).toEqual([]);
    expect(namesAndPlaces('Contact Amazon support')).toEqual([]);
    expect(namesAndPlaces('Amazon said the parcel is lost')).toEqual([]);
    expect(namesAndPlaces('Please send the SWIFT code')).toEqual([]);
    // A name around it, an honorific, or a cue for a company still counts.
    expect(persons('Taylor Swift sang')).toEqual(['Taylor Swift']);
    expect(persons('Ms. Swift called')).toEqual(['Swift']);
    expect(namesAndPlaces('I work for Google')).toEqual(['ORGANIZATION:Google']);
  });

  it('leaves a contraction out of the name after it', () => {
    expect(persons("Hi, I'm Maria Rossi")).toEqual(['Maria Rossi']);
    expect(persons('I’m Maria Rossi')).toEqual(['Maria Rossi']);
    expect(persons("i'm roberto")).toEqual(['roberto']);
  });
});
