/**
 * The authenticated ciphers Veil uses, behind one small interface, so the envelope format and
 * HPKE can pick one by id without caring where it comes from.
 *
 * - XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha, @noble/ciphers): 24-byte nonces, safe to draw at
 *   random for any realistic number of messages under one key; the default.
 * - AES-256-GCM and AES-128-GCM (NIST SP 800-38D, node:crypto/OpenSSL, AES-NI where present):
 *   exactly 12-byte nonces (SP 800-38D section 8.2.2: random 96-bit IVs, at most 2^32 messages per
 *   key).
 * - ChaCha20-Poly1305 (RFC 8439, @noble/ciphers): 12-byte nonces; used inside HPKE, where nonces
 *   are counters and never random.
 * - AES-256-GCM-SIV (RFC 8452, @noble/ciphers): nonce-misuse resistant; Veil's deterministic mode.
 *
 * Every `open` failure is the same `CryptoError('VEIL_CRYPTO_AUTH')`: callers must not learn
 * whether the key, the AAD, the nonce or the body was wrong.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gcmsiv } from '@noble/ciphers/aes.js';
import { chacha20poly1305, hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CryptoError } from '../errors/crypto-error.js';

export interface Aead {
  /** Name used in options and messages. */
  readonly name: AeadName;
  readonly keyLength: number;
  readonly nonceLength: number;
  readonly tagLength: number;
  /** Returns ciphertext || tag. Borrows its inputs; never keeps them. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Returns the plaintext, or throws `CryptoError('VEIL_CRYPTO_AUTH')`. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

export type AeadName =
  'xchacha20-poly1305' | 'chacha20-poly1305' | 'aes-256-gcm' | 'aes-128-gcm' | 'aes-256-gcm-siv';

function authFailure(what: string): CryptoError {
  return new CryptoError(
    'VEIL_CRYPTO_AUTH',
    `${what}: authentication failed (wrong key, wrong associated data, or the value was altered)`,
  );
}

function checkLengths(aead: Aead, key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== aead.keyLength) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `${aead.name}: key must be ${aead.keyLength} bytes, got ${key.length}`,
    );
  }
  if (nonce.length !== aead.nonceLength) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `${aead.name}: nonce must be ${aead.nonceLength} bytes, got ${nonce.length}`,
    );
  }
}

type NobleCipherFactory = (
  key: Uint8Array,
  nonce: Uint8Array,
  aad?: Uint8Array,
) => {
  encrypt(plaintext: Uint8Array): Uint8Array;
  decrypt(ciphertext: Uint8Array): Uint8Array;
};

function nobleAead(name: AeadName, factory: NobleCipherFactory, nonceLength: number): Aead {
  const aead: Aead = {
    name,
    keyLength: 32,
    nonceLength,
    tagLength: 16,
    seal(key, nonce, plaintext, aad) {
      checkLengths(aead, key, nonce);
      return factory(key, nonce, aad).encrypt(plaintext);
    },
    open(key, nonce, sealed, aad) {
      checkLengths(aead, key, nonce);
      if (sealed.length < 16) throw authFailure(name);
      try {
        return factory(key, nonce, aad).decrypt(sealed);
      } catch {
        throw authFailure(name);
      }
    },
  };
  return aead;
}

// "expand 32-byte k", the ChaCha constant (RFC 8439 section 2.3).
const SIGMA = Uint32Array.of(0x61707865, 0x3320646e, 0x79622d32, 0x6b206574);

/**
 * XChaCha20-Poly1305 built as draft-irtf-cfrg-xchacha section 2.3 describes it: HChaCha20
 * (@noble/ciphers) derives a subkey from the key and the first 16 nonce bytes, then OpenSSL's
 * native ChaCha20-Poly1305 (node:crypto) runs with nonce 0x00000000 || the last 8 nonce bytes.
 * Same bytes as @noble's all-JS `xchacha20poly1305` (the draft's A.3.1 vector checks both), but
 * measured ~4x faster per field-sized message on the development machine (see the crypto bench).
 */
