/**
 * anonymize: keyed operators refuse short keys. `hash` and `date-shift` took a key of any length
 * (a one-byte HMAC key is 256 guesses away from every e-mail it hashed), while `pseudonymize`
 * already asked for 16 bytes; all three now refuse a shorter key when built, without echoing it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';

const VARIABLE = 'VEIL_TEST_OPERATOR_KEY';
const OPERATORS = [
  { operator: 'hash', key: `env:${VARIABLE}` },
  { operator: 'date-shift', key: `env:${VARIABLE}` },
  { operator: 'pseudonymize', key: `env:${VARIABLE}` },
] as const;

describe('anonymize: keyed operators need a key of at least 16 bytes', () => {
  afterEach(() => {
    delete process.env[VARIABLE];
  });

  for (const spec of OPERATORS) {
    it(`${spec.operator} refuses a 15-byte key and does not echo it`, async () => {
      process.env[VARIABLE] = 'Qz7'.repeat(5);
      const attempt = createAnonymizer(
        { entities: { EMAIL_ADDRESS: spec } },
        { where: "stage 'anonymize' (#1)" },
      );
      // The variable is named (round 13: "the key from env: is 15 bytes" did not say which), as
      // the resolver names one that is not set; its value never is.
      await expect(attempt).rejects.toThrow(
        `stage 'anonymize' (#1): ${spec.operator}: the key from env:${VARIABLE} is 15 bytes; at least 16 are required`,
      );
      await attempt.catch((error: Error) => {
        expect(error.message).not.toContain('Qz7');
      });
    });

    it(`${spec.operator} withholds a name not written as one (a secret pasted after env:)`, async () => {
      const pasted = 'hunter2Secret';
      process.env[pasted] = 'short';
      try {
        const attempt = createAnonymizer({ entities: { EMAIL_ADDRESS: { ...spec, key: `env:${pasted}` } } });
        await expect(attempt).rejects.toThrow(/the key from env: \(name withheld: not written as a name\) is 5 bytes/);
        await attempt.catch((error: Error) => expect(error.message).not.toContain(pasted));
      } finally {
        delete process.env[pasted];
      }
    });

    it(`${spec.operator} accepts a 16-byte key`, async () => {
      process.env[VARIABLE] = 'Qz7k'.repeat(4);
      const anonymizer = await createAnonymizer({ entities: { DATE_TIME: spec } });
      const text = 'on 2024-03-01';
      const out = anonymizer.text(text, [{ type: 'DATE_TIME', start: 3, end: 13, score: 1 }]);
      expect(out.startsWith('on ')).toBe(true);
      expect(out).not.toContain('2024-03-01');
    });
  }
});
