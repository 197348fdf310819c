/**
 * anonymize operator `fake`: each finding becomes a keyed surrogate of its type; the same value
 * maps the same way in every call and anonymizer built with the key, another key maps elsewhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import type { Finding } from '../../src/detect/recognizer.js';
import { isValidCreditCard } from '../../src/detect/validators/index.js';

const TEXT = 'John Doe paid with 4111 1111 1111 1111; call John Doe on (212) 555-0142.';
const findings: Finding[] = [
  { type: 'PERSON', start: 0, end: 8, score: 1 },
  { type: 'CREDIT_CARD', start: 19, end: 38, score: 1 },
  { type: 'PERSON', start: 45, end: 53, score: 1 },
  { type: 'PHONE_NUMBER', start: 57, end: 71, score: 1 },
];

afterEach(() => {
  delete process.env['VEIL_TEST_FAKE_KEY'];
});

describe('fake operator', () => {
  it('replaces every finding with a realistic, consistent surrogate', async () => {
    process.env['VEIL_TEST_FAKE_KEY'] = 'k'.repeat(32);
    const config = { default: { operator: 'fake', key: 'env:VEIL_TEST_FAKE_KEY' } };
    const out = (await createAnonymizer(config)).text(TEXT, findings);
    const match = /^(\S+ \S+) paid with (\d{4} \d{4} \d{4} \d{4}); call (\S+ \S+) on (\(\d{3}\) \d{3}-\d{4})\.$/.exec(out);
    expect(match, out.length.toString()).not.toBeNull();
    const [, name1, card, name2] = match!;
    expect(name1).not.toBe('John Doe');
    expect(name2).toBe(name1);
    expect(isValidCreditCard(card!)).toBe(true);
    // A second anonymizer (another run) with the same key gives the same text.
    expect((await createAnonymizer(config)).text(TEXT, findings)).toBe(out);

    process.env['VEIL_TEST_FAKE_KEY'] = 'z'.repeat(32);
    expect((await createAnonymizer(config)).text(TEXT, findings)).not.toBe(out);
  });

  it('refuses a literal key in the configuration without echoing it', async () => {
    const attempt = createAnonymizer({ default: { operator: 'fake', key: 'my-literal-secret-key-123' } });
    const error = await attempt.then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/operator 'fake': key: must be a secret reference/);
    expect(error.message).not.toContain('my-literal-secret-key-123');
  });
});
