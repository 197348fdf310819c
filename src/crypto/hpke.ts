/**
 * HPKE, RFC 9180, base mode (mode_base = 0x00), with DHKEM(X25519, HKDF-SHA256) (kem_id 0x0020),
 * HKDF-SHA256 (kdf_id 0x0001) and one of AES-128-GCM (0x0001), AES-256-GCM (0x0002) or
 * ChaCha20Poly1305 (0x0003). Built on @noble/curves (X25519) and @noble/hashes (HKDF); the AEADs
 * are the ones in `aead.ts`.
 *
 * We wrote the ~100 lines of the key schedule rather than add a dependency: the RFC's own test
 * vectors (Appendix A.1 and A.2) pin every intermediate value, and the tests check all of them.
 * The PSK and Auth modes are not provided; Veil only needs "encrypt to a recipient's public key".
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError } from '../errors/crypto-error.js';
import { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305, type Aead } from './aead.js';
import { concatBytes, i2osp, randomBytes, utf8 } from './bytes.js';

export type HpkeAeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
const AEAD_IDS: Record<HpkeAeadName, { id: number; aead: Aead }> = {
  'aes-128-gcm': { id: 0x0001, aead: AES_128_GCM },
  'aes-256-gcm': { id: 0x0002, aead: AES_256_GCM },
  'chacha20-poly1305': { id: 0x0003, aead: CHACHA20_POLY1305 },
};
const N_SECRET = 32;
const N_H = 32;
const HPKE_V1 = utf8('HPKE-v1');
const EMPTY = new Uint8Array(0);

const KEM_SUITE = concatBytes(utf8('KEM'), i2osp(KEM_ID, 2));

function suiteOf(aeadId: number): Uint8Array {
  return concatBytes(utf8('HPKE'), i2osp(KEM_ID, 2), i2osp(KDF_ID, 2), i2osp(aeadId, 2));
}

// RFC 9180 section 4: LabeledExtract and LabeledExpand.
function labeledExtract(
  suite: Uint8Array,
  salt: Uint8Array,
  label: string,
  ikm: Uint8Array,
): Uint8Array {
  return extract(sha256, concatBytes(HPKE_V1, suite, utf8(label), ikm), salt);
}

function labeledExpand(
  suite: Uint8Array,
  prk: Uint8Array,
  label: string,
  info: Uint8Array,
  length: number,
): Uint8Array {
  return expand(
    sha256,
    prk,
    concatBytes(i2osp(length, 2), HPKE_V1, suite, utf8(label), info),
    length,
  );
}

export interface HpkeKeyPair {
  /** 32-byte X25519 private key (SerializePrivateKey). */
  readonly privateKey: Uint8Array;
  /** 32-byte X25519 public key (SerializePublicKey). */
  readonly publicKey: Uint8Array;
}

/** RFC 9180 section 7.1.3: DeriveKeyPair for X25519. */
export function deriveKeyPair(ikm: Uint8Array): HpkeKeyPair {
  if (ikm.length < 32)
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `HPKE: ikm must be at least 32 bytes, got ${ikm.length}`,
    );
  const dkpPrk = labeledExtract(KEM_SUITE, EMPTY, 'dkp_prk', ikm);
  const privateKey = labeledExpand(KEM_SUITE, dkpPrk, 'sk', EMPTY, 32);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

export function generateKeyPair(): HpkeKeyPair {
  return deriveKeyPair(randomBytes(32));
}

export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  checkKey(privateKey, 'private key');
  return x25519.getPublicKey(privateKey);
}

function checkKey(key: Uint8Array, what: string): void {
  if (key.length !== 32)
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `HPKE: X25519 ${what} must be 32 bytes, got ${key.length}`,
    );
}

// RFC 7748 section 6.1: an all-zero shared secret means a small-order public key; RFC 9180
// section 7.1.4 requires DH to fail then.
function dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, publicKey);
  } catch (error) {
    throw new CryptoError('VEIL_CRYPTO_INPUT', 'HPKE: invalid X25519 public key', { cause: error });
  }
  let acc = 0;
  for (const byte of shared) acc |= byte;
  if (acc === 0)
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      'HPKE: X25519 shared secret is zero (small-order public key)',
    );
  return shared;
}

function extractAndExpand(dhValue: Uint8Array, kemContext: Uint8Array): Uint8Array {
  const eaePrk = labeledExtract(KEM_SUITE, EMPTY, 'eae_prk', dhValue);
  return labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', kemContext, N_SECRET);
}

/** The values a key schedule produces (exposed for the RFC's test vectors). */
export interface KeyScheduleOutput {
  readonly key: Uint8Array;
  readonly baseNonce: Uint8Array;
  readonly exporterSecret: Uint8Array;
}

