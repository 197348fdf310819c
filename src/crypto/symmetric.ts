/**
 * Symmetric envelopes: randomized AEAD (XChaCha20-Poly1305 by default, AES-256-GCM as an option),
 * deterministic AEAD (AES-256-GCM-SIV), and envelope encryption with a fresh data key per message.
 *
 * Nonces: XChaCha20 draws 24 random bytes (a collision after 2^80 messages is negligible);
 * AES-256-GCM draws exactly 12 random bytes (NIST SP 800-38D section 8.3 caps random-IV use at
 * 2^32 messages per key; rotate before that, or use `dataKey`, which gives every message its own
 * key). The deterministic mode derives its nonce from the associated data alone, so equal
 * plaintexts under equal AAD give equal ciphertexts: it leaks equality, by design, and nothing
 * more (RFC 8452 section 9 on nonce reuse in AES-GCM-SIV).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError } from '../errors/crypto-error.js';
import { AES_256_GCM, AES_256_GCM_SIV, XCHACHA20_POLY1305, type Aead } from './aead.js';
import { concatBytes, randomBytes, utf8, wipe } from './bytes.js';
import {
  ContentType,
  EnvelopeAlgorithm,
  encodeHeader,
  envelopeAad,
  parseEnvelope,
  type EnvelopeHeader,
} from './envelope.js';
import {
  deriveSubkey,
  requireDecryptable,
  requireEncryptable,
  type KeySet,
  type SubkeyUse,
} from './key-set.js';

export type SymmetricAlgorithm = 'xchacha20-poly1305' | 'aes-256-gcm';

const EMPTY = new Uint8Array(0);

const RANDOMIZED: Record<
  SymmetricAlgorithm,
  { id: EnvelopeAlgorithm; aead: Aead; use: SubkeyUse }
> = {
  'xchacha20-poly1305': {
    id: EnvelopeAlgorithm.XCHACHA20_POLY1305,
    aead: XCHACHA20_POLY1305,
    use: 'xchacha20-poly1305',
  },
  'aes-256-gcm': { id: EnvelopeAlgorithm.AES_256_GCM, aead: AES_256_GCM, use: 'aes-256-gcm' },
};

export interface SealOptions {
  readonly algorithm?: SymmetricAlgorithm;
  readonly aad?: Uint8Array;
  readonly contentType: ContentType;
  /** Envelope encryption: encrypt under a fresh random data key, stored wrapped in the header. */
  readonly dataKey?: boolean;
}

export interface Opened {
  readonly plaintext: Uint8Array;
  readonly contentType: ContentType;
  readonly keyId: string;
}

// The wrapped data key: XChaCha20-Poly1305 under the version's key-wrap subkey, with the key id
// as AAD so that a wrapped key copied into an envelope naming another key fails to unwrap.
function wrapDataKey(material: Uint8Array, keyId: string, dataKey: Uint8Array): Uint8Array {
  const nonce = randomBytes(24);
  const sealed = XCHACHA20_POLY1305.seal(
    deriveSubkey(material, 'key-wrap'),
    nonce,
    dataKey,
    utf8(`veil/v1/dek/${keyId}`),
  );
  return concatBytes(nonce, sealed);
}

function unwrapDataKey(material: Uint8Array, keyId: string, wrapped: Uint8Array): Uint8Array {
  if (wrapped.length !== 24 + 32 + 16) {
    throw new CryptoError(
      'VEIL_CRYPTO_FORMAT',
      'not a valid Veil ciphertext: wrapped data key has the wrong length',
    );
  }
  return XCHACHA20_POLY1305.open(
    deriveSubkey(material, 'key-wrap'),
    wrapped.subarray(0, 24),
    wrapped.subarray(24),
    utf8(`veil/v1/dek/${keyId}`),
  );
}

