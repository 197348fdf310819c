/**
 * Places and addresses: a span never ends inside a run of letters and digits. The tokenizer cuts
 * the UK outward code "NW1" into "NW" and "1"; a town followed by it ended at "NW" ("London NW"),
 * so anonymization replaced "London NW" and left "1 6XE" of the postcode in clear (and "0J 2H0"
 * of a Canadian "B0J 2H0"). The span now takes the whole outward code and the inward code after it.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const locations = (text: string) => entityTexts(analyzer, text, 'LOCATION');

describe('places: a UK postcode after the town goes with it', () => {
  it('takes the whole postcode after a street address and its town', () => {
    expect(locations('Address: 27 Baker Street, London NW1 6XE.')).toEqual([
      '27 Baker Street, London NW1 6XE',
    ]);
    expect(locations('Send it to 27 Baker Street, London SW1A 1AA please')).toEqual([
      '27 Baker Street, London SW1A 1AA',
    ]);
    expect(locations('I live in London NW1 6XE now')).toEqual(['London NW1 6XE']);
  });

  it('takes a Canadian postcode on the last line of an address block whole', () => {
    const text = 'Billing address: Tintin Forsberg\n  2437 Main St Suite 442\n  Mill Village\n  NS\n  B0J 2H0';
    // The town line too since round 12 (a line of an address block before a province code).
    expect(locations(text)).toEqual(['2437 Main St Suite 442', 'Mill Village', 'NS', 'B0J 2H0']);
  });

  it('takes no number that only follows the outward code', () => {
    // Since round 12 a word glued to digits is a code, never part of a place's name, so the
    // outward code alone ("NW1", a postal district) is left beside the town (see Limitations);
    // a whole postcode still joins it.
    expect(locations('I live in London NW1 600 people')).toEqual(['London']);
    expect(locations('I live in London NW1 6XE now')).toEqual(['London NW1 6XE']);
  });

  it('leaves no part of the postcode in the redacted text', async () => {
    const text = 'Ship to 27 Baker Street, London, NW1 6XE';
    const out = await anonymizeText(text, analyzer.analyze(text));
    expect(out).toBe('Ship to [REDACTED LOCATION]');
  });

  it('still ends a place where its word ends', () => {
    expect(locations('I live in London now')).toEqual(['London']);
    expect(locations('Please send it to 1600 Pennsylvania Avenue NW today.')).toEqual([
      '1600 Pennsylvania Avenue NW',
    ]);
  });
});
