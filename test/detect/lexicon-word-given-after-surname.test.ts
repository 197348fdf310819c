/**
 * Names written "Last, First" whose given name is also an English word ("Rose", "Mark", "Will"):
 * after a surname found and its comma, as an entry of a list or after a label, the given name is
 * found (verify11, 2026-12-05). Before, it was dropped as a common word and left in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { namesAndPlaces as found } from './lexicon-helpers.js';

describe('lexicon: a given name that is an English word after "Surname,"', () => {
  it('is found as an entry of a list or after a label', () => {
    expect(found('Brown, Rose wrote:')).toEqual(['PERSON:Brown', 'PERSON:Rose']);
    expect(found('Smith, Will;')).toEqual(['PERSON:Smith', 'PERSON:Will']);
    expect(found('Customer: Green, Mark;')).toEqual(['PERSON:Green', 'PERSON:Mark']);
    expect(found('Customer: Stone, Rose (VIP)')).toEqual(['PERSON:Stone', 'PERSON:Rose']);
  });

  it('leaves a word that opens a sentence after a name and its comma alone', () => {
    expect(found('Hi Sarah, Hope you are well')).toEqual(['PERSON:Sarah']);
    expect(found('Contact: Smith, Sales;')).toEqual(['PERSON:Smith']);
  });

  it('leaves no part of the names in the anonymized list', async () => {
    const analyzer = createAnalyzer({});
    const text = 'Assigned to: Black, Jack; White, Rose; Green, Holly';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'Assigned to: [REDACTED NAME], [REDACTED NAME]; [REDACTED NAME], [REDACTED NAME]; ' +
        '[REDACTED NAME], [REDACTED NAME]',
    );
  });
});