function nativeXChaCha(): Aead {
  // Scratch words, reused: every call is synchronous, node:crypto copies the subkey and the
  // nonce into its own context, and the words are zeroed before returning. Allocating four typed
  // arrays per field measured 13% of encrypt-field's time.
  const keyWords = new Uint32Array(8);
  const keyBytes = new Uint8Array(keyWords.buffer);
  const nonceWords = new Uint32Array(4);
  const nonceBytes = new Uint8Array(nonceWords.buffer);
  const subkeyWords = new Uint32Array(8);
  const subkey = new Uint8Array(subkeyWords.buffer);
  const inner12 = new Uint8Array(12);
  const subkeyFor = (key: Uint8Array, nonce: Uint8Array): Uint8Array => {
    keyBytes.set(key);
    nonceBytes.set(nonce.subarray(0, 16));
    hchacha(SIGMA, keyWords, nonceWords, subkeyWords);
    keyWords.fill(0);
    return subkey;
  };
  const innerNonce = (nonce: Uint8Array): Uint8Array => {
    inner12.set(nonce.subarray(16, 24), 4);
    return inner12;
  };
  const inner = nodeAead('chacha20-poly1305', 32);
  const aead: Aead = {
    name: 'xchacha20-poly1305',
    keyLength: 32,
    nonceLength: 24,
    tagLength: 16,
    seal(key, nonce, plaintext, aad) {
      checkLengths(aead, key, nonce);
      const subkey = subkeyFor(key, nonce);
      try {
        return inner.seal(subkey, innerNonce(nonce), plaintext, aad);
      } finally {
        subkey.fill(0);
      }
    },
    open(key, nonce, sealed, aad) {
      checkLengths(aead, key, nonce);
      const subkey = subkeyFor(key, nonce);
      try {
        return inner.open(subkey, innerNonce(nonce), sealed, aad);
      } catch {
        throw authFailure(aead.name);
      } finally {
        subkey.fill(0);
      }
    },
  };
  return aead;
}

function nodeAead(
  name: 'aes-256-gcm' | 'aes-128-gcm' | 'chacha20-poly1305',
  keyLength: number,
): Aead {
  const aead: Aead = {
    name,
    keyLength,
    nonceLength: 12,
    tagLength: 16,
    seal(key, nonce, plaintext, aad) {
      checkLengths(aead, key, nonce);
      const cipher =
        name === 'chacha20-poly1305'
          ? createCipheriv(name, key, nonce, { authTagLength: 16 })
          : createCipheriv(name, key, nonce, { authTagLength: 16 });
      cipher.setAAD(aad);
      const head = cipher.update(plaintext);
      const tail = cipher.final();
      const tag = cipher.getAuthTag();
      const out = new Uint8Array(head.length + tail.length + 16);
      out.set(head, 0);
      out.set(tail, head.length);
      out.set(tag, head.length + tail.length);
      return out;
    },
    open(key, nonce, sealed, aad) {
      checkLengths(aead, key, nonce);
      if (sealed.length < 16) throw authFailure(name);
      const body = sealed.subarray(0, sealed.length - 16);
      const tag = sealed.subarray(sealed.length - 16);
      try {
        const decipher =
          name === 'chacha20-poly1305'
            ? createDecipheriv(name, key, nonce, { authTagLength: 16 })
            : createDecipheriv(name, key, nonce, { authTagLength: 16 });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        const head = decipher.update(body);
        const tail = decipher.final();
        const out = new Uint8Array(head.length + tail.length);
        out.set(head, 0);
        out.set(tail, head.length);
        return out;
      } catch {
        throw authFailure(name);
      }
    },
  };
  return aead;
}

/** XChaCha20-Poly1305: HChaCha20 (@noble) + native ChaCha20-Poly1305 (node:crypto). */
export const XCHACHA20_POLY1305: Aead = nativeXChaCha();
/** The same algorithm entirely in JavaScript (@noble/ciphers), for cross-checks and the bench. */
export const XCHACHA20_POLY1305_NOBLE: Aead = nobleAead(
  'xchacha20-poly1305',
  xchacha20poly1305,
  24,
);
export const CHACHA20_POLY1305: Aead = nobleAead('chacha20-poly1305', chacha20poly1305, 12);
export const AES_256_GCM_SIV: Aead = nobleAead('aes-256-gcm-siv', gcmsiv, 12);
export const AES_256_GCM: Aead = nodeAead('aes-256-gcm', 32);
export const AES_128_GCM: Aead = nodeAead('aes-128-gcm', 16);

const BY_NAME: Record<AeadName, Aead> = {
  'xchacha20-poly1305': XCHACHA20_POLY1305,
  'chacha20-poly1305': CHACHA20_POLY1305,
  'aes-256-gcm': AES_256_GCM,
  'aes-128-gcm': AES_128_GCM,
  'aes-256-gcm-siv': AES_256_GCM_SIV,
};

export function aeadByName(name: AeadName): Aead {
  return BY_NAME[name];
}
