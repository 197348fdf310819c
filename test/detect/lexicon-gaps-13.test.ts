/**
 * Gaps of the name, place and organization lexicon that round 12 documented and round 13 closed:
 * firms of two names joined by "and" or "&" read as two people, lists of products read as a
 * firm, the particles of a second surname-first pair after "and", unknown names in a labelled
 * list, a UK outward code alone after its town, a numeric postcode before a country, a PIN after
 * its town in an address block, and a lower-case name after a title with no dot.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts, namesAndPlaces } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');
const places = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('lexicon (round 13): two names joined by "and" that name a firm', () => {
  it('reads the same name twice, or two names with no given name, as one organization', () => {
    expect(namesAndPlaces('We buy from Johnson and Johnson.')).toEqual([
      'ORGANIZATION:Johnson and Johnson',
    ]);
    expect(namesAndPlaces('Procter & Gamble')).toEqual(['ORGANIZATION:Procter & Gamble']);
    expect(namesAndPlaces('I shop at Marks and Spencer.')).toEqual([
      'ORGANIZATION:Marks and Spencer',
    ]);
    expect(namesAndPlaces('made by Black and Decker')).toEqual(['ORGANIZATION:Black and Decker']);
    expect(namesAndPlaces('Thomas and Sons is a bank')).toEqual(['ORGANIZATION:Thomas and Sons']);
    expect(namesAndPlaces('Smith & Co. shipped it')).toEqual(['ORGANIZATION:Smith & Co.']);
  });

  it('keeps people where a given name, a cue or a verb of people says so', () => {
    expect(namesAndPlaces('John Smith and Mary Brown')).toEqual([
      'PERSON:John Smith',
      'PERSON:Mary Brown',
    ]);
    expect(namesAndPlaces('Tom and Jerry')).toEqual(['PERSON:Tom', 'PERSON:Jerry']);
    expect(namesAndPlaces('Smith and Jones signed.')).toEqual(['PERSON:Smith', 'PERSON:Jones']);
    expect(namesAndPlaces('Marrero and Murphy were engineers.')).toEqual([
      'PERSON:Marrero',
      'PERSON:Murphy',
    ]);
    expect(namesAndPlaces('Dear Smith and Jones,')).toEqual(['PERSON:Smith', 'PERSON:Jones']);
    expect(persons('Dr. Smith and Jones')).toEqual(['Smith', 'Jones']);
    // Two pairs of English words with no cue stay unread, as documented.
    expect(namesAndPlaces('Hope Grant and Trace Grant approved it')).toEqual([]);
    expect(namesAndPlaces('Salt and Pepper')).toEqual([]);
  });
});

describe('lexicon (round 13): lists of products', () => {
  it('reports no firm and no person for a list of products', () => {
    expect(namesAndPlaces('We use Chrome, Firefox and Safari.')).toEqual([]);
    expect(namesAndPlaces('Python, Java and Rust')).toEqual([]);
    expect(namesAndPlaces('Chrome, Firefox, Edge and Safari')).toEqual([]);
  });

  it('still reads a firm of surnames', () => {
    expect(namesAndPlaces('Davis, Reynolds and Williamson')).toEqual([
      'ORGANIZATION:Davis, Reynolds and Williamson',
    ]);
  });
});

describe('lexicon (round 13): surname-first pairs joined by "and" or in a labelled list', () => {
  it('finds both pairs with their particles', () => {
    expect(namesAndPlaces('van der Berg, Jan and de Vries, Anna signed.')).toEqual([
      'PERSON:van der Berg',
      'PERSON:Jan',
      'PERSON:de Vries',
      'PERSON:Anna',
    ]);
    expect(persons('Smith, John and Brown, Mary')).toEqual(['Smith', 'John', 'Brown', 'Mary']);
    expect(persons('Name: Smith, John and Brown, Mary')).toEqual([
      'Smith',
      'John',
      'Brown',
      'Mary',
    ]);
  });

  it('finds every entry of a list after Cc:, names of no list too', () => {
    expect(persons('Cc: Smith, John; Brown, Mary')).toEqual(['Smith', 'John', 'Brown', 'Mary']);
    expect(persons("Hi,\nCc: Smith, John; O'Brien, Siobhan; Nowak, Piotr")).toEqual([
      'Smith',
      'John',
      "O'Brien",
      'Siobhan',
      'Nowak',
      'Piotr',
    ]);
    expect(persons("Bcc: O'Brien, Siobhan")).toEqual(["O'Brien", 'Siobhan']);
    expect(namesAndPlaces('Colors: Red, Green; Blue, Yellow')).toEqual([]);
  });
});

describe('lexicon (round 13): a UK outward code after its town', () => {
  it('joins the outward code to a known town', () => {
    expect(places('London NW1')).toEqual(['London NW1']);
    expect(places('Manchester M1')).toEqual(['Manchester M1']);
    expect(places('Leeds LS1')).toEqual(['Leeds LS1']);
    expect(places('Office in London SW1A.')).toEqual(['London SW1A']);
    expect(places('London NW1 6XE')).toEqual(['London NW1 6XE']);
  });

  it('joins no code of another shape, no model name and no label', () => {
    expect(places('I live in London NW1 600 people')).toEqual(['London']);
    expect(namesAndPlaces('my Lenovo E14.')).toEqual([]);
    // A town that is also a name takes the code only where the entry ends: W2 is a tax form too.
    expect(namesAndPlaces('Did Austin W2 arrive?')).toEqual(['PERSON:Austin']);
    expect(places('Leeds LS1 is near')).toEqual(['Leeds LS1']);
    expect(namesAndPlaces('London SKU12')).toEqual(['PERSON:London']);
    expect(namesAndPlaces('Berlin FR38 1234')).toEqual(['LOCATION:Berlin']);
    expect(entityTexts(analyzer, 'NINO AB123456C', 'UK_NINO')).toEqual(['AB123456C']);
    expect(namesAndPlaces('NINO AB123456C')).toEqual([]);
  });
});

describe('lexicon (round 13): numeric postcodes after a town', () => {
  it('takes the postcode between a town and its country', () => {
    expect(places('Madrid, 28013 Spain')).toEqual(['Madrid, 28013', 'Spain']);
    expect(places('Madrid, 28013.')).toEqual(['Madrid, 28013']);
    expect(places('Madrid, 28013 Calle Mayor')).not.toContain('Madrid, 28013');
  });

  it('takes a PIN with its town after a street, as after a town alone', () => {
    expect(places('12 MG Road, Bengaluru 560001')).toEqual(['12 MG Road, Bengaluru 560001']);
    expect(places('Bengaluru 560001')).toEqual(['Bengaluru 560001']);
  });
});

describe('lexicon (round 13): a lower-case name after a title with no dot', () => {
  it('reads a name of the lists, no English word', () => {
    expect(persons('ms jones called')).toEqual(['jones']);
    expect(persons('mr smith said')).toEqual(['smith']);
    expect(persons('open ms word')).toEqual([]);
    expect(persons('100 ms jones')).toEqual([]);
  });
});
