/**
 * Property tests (fast-check): decrypt(encrypt(x)) = x for arbitrary strings, bytes and JSON
 * values, in every mode; FF1 keeps length and separators and round-trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../src/crypto/bytes.js';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { FormatPreservingCipher } from '../../src/crypto/fpe.js';

// JSON values as JSON.parse would give them back: -0 becomes 0 and undefined keys vanish.
const jsonValue = fc
  .jsonValue()
  .map((v) => JSON.parse(JSON.stringify(v)) as ReturnType<typeof JSON.parse>);
const plaintexts = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.uint8Array({ maxLength: 300 }),
  jsonValue,
);

describe('round trips (fast-check)', () => {
  const manager = new EncryptionManager({ keys: randomBytes(32) });
  const gcmManager = new EncryptionManager({
    keys: randomBytes(32),
    algorithm: 'aes-256-gcm',
    dataKey: true,
  });
  const pair = manager.generateKeyPair();

  it('symmetric: strings, bytes and JSON, with arbitrary AAD', async () => {
    await fc.assert(
      fc.asyncProperty(plaintexts, fc.string(), async (value, aad) => {
        expect(
          await manager.decryptSymmetric(await manager.encryptSymmetric(value, { aad }), { aad }),
        ).toEqual(value);
        expect(
          await gcmManager.decryptSymmetric(await gcmManager.encryptSymmetric(value, { aad }), {
            aad,
          }),
        ).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('deterministic: round-trips, and equal inputs give equal ciphertexts', async () => {
    await fc.assert(
      fc.asyncProperty(plaintexts, fc.string(), async (value, aad) => {
        const a = await manager.encryptDeterministic(value, { aad });
        expect(await manager.encryptDeterministic(value, { aad })).toBe(a);
        expect(await manager.decryptDeterministic(a, { aad })).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it('asymmetric (HPKE): round-trips to the recipient', async () => {
    const { publicKey, privateKey } = await pair;
    await fc.assert(
      fc.asyncProperty(plaintexts, async (value) => {
        const ciphertext = await manager.encryptAsymmetric(value, { recipient: { publicKey } });
        expect(await manager.decryptAsymmetric(ciphertext, { privateKey })).toEqual(value);
      }),
      { numRuns: 100 },
    );
  });

  it('FF1: digits with separators keep their shape and round-trip', () => {
    const fpe = new FormatPreservingCipher(randomBytes(32));
    const shaped = fc
      .array(
        fc.oneof(
          fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
          fc.constantFrom('-', ' ', '/'),
        ),
        {
          minLength: 6,
          maxLength: 40,
        },
      )
      .map((chars) => chars.join(''))
      .filter((text) => text.replace(/\D/g, '').length >= 6);
    fc.assert(
      fc.property(shaped, fc.uint8Array({ maxLength: 16 }), (text, tweak) => {
        const encrypted = fpe.encrypt(text, tweak);
        expect(encrypted.length).toBe(text.length);
        expect(encrypted.replace(/\d/g, '#')).toBe(text.replace(/\d/g, '#'));
        expect(fpe.decrypt(encrypted, tweak)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
