import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';

const whole = (value: string) => [{ type: 'EMAIL_ADDRESS', start: 0, end: value.length, score: 1 }];

describe('hash: HMAC-SHA-256 under a referenced key', () => {
  afterEach(() => {
    delete process.env.VEIL_TEST_HASH_KEY;
  });

  // Test case 1 (a 20-byte key of 0x0b); case 2's 4-byte key "Jefe" is now refused as too short.
  it('matches RFC 4231 test case 1', async () => {
    process.env.VEIL_TEST_HASH_KEY = '\x0b'.repeat(20);
    const anonymizer = await createAnonymizer({
      default: { operator: 'hash', key: 'env:VEIL_TEST_HASH_KEY' },
    });
    const value = 'Hi There';
    expect(anonymizer.text(value, whole(value))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });

  it('truncates to the configured length and is deterministic', async () => {
    process.env.VEIL_TEST_HASH_KEY = 'k'.repeat(32);
    const config = { default: { operator: 'hash', key: 'env:VEIL_TEST_HASH_KEY', length: 16 } };
    const a = await createAnonymizer(config);
    const b = await createAnonymizer(config);
    const out = a.text('a@b.example', whole('a@b.example'));
    expect(out).toMatch(/^[0-9a-f]{16}$/);
    expect(b.text('a@b.example', whole('a@b.example'))).toBe(out);
  });

  it('allows a plain SHA-256 only with an explicit salt', async () => {
    const anonymizer = await createAnonymizer({
      default: { operator: 'hash', salt: 'pepper-2024' },
    });
    const expected = createHash('sha256').update('pepper-2024x').digest('hex');
    expect(anonymizer.text('x', whole('x'))).toBe(expected);
    await expect(createAnonymizer({ default: { operator: 'hash' } })).rejects.toThrow(
      /exactly one of `key`/,
    );
  });

  it('refuses a literal key and never echoes it', async () => {
    const attempt = createAnonymizer({ default: { operator: 'hash', key: 'hunter2-secret' } });
    await expect(attempt).rejects.toThrow(/secret reference/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain('hunter2'));
  });

  it('reports a missing key variable by reference, not by value', async () => {
    const attempt = createAnonymizer(
      { entities: { EMAIL_ADDRESS: { operator: 'hash', key: 'env:VEIL_TEST_HASH_KEY' } } },
      { where: "stage 'anonymize' (#1)" },
    );
    await expect(attempt).rejects.toThrow(
      /stage 'anonymize' \(#1\): entities.EMAIL_ADDRESS: cannot build operator 'hash'/,
    );
  });
});
