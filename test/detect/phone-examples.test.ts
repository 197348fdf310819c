/**
 * Every example number of libphonenumber's metadata (all regions, all number types), written
 * into a sentence, is found as one PHONE_NUMBER with exactly its span.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { readFixture } from './helpers.js';

type Example = { id: string; value: string; region: string };

describe('phone numbers: libphonenumber examples in a sentence', () => {
  const analyzer = createAnalyzer({ entities: ['PHONE_NUMBER'] });
  const examples = readFixture<Example>('libphonenumber-examples.jsonl');

  it(`finds all ${examples.length} examples with the right span`, () => {
    const prefix = 'Please call ';
    const wrong: string[] = [];
    for (const example of examples) {
      const text = `${prefix}${example.value} tomorrow.`;
      const found = analyzer.analyze(text);
      const ok =
        found.length === 1 &&
        found[0]!.start === prefix.length &&
        found[0]!.end === prefix.length + example.value.length;
      if (!ok) wrong.push(example.id);
    }
    expect(wrong).toEqual([]);
  });

  it('finds the seed example "(555) 123-4567" with a phone context', () => {
    const text = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";
    const found = analyzer.analyze(text);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['(555) 123-4567']);
  });
});
