/**
 * Veil's ciphertext envelope: a compact, self-describing binary layout, and its string form.
 *
 * ```
 * byte 0      magic 0x56 ('V')
 * byte 1      format version (1)
 * byte 2      algorithm id (see `EnvelopeAlgorithm`)
 * byte 3      flags: bit 0 = a wrapped data key follows (envelope encryption)
 * byte 4      content type: 0 bytes, 1 UTF-8 string, 2 JSON
 * byte 5      key id length k (1..255), then k bytes of UTF-8 key id
 * ...         algorithm parameters: password -> logN, r, p, 16-byte salt; HPKE -> 32-byte enc
 * ...         when flag bit 0: 1-byte length w, then w bytes of wrapped data key
 * ...         nonce (the algorithm's nonce length; none for HPKE, whose nonce is derived)
 * ...         ciphertext || 16-byte tag
 * ```
 *
 * Everything before the ciphertext (the header) is bound into the AEAD's associated data, with
 * the caller's AAD after it, length-prefixed: `header || u32be(len(aad)) || aad`. So a flipped
 * bit anywhere in the header (version, algorithm, key id, salt, nonce) fails authentication just
 * like a flipped bit in the body or tag.
 *
 * The string form is `veil.` followed by the base64url (no padding) of the bytes. We rejected
 * JWE compact serialization: five base64 parts and a JSON header cost ~100 bytes per field.
 */
import { CryptoError } from '../errors/crypto-error.js';
import { concatBytes, fromBase64Url, i2osp, toBase64Url, utf8, fromUtf8 } from './bytes.js';

export const ENVELOPE_MAGIC = 0x56;
export const ENVELOPE_VERSION = 1;
export const ENVELOPE_PREFIX = 'veil.';

/** Algorithm ids written in byte 2. Never renumber: old ciphertexts carry these. */
export enum EnvelopeAlgorithm {
  XCHACHA20_POLY1305 = 1,
  AES_256_GCM = 2,
  AES_256_GCM_SIV = 3,
  HPKE_X25519_SHA256_CHACHA20POLY1305 = 4,
  HPKE_X25519_SHA256_AES256GCM = 5,
  SCRYPT_XCHACHA20_POLY1305 = 6,
}

export enum ContentType {
  BYTES = 0,
  STRING = 1,
  JSON = 2,
}

const NONCE_LENGTH: Record<EnvelopeAlgorithm, number> = {
  [EnvelopeAlgorithm.XCHACHA20_POLY1305]: 24,
  [EnvelopeAlgorithm.AES_256_GCM]: 12,
  [EnvelopeAlgorithm.AES_256_GCM_SIV]: 12,
  [EnvelopeAlgorithm.HPKE_X25519_SHA256_CHACHA20POLY1305]: 0,
  [EnvelopeAlgorithm.HPKE_X25519_SHA256_AES256GCM]: 0,
  [EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305]: 24,
};

export function nonceLengthOf(algorithm: EnvelopeAlgorithm): number {
  return NONCE_LENGTH[algorithm];
}

export interface PasswordParameters {
  /** log2 of scrypt's N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Uint8Array;
}

export interface EnvelopeHeader {
  readonly algorithm: EnvelopeAlgorithm;
  readonly contentType: ContentType;
  readonly keyId: string;
  readonly password?: PasswordParameters;
  /** HPKE: the encapsulated key (RFC 9180 `enc`), 32 bytes for X25519. */
  readonly enc?: Uint8Array;
  /** Envelope encryption: the per-message data key, wrapped under the key named by `keyId`. */
  readonly wrappedKey?: Uint8Array;
  readonly nonce: Uint8Array;
}

export interface ParsedEnvelope {
  readonly header: EnvelopeHeader;
  /** The header's exact bytes, bound into the AEAD's associated data. */
  readonly headerBytes: Uint8Array;
  /** Ciphertext || tag. */
  readonly sealed: Uint8Array;
}

function isHpke(algorithm: EnvelopeAlgorithm): boolean {
  return (
    algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_CHACHA20POLY1305 ||
    algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_AES256GCM
  );
}

// Key ids repeat on every message; their UTF-8 bytes are cached (a key set has few versions).
const keyIdBytes = new Map<string, Uint8Array>();

function keyIdToBytes(keyId: string): Uint8Array {
  let bytes = keyIdBytes.get(keyId);
  if (bytes === undefined) {
    bytes = utf8(keyId);
    if (keyIdBytes.size >= 1024) keyIdBytes.clear();
    keyIdBytes.set(keyId, bytes);
  }
  return bytes;
}

