/**
 * A password ciphertext's header names its scrypt cost and the key is derived before the tag can
 * be checked: a forged header asking for N = 2^22, p = 4 would cost 4 GiB of memory per attempt.
 * Decryption refuses a cost above the manager's limit (by default its own encryption cost)
 * before scrypt runs, and a larger limit can be set to open ciphertexts made at a higher cost.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { envelopeFromString, parseEnvelope } from '../../src/crypto/envelope.js';

const PASSWORD = 'correct horse battery staple';

/** Offsets of log2(N) and p in a password envelope: ... logN, r, p, salt (16), nonce (24). */
function costOffsets(bytes: Uint8Array): { logN: number; p: number } {
  const { headerBytes } = parseEnvelope(bytes);
  const logN = headerBytes.length - 24 - 16 - 3;
  return { logN, p: logN + 2 };
}

describe('password decryption: scrypt cost limit', () => {
  const manager = new EncryptionManager({ password: PASSWORD });

  it('refuses a header forged up to N = 2^22, p = 4 at once, without deriving a key', async () => {
    const bytes = envelopeFromString(await manager.encryptWithPassword('x'));
    const at = costOffsets(bytes);
    expect(bytes[at.logN]).toBe(17);
    bytes[at.logN] = 22;
    bytes[at.p] = 4;
    const started = performance.now();
    await expect(manager.decryptWithPassword(bytes)).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_INPUT',
      message: expect.stringContaining('log2(N) = 22, p = 4, above'),
    });
    // A generous ceiling, not a timing target: the forged cost (N = 2^22, p = 4) takes about 18 s
    // to derive here, so finishing well under that shows no derivation ran.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a raised p alone', async () => {
    const bytes = envelopeFromString(await manager.encryptWithPassword('x'));
    bytes[costOffsets(bytes).p] = 2;
    await expect(manager.decrypt(bytes)).rejects.toMatchObject({ code: 'VEIL_CRYPTO_INPUT' });
  });

  it('opens a ciphertext made at a higher cost when its own cost or scryptLimit allows it', async () => {
    const strong = new EncryptionManager({ password: PASSWORD, scrypt: { logN: 18, r: 8, p: 1 } });
    const ciphertext = await strong.encryptWithPassword({ note: 'kept' });
    expect(await strong.decryptWithPassword(ciphertext)).toEqual({ note: 'kept' });
    await expect(manager.decryptWithPassword(ciphertext)).rejects.toMatchObject({ code: 'VEIL_CRYPTO_INPUT' });
    const raised = new EncryptionManager({ password: PASSWORD, scryptLimit: { logN: 18, r: 8, p: 1 } });
    expect(await raised.decryptWithPassword(ciphertext)).toEqual({ note: 'kept' });
  });

  it('refuses a scryptLimit that is no cost (NaN compared false and let every header through)', async () => {
    const bytes = envelopeFromString(await manager.encryptWithPassword('x'));
    bytes[costOffsets(bytes).logN] = 22;
    for (const scryptLimit of [
      { logN: Number.NaN, r: 8, p: 1 },
      { logN: 17, r: 8, p: Number.NaN },
      { logN: 30, r: 8, p: 1 },
    ]) {
      const loose = new EncryptionManager({ password: PASSWORD, scryptLimit });
      const started = performance.now();
      await expect(loose.decryptWithPassword(bytes)).rejects.toMatchObject({
        code: 'VEIL_CRYPTO_INPUT',
        message: expect.stringContaining('scryptLimit'),
      });
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});
