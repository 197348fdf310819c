import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { encodeDigest } from '../../src/stages/pseudonymize.js';

describe('pseudonymize operator: the engine stage tokens inside text', () => {
  beforeEach(() => {
    process.env.VEIL_TEST_PSEUDO_KEY = 'p'.repeat(32);
  });
  afterEach(() => {
    delete process.env.VEIL_TEST_PSEUDO_KEY;
  });

  it('gives the token the pseudonymize stage computes for the same context and value', async () => {
    const anonymizer = await createAnonymizer({
      default: { operator: 'pseudonymize', key: 'env:VEIL_TEST_PSEUDO_KEY' },
    });
    const text = 'Ann Lee met Ann Lee';
    const out = anonymizer.text(text, [
      { type: 'PERSON', start: 0, end: 7, score: 1 },
      { type: 'PERSON', start: 12, end: 19, score: 1 },
    ]);
    const digest = createHmac('sha256', 'p'.repeat(32))
      .update('PERSON\u0000')
      .update('Ann Lee')
      .digest();
    const token = `PERSON_${encodeDigest(digest, 'base62', 16)}`;
    expect(out).toBe(`${token} met ${token}`);
  });

  it('refuses a key shorter than 16 bytes', async () => {
    process.env.VEIL_TEST_PSEUDO_KEY = 'short';
    await expect(
      createAnonymizer({ default: { operator: 'pseudonymize', key: 'env:VEIL_TEST_PSEUDO_KEY' } }),
    ).rejects.toThrow(/at least 16 are required/);
  });
});