/** Serializes a header; throws `CryptoError('VEIL_CRYPTO_INPUT')` on an out-of-range field. */
export function encodeHeader(header: EnvelopeHeader): Uint8Array {
  const keyId = keyIdToBytes(header.keyId);
  if (keyId.length < 1 || keyId.length > 255) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `envelope: key id must be 1..255 UTF-8 bytes, got ${keyId.length}`,
    );
  }
  if (header.nonce.length !== nonceLengthOf(header.algorithm)) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `envelope: nonce must be ${nonceLengthOf(header.algorithm)} bytes`,
    );
  }
  const parts: Uint8Array[] = [
    Uint8Array.of(
      ENVELOPE_MAGIC,
      ENVELOPE_VERSION,
      header.algorithm,
      header.wrappedKey === undefined ? 0 : 1,
      header.contentType,
      keyId.length,
    ),
    keyId,
  ];

  if (header.algorithm === EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305) {
    const p = header.password;
    if (p === undefined || p.salt.length !== 16) {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        'envelope: password parameters with a 16-byte salt are required',
      );
    }
    parts.push(Uint8Array.of(p.logN, p.r, p.p), p.salt);
  } else if (isHpke(header.algorithm)) {
    if (header.enc === undefined || header.enc.length !== 32) {
      throw new CryptoError('VEIL_CRYPTO_INPUT', 'envelope: HPKE needs a 32-byte encapsulated key');
    }
    parts.push(header.enc);
  }

  if (header.wrappedKey !== undefined) {
    if (header.wrappedKey.length < 1 || header.wrappedKey.length > 255) {
      throw new CryptoError('VEIL_CRYPTO_INPUT', 'envelope: wrapped data key must be 1..255 bytes');
    }
    parts.push(Uint8Array.of(header.wrappedKey.length), header.wrappedKey);
  }
  parts.push(header.nonce);
  return concatBytes(...parts);
}

/** The AEAD associated data for a header and the caller's AAD (see the module comment). */
export function envelopeAad(headerBytes: Uint8Array, aad: Uint8Array): Uint8Array {
  return concatBytes(headerBytes, i2osp(aad.length, 4), aad);
}

function formatError(reason: string): CryptoError {
  return new CryptoError('VEIL_CRYPTO_FORMAT', `not a valid Veil ciphertext: ${reason}`);
}

/** Parses envelope bytes; throws `CryptoError('VEIL_CRYPTO_FORMAT')` naming the defect. */
export function parseEnvelope(bytes: Uint8Array): ParsedEnvelope {
  let offset = 0;
  const take = (length: number, what: string): Uint8Array => {
    if (offset + length > bytes.length) throw formatError(`truncated ${what}`);
    const out = bytes.subarray(offset, offset + length);
    offset += length;
    return out;
  };
  const byte = (what: string): number => take(1, what)[0] as number;

  if (byte('magic') !== ENVELOPE_MAGIC) throw formatError('bad magic byte');
  const version = byte('version');
  if (version !== ENVELOPE_VERSION) throw formatError(`unsupported format version ${version}`);
  const algorithm = byte('algorithm') as EnvelopeAlgorithm;
  if (NONCE_LENGTH[algorithm] === undefined) throw formatError(`unknown algorithm id ${algorithm}`);
  const flags = byte('flags');
  if ((flags & ~1) !== 0) throw formatError('unknown flags');
  const contentType = byte('content type') as ContentType;
  if (contentType > ContentType.JSON) throw formatError(`unknown content type ${contentType}`);
  const keyIdLength = byte('key id length');
  if (keyIdLength === 0) throw formatError('empty key id');
  let keyId: string;
  try {
    keyId = fromUtf8(take(keyIdLength, 'key id'));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw formatError('key id is not UTF-8');
  }

  let password: PasswordParameters | undefined;
  let enc: Uint8Array | undefined;
  if (algorithm === EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305) {
    const [logN, r, p] = take(3, 'password parameters');
    password = { logN: logN as number, r: r as number, p: p as number, salt: take(16, 'salt') };
  } else if (isHpke(algorithm)) {
    enc = take(32, 'encapsulated key');
  }

  let wrappedKey: Uint8Array | undefined;
  if ((flags & 1) === 1) {
    const length = byte('wrapped key length');
    if (length === 0) throw formatError('empty wrapped key');
    wrappedKey = take(length, 'wrapped key');
  }
  const nonce = take(nonceLengthOf(algorithm), 'nonce');
  const headerBytes = bytes.subarray(0, offset);
  const sealed = bytes.subarray(offset);
  if (sealed.length < 16) throw formatError('truncated ciphertext (shorter than its tag)');

  const header: EnvelopeHeader = {
    algorithm,
    contentType,
    keyId,
    nonce,
    ...(password === undefined ? {} : { password }),
    ...(enc === undefined ? {} : { enc }),
    ...(wrappedKey === undefined ? {} : { wrappedKey }),
  };
  return { header, headerBytes, sealed };
}

export function envelopeToString(bytes: Uint8Array): string {
  return ENVELOPE_PREFIX + toBase64Url(bytes);
}

/** Decodes the string form; throws `CryptoError('VEIL_CRYPTO_FORMAT')` without echoing it. */
export function envelopeFromString(text: string): Uint8Array {
  if (!text.startsWith(ENVELOPE_PREFIX)) throw formatError(`missing '${ENVELOPE_PREFIX}' prefix`);
  const bytes = fromBase64Url(text.slice(ENVELOPE_PREFIX.length));
  if (bytes === undefined) throw formatError('invalid base64url');
  return bytes;
}

/** True when `value` looks like the string form (a cheap check, not a validation). */
export function isEnvelopeString(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);
}