/** RFC 9180 section 5.1, mode_base only (empty psk and psk_id). */
export function keySchedule(
  aeadName: HpkeAeadName,
  sharedSecret: Uint8Array,
  info: Uint8Array,
): KeyScheduleOutput {
  const { id, aead } = AEAD_IDS[aeadName];
  const suite = suiteOf(id);
  const pskIdHash = labeledExtract(suite, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = labeledExtract(suite, EMPTY, 'info_hash', info);
  const context = concatBytes(Uint8Array.of(0x00), pskIdHash, infoHash);
  const secret = labeledExtract(suite, sharedSecret, 'secret', EMPTY);
  return {
    key: labeledExpand(suite, secret, 'key', context, aead.keyLength),
    baseNonce: labeledExpand(suite, secret, 'base_nonce', context, aead.nonceLength),
    exporterSecret: labeledExpand(suite, secret, 'exp', context, N_H),
  };
}

/** An HPKE encryption context (RFC 9180 section 5.2); sequence numbers advance per message. */
export class HpkeContext {
  readonly #aead: Aead;
  readonly #suite: Uint8Array;
  readonly #schedule: KeyScheduleOutput;
  #sequence = 0;

  constructor(aeadName: HpkeAeadName, schedule: KeyScheduleOutput) {
    this.#aead = AEAD_IDS[aeadName].aead;
    this.#suite = suiteOf(AEAD_IDS[aeadName].id);
    this.#schedule = schedule;
  }

  #nextNonce(): Uint8Array {
    // Number.MAX_SAFE_INTEGER is far below 2^96 - 1, RFC 9180's limit for a 12-byte nonce.
    if (this.#sequence >= Number.MAX_SAFE_INTEGER)
      throw new CryptoError('VEIL_CRYPTO_INPUT', 'HPKE: message limit reached');
    const seq = i2osp(this.#sequence, this.#aead.nonceLength);
    const nonce = this.#schedule.baseNonce.slice();
    for (let i = 0; i < nonce.length; i++) nonce[i] = (nonce[i] as number) ^ (seq[i] as number);
    this.#sequence += 1;
    return nonce;
  }

  seal(plaintext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    return this.#aead.seal(this.#schedule.key, this.#nextNonce(), plaintext, aad);
  }

  open(ciphertext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    // The sequence number only advances on success (RFC 9180 section 5.2, ContextR.Open).
    const sequence = this.#sequence;
    const nonce = this.#nextNonce();
    try {
      return this.#aead.open(this.#schedule.key, nonce, ciphertext, aad);
    } catch (error) {
      this.#sequence = sequence;
      throw error;
    }
  }

  /** RFC 9180 section 5.3: Export(exporter_context, L). */
  export(exporterContext: Uint8Array, length: number): Uint8Array {
    return labeledExpand(
      this.#suite,
      this.#schedule.exporterSecret,
      'sec',
      exporterContext,
      length,
    );
  }
}

/**
 * SetupBaseS: encapsulates to `recipientPublicKey`. `ikmE` fixes the ephemeral key (tests only;
 * leave it out and a fresh random one is drawn).
 */
export function setupBaseSender(
  aeadName: HpkeAeadName,
  recipientPublicKey: Uint8Array,
  info: Uint8Array,
  ikmE?: Uint8Array,
): { enc: Uint8Array; context: HpkeContext; sharedSecret: Uint8Array } {
  checkKey(recipientPublicKey, 'public key');
  const ephemeral = ikmE === undefined ? generateKeyPair() : deriveKeyPair(ikmE);
  const dhValue = dh(ephemeral.privateKey, recipientPublicKey);
  const enc = ephemeral.publicKey;
  const sharedSecret = extractAndExpand(dhValue, concatBytes(enc, recipientPublicKey));
  return {
    enc,
    context: new HpkeContext(aeadName, keySchedule(aeadName, sharedSecret, info)),
    sharedSecret,
  };
}

/** SetupBaseR: decapsulates `enc` with the recipient's private key. */
export function setupBaseRecipient(
  aeadName: HpkeAeadName,
  enc: Uint8Array,
  recipientPrivateKey: Uint8Array,
  info: Uint8Array,
): HpkeContext {
  checkKey(enc, 'encapsulated key');
  checkKey(recipientPrivateKey, 'private key');
  const dhValue = dh(recipientPrivateKey, enc);
  const sharedSecret = extractAndExpand(
    dhValue,
    concatBytes(enc, x25519.getPublicKey(recipientPrivateKey)),
  );
  return new HpkeContext(aeadName, keySchedule(aeadName, sharedSecret, info));
}
