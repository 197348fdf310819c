/**
 * AEAD primitives: known-answer vectors from RFC 8439, the XChaCha20 draft and RFC 8452, checked
 * in both directions, plus a cross-check of AES-256-GCM (node:crypto) against @noble/ciphers.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import {
  AES_256_GCM,
  AES_256_GCM_SIV,
  CHACHA20_POLY1305,
  XCHACHA20_POLY1305,
  XCHACHA20_POLY1305_NOBLE,
} from '../../src/crypto/aead.js';
import { fromHex, randomBytes, toHex, utf8 } from '../../src/crypto/bytes.js';
import { CryptoError } from '../../src/errors/crypto-error.js';
import { RFC8439_2_8_2, RFC8439_A_5, XCHACHA_A_3_1 } from './fixtures/rfc8439.js';
import { RFC8452_C_2 } from './fixtures/rfc8452.js';

describe('AEAD primitives: known-answer vectors', () => {
  it('ChaCha20-Poly1305 matches RFC 8439 section 2.8.2', () => {
    const v = RFC8439_2_8_2;
    const sealed = CHACHA20_POLY1305.seal(
      fromHex(v.key),
      fromHex(v.nonce),
      utf8(v.plaintext),
      fromHex(v.aad),
    );
    expect(toHex(sealed)).toBe(v.ciphertext + v.tag);
  });

  it('ChaCha20-Poly1305 opens RFC 8439 Appendix A.5', () => {
    const v = RFC8439_A_5;
    const opened = CHACHA20_POLY1305.open(
      fromHex(v.key),
      fromHex(v.nonce),
      fromHex(v.ciphertext + v.tag),
      fromHex(v.aad),
    );
    expect(new TextDecoder().decode(opened)).toBe(v.plaintext);
  });

  it.each([
    ['HChaCha20 + node:crypto', XCHACHA20_POLY1305],
    ['@noble/ciphers', XCHACHA20_POLY1305_NOBLE],
  ] as const)(
    'XChaCha20-Poly1305 (%s) matches draft-irtf-cfrg-xchacha A.3.1 both ways',
    (_name, aead) => {
      const v = XCHACHA_A_3_1;
      const sealed = aead.seal(fromHex(v.key), fromHex(v.nonce), utf8(v.plaintext), fromHex(v.aad));
      expect(toHex(sealed)).toBe(v.ciphertext + v.tag);
      const opened = aead.open(fromHex(v.key), fromHex(v.nonce), sealed, fromHex(v.aad));
      expect(new TextDecoder().decode(opened)).toBe(v.plaintext);
    },
  );

  it('the native XChaCha20-Poly1305 agrees with @noble/ciphers on random inputs', () => {
    for (let i = 0; i < 40; i++) {
      const key = randomBytes(32);
      const nonce = randomBytes(24);
      const aad = randomBytes(i % 7);
      const plaintext = randomBytes(i * 13);
      const ours = XCHACHA20_POLY1305.seal(key, nonce, plaintext, aad);
      expect(toHex(ours)).toBe(toHex(XCHACHA20_POLY1305_NOBLE.seal(key, nonce, plaintext, aad)));
      expect(toHex(XCHACHA20_POLY1305_NOBLE.open(key, nonce, ours, aad))).toBe(toHex(plaintext));
    }
  });

  it.each(RFC8452_C_2.map((v, i) => [i, v] as const))(
    'AES-256-GCM-SIV matches RFC 8452 C.2 vector %i',
    (_i, v) => {
      const sealed = AES_256_GCM_SIV.seal(
        fromHex(v.key),
        fromHex(v.nonce),
        fromHex(v.plaintext),
        fromHex(v.aad),
      );
      expect(toHex(sealed)).toBe(v.result);
      expect(
        toHex(AES_256_GCM_SIV.open(fromHex(v.key), fromHex(v.nonce), sealed, fromHex(v.aad))),
      ).toBe(v.plaintext);
    },
  );

  it('AES-256-GCM from node:crypto agrees with @noble/ciphers on random inputs', () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const aad = randomBytes(i);
      const plaintext = randomBytes(i * 7);
      const ours = AES_256_GCM.seal(key, nonce, plaintext, aad);
      expect(toHex(ours)).toBe(toHex(gcm(key, nonce, aad).encrypt(plaintext)));
      expect(toHex(AES_256_GCM.open(key, nonce, ours, aad))).toBe(toHex(plaintext));
    }
  });

  it('rejects a tampered RFC vector with an authentication error', () => {
    const v = XCHACHA_A_3_1;
    const sealed = fromHex(v.ciphertext + v.tag);
    sealed[0] = (sealed[0] as number) ^ 1;
    expect(() =>
      XCHACHA20_POLY1305.open(fromHex(v.key), fromHex(v.nonce), sealed, fromHex(v.aad)),
    ).toThrow(CryptoError);
  });

  it('refuses wrong nonce lengths: GCM nonces are exactly 12 bytes', () => {
    expect(() =>
      AES_256_GCM.seal(randomBytes(32), randomBytes(16), new Uint8Array(1), new Uint8Array(0)),
    ).toThrow(/nonce must be 12 bytes/);
    expect(() =>
      XCHACHA20_POLY1305.seal(
        randomBytes(32),
        randomBytes(12),
        new Uint8Array(1),
        new Uint8Array(0),
      ),
    ).toThrow(/nonce must be 24 bytes/);
  });
});
