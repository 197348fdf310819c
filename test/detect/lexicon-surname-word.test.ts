/**
 * A surname that is also an English word ("Lane", "Stone", "Love", "Bird") stays with the given
 * name before it: redacting the given name alone would leave the surname in the output.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';

const analyzer = createAnalyzer();
const people = (text: string): string[] =>
  analyzer
    .analyze(text)
    .filter((f) => f.type === 'PERSON')
    .map((f) => text.slice(f.start, f.end));

describe('lexicon: surnames that are also English words', () => {
  it('keeps the title-case word after a given name in the name', () => {
    expect(people('Sarah Lane called me.')).toEqual(['Sarah Lane']);
    expect(people('Anna Stone is the owner.')).toEqual(['Anna Stone']);
    expect(people('Customer Jane Love complained.')).toEqual(['Jane Love']);
    expect(people('Signed, Robert Bird')).toEqual(['Robert Bird']);
  });

  it('leaves an article or a word on the next line out', () => {
    expect(people('Hi Sarah The meeting is on.')).toEqual(['Sarah']);
    expect(people('Regards, Sarah\nLove the new design.')).toEqual(['Sarah']);
  });

  it('redacts both names', async () => {
    const anonymizer = await createAnonymizer();
    const text = 'Sarah Lane called me.';
    expect(anonymizer.text(text, analyzer.analyze(text))).toBe('[REDACTED NAME] called me.');
  });
});

describe('lexicon: surname forms', () => {
  it('keeps the surname after a middle initial, and in capitals', () => {
    expect(people('Sarah J. Lane called.')).toEqual(['Sarah J. Lane']);
    expect(people('Sarah J Lane called.')).toEqual(['Sarah J Lane']);
    expect(people('SARAH LANE called.')).toEqual(['SARAH LANE']);
  });

  it('covers the whole name after "from", and reads a street after "down"', () => {
    const text = 'From Sarah Lane, Customer Care';
    expect(analyzer.analyze(text).map((f) => text.slice(f.start, f.end))).toEqual(['Sarah Lane']);
    expect(analyzer.analyze('He walked down Abbey Road.').map((f) => f.type)).toEqual(['LOCATION']);
  });
});

describe('lexicon: a surname after an honorific', () => {
  it('keeps an English-word surname after Mr., Ms., Dr.', () => {
    expect(people('Dear Ms. Lane, thanks.')).toEqual(['Lane']);
    expect(people('Ask Dr. Bird about it.')).toEqual(['Bird']);
    expect(people('Mrs. Love and Mr. Fox met.')).toEqual(['Love', 'Fox']);
  });
});

// The rules above stop at one word and leave out words that are never surnames: title-case
// subject lines and capitalized verbs after a name are ordinary English text.
describe('lexicon: a capitalized word after a name that is not a surname', () => {
  it('leaves function words and verbs out of a given name', () => {
    expect(people('Meeting With John About The Budget')).toEqual(['John']);
    expect(people('Thanks Anna For Your Help')).toEqual(['Anna']);
    expect(people('Call John When You Arrive.')).toEqual(['John']);
    expect(people('When Anna Called, I left.')).toEqual(['Anna']);
    expect(people('Hi Sarah Thanks for the update')).toEqual(['Sarah']);
    expect(people('Lunch with Karen Today')).toEqual(['Karen']);
  });

  it('takes one surname after the given name, not the word after it', () => {
    expect(people('Sarah Lane Said hello.')).toEqual(['Sarah Lane']);
    expect(people('SARAH LANE SIGNED THE FORM')).toEqual(['SARAH LANE']);
    expect(people('Mary Ann Lane arrived.')).toEqual(['Mary Ann Lane']);
  });

  it('takes one word after an honorific', () => {
    expect(people('Ms. Lane Said hello.')).toEqual(['Lane']);
    expect(people('Hello Mr. President, welcome.')).toEqual([]);
  });

  it('keeps an initial and the surname after an honorific together', () => {
    expect(people('Dr. J. Bird approved it.')).toEqual(['J. Bird']);
    expect(people('Dr. J. Smith approved it.')).toEqual(['J. Smith']);
    expect(people('Ask Ms. A. B. Lane today.')).toEqual(['A. B. Lane']);
    expect(people('See Dr. A. Then leave.')).toEqual([]);
  });
});

describe('lexicon: a surname written first', () => {
  it('finds an English-word surname before a comma and a given name in a labelled entry or a list', () => {
    expect(people('Name: Lane, Sarah')).toEqual(['Lane', 'Sarah']);
    expect(people('Customer: Stone, Anna (VIP)')).toEqual(['Stone', 'Anna']);
    expect(people('Lane, Sarah\nStone, Anna\n')).toEqual(['Lane', 'Sarah', 'Stone', 'Anna']);
    expect(people('Attendees:\nKing, Jane; Bird, Robert')).toEqual(['King', 'Jane', 'Bird', 'Robert']);
  });

  it('does not read a greeting or a sentence opener as a surname', () => {
    expect(people('Thanks, John')).toEqual(['John']);
    expect(people('Yes, Sarah')).toEqual(['Sarah']);
    expect(people('However, Sarah said no.')).toEqual(['Sarah']);
  });
});
