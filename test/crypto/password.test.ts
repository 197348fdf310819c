/**
 * Password-based encryption: scrypt N = 2^17, r = 8, p = 1 with a random 16-byte salt stored in
 * the header; a wrong password fails; weaker parameters are refused both ways.
 */
import { describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { envelopeFromString, parseEnvelope } from '../../src/crypto/envelope.js';
import { sealWithPassword } from '../../src/crypto/password.js';
import { ContentType } from '../../src/crypto/envelope.js';

describe('password-based encryption (scrypt)', () => {
  const manager = new EncryptionManager({ password: 'correct horse battery staple' });

  it('round-trips, stores N = 2^17, r = 8, p = 1 and a fresh 16-byte salt per message', async () => {
    const a = await manager.encryptWithPassword({ diagnosis: 'J45' });
    const b = await manager.encryptWithPassword({ diagnosis: 'J45' });
    const ha = parseEnvelope(envelopeFromString(a)).header;
    const hb = parseEnvelope(envelopeFromString(b)).header;
    expect(ha.password).toMatchObject({ logN: 17, r: 8, p: 1 });
    expect(ha.password?.salt).toHaveLength(16);
    expect(Buffer.from(ha.password?.salt ?? []).equals(Buffer.from(hb.password?.salt ?? []))).toBe(
      false,
    );
    expect(await manager.decryptWithPassword(a)).toEqual({ diagnosis: 'J45' });
  });

  it('fails with a wrong password, as an authentication error', async () => {
    const ciphertext = await manager.encryptWithPassword('secret note');
    await expect(
      manager.decryptWithPassword(ciphertext, { password: 'Correct horse battery staple' }),
    ).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_AUTH',
    });
  });

  it('refuses scrypt parameters below N = 2^17 when encrypting', async () => {
    await expect(
      sealWithPassword('pw', new Uint8Array(1), {
        contentType: ContentType.BYTES,
        scrypt: { logN: 16, r: 8, p: 1 },
      }),
    ).rejects.toThrow('scrypt: log2(N) must be 17..22, got 16');
  });

  it('refuses a header edited down to N = 2^16 when decrypting (no cost downgrade)', async () => {
    const bytes = envelopeFromString(await manager.encryptWithPassword('x'));
    const { headerBytes } = parseEnvelope(bytes);
    const logNOffset = headerBytes.length - 24 - 16 - 3;
    expect(bytes[logNOffset]).toBe(17);
    bytes[logNOffset] = 16;
    await expect(manager.decryptWithPassword(bytes)).rejects.toThrow(/log2\(N\) must be 17/);
  });

  // Nonce and body flips are covered for the same AEAD in tampering.test.ts; each scrypt call
  // costs ~0.5 s, so only the password-specific region (salt) and the tag are flipped here.
  it('fails on a flipped bit in the salt and in the tag', async () => {
    const bytes = envelopeFromString(await manager.encryptWithPassword('four regions'));
    const { headerBytes } = parseEnvelope(bytes);
    const regions = {
      salt: headerBytes.length - 24 - 8,
      tag: bytes.length - 1,
    };
    for (const [region, index] of Object.entries(regions)) {
      const copy = bytes.slice();
      copy[index] = (copy[index] as number) ^ 0x01;
      await expect(manager.decryptWithPassword(copy), region).rejects.toMatchObject({
        code: 'VEIL_CRYPTO_AUTH',
      });
    }
  });
});
