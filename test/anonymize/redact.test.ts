import { describe, expect, it } from 'vitest';
import { anonymizeText, createAnonymizer } from '../../src/anonymize/anonymizer.js';

const SEED = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";
const SEED_FINDINGS = [
  { type: 'PERSON', start: 0, end: 8, score: 0.85 },
  { type: 'EMAIL_ADDRESS', start: 20, end: 40, score: 1 },
  { type: 'PHONE_NUMBER', start: 58, end: 72, score: 0.75 },
];

describe('redact: seed labels', () => {
  it('turns the seed example into the expected text exactly', async () => {
    expect(SEED.slice(0, 8)).toBe('John Doe');
    expect(SEED.slice(20, 40)).toBe('john.doe@example.com');
    expect(SEED.slice(58, 72)).toBe('(555) 123-4567');
    expect(await anonymizeText(SEED, SEED_FINDINGS)).toBe(
      "[REDACTED NAME]'s email is [REDACTED EMAIL] and his phone is [REDACTED PHONE].",
    );
  });

  it('uses a configured label table and falls back to the type name', async () => {
    const anonymizer = await createAnonymizer({
      default: { operator: 'redact', labels: { PERSON: '[NAME]' } },
    });
    const text = anonymizer.text('Ann saw ABC-1', [
      { type: 'PERSON', start: 0, end: 3, score: 1 },
      { type: 'MY_CUSTOM_ID', start: 8, end: 13, score: 1 },
    ]);
    expect(text).toBe('[NAME] saw [REDACTED MY CUSTOM ID]');
  });

  it('returns the text unchanged when there are no findings', async () => {
    expect(await anonymizeText(SEED, [])).toBe(SEED);
  });
});
