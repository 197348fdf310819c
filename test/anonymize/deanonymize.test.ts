/**
 * deanonymize: a text anonymized with a reversible operator (`encrypt`, `fpe`) comes back with
 * the key; one-way pieces stay redacted; a tampered replacement or a wrong key is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const KEY_VAR = 'VEIL_TEST_DEANON_KEY';
afterEach(() => {
  delete process.env[KEY_VAR];
});

const text = "John Doe's email is john.doe@example.com and his card is 4111 1111 1111 1111.";
const operators = {
  default: { operator: 'redact' },
  entities: {
    EMAIL_ADDRESS: { operator: 'encrypt', key: `env:${KEY_VAR}` },
    CREDIT_CARD: { operator: 'fpe', key: `env:${KEY_VAR}` },
  },
};

describe('anonymize: deanonymize reversible operators', () => {
  it('restores encrypted and format-preserved spans, keeps one-way redactions', async () => {
    process.env[KEY_VAR] = 'q'.repeat(32);
    const privacy = new PrivacyManager();
    const { text: anonymized, items } = await privacy.anonymizeTextReversibly(text, { operators: operators as never });
    expect(anonymized).not.toContain('john.doe@example.com');
    expect(anonymized).not.toContain('4111 1111 1111 1111');
    expect(anonymized.startsWith('[REDACTED NAME]')).toBe(true);

    const restored = await privacy.deanonymizeText(anonymized, items, { operators: operators as never });
    expect(restored).toBe("[REDACTED NAME]'s email is john.doe@example.com and his card is 4111 1111 1111 1111.");
  });

  it('refuses a tampered ciphertext and a wrong key without echoing either', async () => {
    process.env[KEY_VAR] = 'q'.repeat(32);
    const privacy = new PrivacyManager();
    const { text: anonymized, items } = await privacy.anonymizeTextReversibly(text, { operators: operators as never });
    const email = items.find((i) => i.type === 'EMAIL_ADDRESS')!;
    const ciphertext = anonymized.slice(email.start, email.end);
    const flipped = ciphertext.slice(0, -3) + (ciphertext.at(-3) === 'A' ? 'B' : 'A') + ciphertext.slice(-2);
    const tampered = anonymized.slice(0, email.start) + flipped + anonymized.slice(email.end);
    const error = await privacy.deanonymizeText(tampered, items, { operators: operators as never }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(ciphertext);

    process.env[KEY_VAR] = 'z'.repeat(32);
    const other = new PrivacyManager();
    await expect(other.deanonymizeText(anonymized, items, { operators: operators as never })).rejects.toBeInstanceOf(Error);
  });
});
