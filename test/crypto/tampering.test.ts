/**
 * Tampering: flipping any single bit of an envelope (header, nonce, ciphertext, tag) makes
 * decryption fail, for every algorithm; so do a wrong key and wrong associated data.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../src/crypto/bytes.js';
import { encodeContent } from '../../src/crypto/content.js';
import { parseEnvelope } from '../../src/crypto/envelope.js';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { sealAsymmetric, openAsymmetric } from '../../src/crypto/asymmetric.js';
import { generateKeyPair } from '../../src/crypto/hpke.js';
import { StaticKeySet } from '../../src/crypto/key-set.js';
import { openSymmetric, sealDeterministic, sealSymmetric } from '../../src/crypto/symmetric.js';
import { VeilError } from '../../src/errors/veil-error.js';

const keys = new StaticKeySet(randomBytes(32));
const aad = new TextEncoder().encode('customers.email#42');
const { bytes: plaintext, contentType } = encodeContent('jane.roe@example.com');

type Case = {
  name: string;
  sealed: Uint8Array;
  open: (bytes: Uint8Array, aad: Uint8Array) => unknown;
};

const pair = generateKeyPair();
const hpkeKeys = new StaticKeySet(pair.privateKey, {
  id: 'recipient-1',
  purpose: 'hpke',
  publicKey: pair.publicKey,
});

const cases: Case[] = [
  {
    name: 'xchacha20-poly1305',
    sealed: sealSymmetric(keys, plaintext, { contentType, aad }),
    open: (b, a) => openSymmetric(keys, b, a),
  },
  {
    name: 'aes-256-gcm',
    sealed: sealSymmetric(keys, plaintext, { contentType, aad, algorithm: 'aes-256-gcm' }),
    open: (b, a) => openSymmetric(keys, b, a),
  },
  {
    name: 'xchacha20-poly1305 with a wrapped data key',
    sealed: sealSymmetric(keys, plaintext, { contentType, aad, dataKey: true }),
    open: (b, a) => openSymmetric(keys, b, a),
  },
  {
    name: 'aes-256-gcm-siv (deterministic)',
    sealed: sealDeterministic(keys, plaintext, { contentType, aad }),
    open: (b, a) => openSymmetric(keys, b, a),
  },
  {
    name: 'hpke chacha20-poly1305',
    sealed: sealAsymmetric({ keyId: 'recipient-1', publicKey: pair.publicKey }, plaintext, {
      contentType,
      aad,
    }),
    open: (b, a) => openAsymmetric(hpkeKeys, b, a),
  },
  {
    name: 'hpke aes-256-gcm',
    sealed: sealAsymmetric({ keyId: 'recipient-1', publicKey: pair.publicKey }, plaintext, {
      contentType,
      aad,
      aead: 'aes-256-gcm',
    }),
    open: (b, a) => openAsymmetric(hpkeKeys, b, a),
  },
];

function regionOf(sealed: Uint8Array, index: number): string {
  const { headerBytes, header } = parseEnvelope(sealed);
  const nonceStart = headerBytes.length - header.nonce.length;
  if (index < nonceStart) return 'header';
  if (index < headerBytes.length) return 'nonce';
  if (index < sealed.length - 16) return 'ciphertext';
  return 'tag';
}

describe.each(cases)('tampering: $name', ({ sealed, open }) => {
  it('opens the untouched envelope', () => {
    expect(open(sealed, aad)).toBeDefined();
  });

  it('fails on every single-bit flip in every byte (header, nonce, ciphertext, tag)', () => {
    const regions = new Map<string, number>();
    for (let i = 0; i < sealed.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = sealed.slice();
        copy[i] = (copy[i] as number) ^ (1 << bit);
        expect(() => open(copy, aad), `byte ${i} bit ${bit} (${regionOf(sealed, i)})`).toThrow(
          VeilError,
        );
      }
      regions.set(regionOf(sealed, i), (regions.get(regionOf(sealed, i)) ?? 0) + 1);
    }
    expect(regions.get('header')).toBeGreaterThan(5);
    expect(regions.get('ciphertext')).toBeGreaterThan(0);
    expect(regions.get('tag')).toBe(16);
  });

  it('fails on a wrong AAD, a truncated body and an appended byte', () => {
    expect(() => open(sealed, new TextEncoder().encode('customers.email#43'))).toThrow(VeilError);
    expect(() => open(sealed.subarray(0, sealed.length - 1), aad)).toThrow(VeilError);
    const longer = new Uint8Array(sealed.length + 1);
    longer.set(sealed);
    expect(() => open(longer, aad)).toThrow(VeilError);
  });
});

describe('tampering: wrong keys', () => {
  it('a different symmetric key with the same key id fails authentication', async () => {
    const id = 'shared-id';
    const a = new EncryptionManager({ keys: new StaticKeySet(randomBytes(32), { id }) });
    const b = new EncryptionManager({ keys: new StaticKeySet(randomBytes(32), { id }) });
    for (const ciphertext of [await a.encryptSymmetric('x'), await a.encryptDeterministic('x')]) {
      await expect(b.decryptSymmetric(ciphertext)).rejects.toMatchObject({
        code: 'VEIL_CRYPTO_AUTH',
      });
    }
  });

  it('a different key id is reported as an unknown key', async () => {
    const a = new EncryptionManager({ keys: randomBytes(32) });
    const b = new EncryptionManager({ keys: randomBytes(32) });
    await expect(b.decryptSymmetric(await a.encryptSymmetric('x'))).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_KEY',
    });
  });

  it('another recipient private key fails', async () => {
    const manager = new EncryptionManager();
    const alice = await manager.generateKeyPair();
    const mallory = await manager.generateKeyPair();
    const ciphertext = await manager.encryptAsymmetric('for alice', {
      recipient: { publicKey: alice.publicKey },
    });
    expect(await manager.decryptAsymmetric(ciphertext, { privateKey: alice.privateKey })).toBe(
      'for alice',
    );
    await expect(
      manager.decryptAsymmetric(ciphertext, { privateKey: mallory.privateKey }),
    ).rejects.toMatchObject({ code: 'VEIL_CRYPTO_AUTH' });
  });
});