/** Encrypts with the key set's primary version and a random nonce; returns envelope bytes. */
export function sealSymmetric(
  keys: KeySet,
  plaintext: Uint8Array,
  options: SealOptions,
): Uint8Array {
  const { id, aead, use } = RANDOMIZED[options.algorithm ?? 'xchacha20-poly1305'];
  const version = keys.primary();
  const material = requireEncryptable(version);

  let key: Uint8Array;
  let wrappedKey: Uint8Array | undefined;
  if (options.dataKey === true) {
    key = randomBytes(32);
    wrappedKey = wrapDataKey(material, version.id, key);
  } else {
    key = deriveSubkey(material, use);
  }

  const header: EnvelopeHeader = {
    algorithm: id,
    contentType: options.contentType,
    keyId: version.id,
    nonce: randomBytes(aead.nonceLength),
    ...(wrappedKey === undefined ? {} : { wrappedKey }),
  };
  const headerBytes = encodeHeader(header);
  const sealed = aead.seal(
    key,
    header.nonce,
    plaintext,
    envelopeAad(headerBytes, options.aad ?? EMPTY),
  );
  if (wrappedKey !== undefined) wipe(key);
  return concatBytes(headerBytes, sealed);
}

/** HMAC-SHA256(nonce subkey, aad), first 12 bytes: the deterministic mode's nonce. */
function deterministicNonce(material: Uint8Array, aad: Uint8Array): Uint8Array {
  return hmac(sha256, deriveSubkey(material, 'aes-256-gcm-siv-nonce'), aad).subarray(0, 12);
}

/** Deterministic AES-256-GCM-SIV: the same key, AAD and plaintext always give the same bytes. */
export function sealDeterministic(
  keys: KeySet,
  plaintext: Uint8Array,
  options: { aad?: Uint8Array; contentType: ContentType },
): Uint8Array {
  const version = keys.primary();
  const material = requireEncryptable(version);
  const aad = options.aad ?? EMPTY;
  const header: EnvelopeHeader = {
    algorithm: EnvelopeAlgorithm.AES_256_GCM_SIV,
    contentType: options.contentType,
    keyId: version.id,
    nonce: deterministicNonce(material, aad),
  };
  const headerBytes = encodeHeader(header);
  const sealed = AES_256_GCM_SIV.seal(
    deriveSubkey(material, 'aes-256-gcm-siv'),
    header.nonce,
    plaintext,
    envelopeAad(headerBytes, aad),
  );
  return concatBytes(headerBytes, sealed);
}

/**
 * Decrypts envelope bytes made by `sealSymmetric` or `sealDeterministic`, choosing the key
 * version by the key id in the header. Any tampering throws `CryptoError('VEIL_CRYPTO_AUTH')`.
 */
export function openSymmetric(keys: KeySet, bytes: Uint8Array, aad: Uint8Array = EMPTY): Opened {
  const { header, headerBytes, sealed } = parseEnvelope(bytes);
  const fullAad = envelopeAad(headerBytes, aad);

  let aead: Aead;
  let use: SubkeyUse;
  switch (header.algorithm) {
    case EnvelopeAlgorithm.XCHACHA20_POLY1305:
      aead = XCHACHA20_POLY1305;
      use = 'xchacha20-poly1305';
      break;
    case EnvelopeAlgorithm.AES_256_GCM:
      aead = AES_256_GCM;
      use = 'aes-256-gcm';
      break;
    case EnvelopeAlgorithm.AES_256_GCM_SIV:
      aead = AES_256_GCM_SIV;
      use = 'aes-256-gcm-siv';
      break;
    default:
      throw new CryptoError(
        'VEIL_CRYPTO_FORMAT',
        `algorithm id ${header.algorithm} is not a symmetric-key algorithm`,
      );
  }
  if (header.wrappedKey !== undefined && header.algorithm === EnvelopeAlgorithm.AES_256_GCM_SIV) {
    throw new CryptoError(
      'VEIL_CRYPTO_FORMAT',
      'not a valid Veil ciphertext: deterministic values carry no data key',
    );
  }

  const material = requireDecryptable(keys.byId(header.keyId));
  if (header.wrappedKey !== undefined) {
    const dataKey = unwrapDataKey(material, header.keyId, header.wrappedKey);
    try {
      return {
        plaintext: aead.open(dataKey, header.nonce, sealed, fullAad),
        contentType: header.contentType,
        keyId: header.keyId,
      };
    } finally {
      wipe(dataKey);
    }
  }
  const plaintext = aead.open(deriveSubkey(material, use), header.nonce, sealed, fullAad);
  return { plaintext, contentType: header.contentType, keyId: header.keyId };
}
