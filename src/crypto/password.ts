/**
 * Password-based encryption: scrypt (RFC 7914) derives a 32-byte key from the password and a
 * random 16-byte salt, and XChaCha20-Poly1305 encrypts under it. The salt and the cost
 * parameters travel in the authenticated envelope header.
 *
 * Cost: N = 2^17, r = 8, p = 1 (RFC 7914 section 2 and OWASP's current minimum for scrypt), which
 * needs 128 * N * r = 128 MiB; node's default `maxmem` is 32 MiB, so it is raised to fit. On the
 * development machine one derivation takes ~0.3-0.6 s: this is for files and documents, not for
 * per-field use in pipelines. Decryption refuses parameters below the minimum, so an attacker
 * cannot downgrade the cost by editing the header (the edit also breaks the tag).
 */
import { scrypt } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';
import { XCHACHA20_POLY1305 } from './aead.js';
import { concatBytes, randomBytes, wipe } from './bytes.js';
import {
  EnvelopeAlgorithm,
  encodeHeader,
  envelopeAad,
  parseEnvelope,
  type ContentType,
} from './envelope.js';
import type { Opened } from './symmetric.js';

export const SCRYPT_MIN_LOG_N = 17;
export const SCRYPT_MAX_LOG_N = 22;
const EMPTY = new Uint8Array(0);

export interface ScryptParameters {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_SCRYPT: ScryptParameters = { logN: 17, r: 8, p: 1 };

/** `name` says whose parameters they are in the message: the cost itself or `scryptLimit`. */
function checkParameters(params: ScryptParameters, name = 'scrypt'): void {
  if (
    !Number.isInteger(params.logN) ||
    params.logN < SCRYPT_MIN_LOG_N ||
    params.logN > SCRYPT_MAX_LOG_N
  ) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `${name}: log2(N) must be ${SCRYPT_MIN_LOG_N}..${SCRYPT_MAX_LOG_N}, got ${params.logN}`,
    );
  }
  if (params.r !== 8 || !Number.isInteger(params.p) || params.p < 1 || params.p > 4) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `${name}: expected r = 8 and p in 1..4, got r = ${params.r}, p = ${params.p}`,
    );
  }
}

/** Derives 32 bytes with scrypt; rejects (never throws synchronously). */
export function deriveKeyFromPassword(
  password: string,
  salt: Uint8Array,
  params: ScryptParameters = DEFAULT_SCRYPT,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    try {
      checkParameters(params);
      if (password.length === 0)
        throw new CryptoError('VEIL_CRYPTO_INPUT', 'scrypt: the password is empty');
    } catch (error) {
      reject(error);
      return;
    }
    const N = 2 ** params.logN;
    const maxmem = 128 * N * params.r * params.p + 16 * 1024 * 1024;
    scrypt(
      password.normalize('NFC'),
      salt,
      32,
      { N, r: params.r, p: params.p, maxmem },
      (error, key) => {
        if (error !== null)
          reject(new CryptoError('VEIL_CRYPTO_INPUT', `scrypt failed: ${error.message}`));
        else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
      },
    );
  });
}

export async function sealWithPassword(
  password: string,
  plaintext: Uint8Array,
  options: { aad?: Uint8Array; contentType: ContentType; scrypt?: ScryptParameters },
): Promise<Uint8Array> {
  const params = options.scrypt ?? DEFAULT_SCRYPT;
  const salt = randomBytes(16);
  const key = await deriveKeyFromPassword(password, salt, params);
  try {
    const headerBytes = encodeHeader({
      algorithm: EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305,
      contentType: options.contentType,
      keyId: 'password',
      password: { ...params, salt },
      nonce: randomBytes(24),
    });
    const nonce = headerBytes.subarray(headerBytes.length - 24);
    return concatBytes(
      headerBytes,
      XCHACHA20_POLY1305.seal(
        key,
        nonce,
        plaintext,
        envelopeAad(headerBytes, options.aad ?? EMPTY),
      ),
    );
  } finally {
    wipe(key);
  }
}

/**
 * Opens a password ciphertext. Its header names the scrypt cost, and the key is derived before
 * the tag can be checked, so a forged header could make one attempt take 4 GiB and 128 times
 * the default work: a cost above `limit` (default: the default cost) is refused before scrypt
 * runs.
 */
export async function openWithPassword(
  password: string,
  bytes: Uint8Array,
  aad: Uint8Array = EMPTY,
  limit: ScryptParameters = DEFAULT_SCRYPT,
): Promise<Opened> {
  const { header, headerBytes, sealed } = parseEnvelope(bytes);
  if (
    header.algorithm !== EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305 ||
    header.password === undefined
  ) {
    throw new CryptoError(
      'VEIL_CRYPTO_FORMAT',
      `algorithm id ${header.algorithm} is not password-based`,
    );
  }
  // A limit that is no cost (NaN compares false) would let every header through.
  checkParameters(limit, 'scryptLimit');
  const cost = header.password;
  if (cost.logN > limit.logN || cost.p > limit.p) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      `scrypt: the ciphertext asks for log2(N) = ${cost.logN}, p = ${cost.p}, above this manager's ` +
        `limit (log2(N) = ${limit.logN}, p = ${limit.p}); raise scryptLimit to open it`,
    );
  }
  const key = await deriveKeyFromPassword(password, header.password.salt, header.password);
  try {
    const plaintext = XCHACHA20_POLY1305.open(
      key,
      header.nonce,
      sealed,
      envelopeAad(headerBytes, aad),
    );
    return { plaintext, contentType: header.contentType, keyId: header.keyId };
  } finally {
    wipe(key);
  }
}
