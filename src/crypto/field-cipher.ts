/**
 * Synchronous per-value encryption for record fields, shared by the `encrypt-field` and
 * `decrypt-field` stages and by `EncryptionManager.encryptField`. Built once (keys and subkeys
 * loaded, FF1 instances cached) and then called per value on the hot path without awaiting.
 *
 * AEAD modes turn any JSON value into a `veil.` string and back (the content type restores
 * numbers, booleans, null, objects and arrays). FF1 works on strings and numbers, returns a
 * string of the same shape, and leaves `null` alone.
 */
import type { JsonValue } from '../engine/stage.js';
import { CryptoError } from '../errors/crypto-error.js';
import { KeyStateError } from '../errors/key-state-error.js';
import { decodeContent, encodeContent } from './content.js';
import { envelopeFromString, envelopeToString, isEnvelopeString } from './envelope.js';
import {
  fieldAad,
  fieldAadCandidates,
  fieldTweak,
  openBound,
  type RecordId,
} from './field-binding.js';
import { DIGITS, FormatPreservingCipher } from './fpe.js';
import {
  deriveSubkey,
  requireDecryptable,
  requireEncryptable,
  type KeySet,
  type KeyVersion,
} from './key-set.js';
import { openSymmetric, sealDeterministic, sealSymmetric } from './symmetric.js';

export type FieldAlgorithm = 'xchacha20-poly1305' | 'aes-256-gcm' | 'aes-256-gcm-siv' | 'ff1';

export const FIELD_ALGORITHMS: readonly FieldAlgorithm[] = [
  'xchacha20-poly1305',
  'aes-256-gcm',
  'aes-256-gcm-siv',
  'ff1',
];

export interface FieldCipherOptions {
  readonly algorithm: FieldAlgorithm;
  /** FF1 only: the characters that are encrypted (default digits). */
  readonly alphabet?: string;
  /** AEAD modes: a fresh data key per value, wrapped under the key (envelope encryption). */
  readonly dataKey?: boolean;
  /** FF1 only: the key version to use (FF1 output carries no key id); default the primary. */
  readonly fpeKeyId?: string;
}

export class FieldCipher {
  readonly #keys: KeySet;
  readonly #options: FieldCipherOptions;
  readonly #fpe = new Map<string, FormatPreservingCipher>();

  /** Validates the key set once: its primary must exist (checked again per encryption). */
  constructor(keys: KeySet, options: FieldCipherOptions) {
    if (keys.purpose !== 'symmetric') {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `key '${keys.name}' has purpose '${keys.purpose}'; field encryption needs a symmetric key`,
      );
    }
    this.#keys = keys;
    this.#options = options;
    if (options.algorithm === 'ff1') {
      // Fails early on a bad alphabet, before the first record.
      this.#fpeFor(this.#fpeVersion('decrypt'));
    }
  }

  /**
   * Throws `KeyStateError` unless the version new ciphertexts would use may encrypt: for callers
   * that build a cipher to encrypt a whole input, so that a disabled key fails once, before the
   * first record, instead of rejecting every record (round 13).
   */
  checkEncryptable(): void {
    requireEncryptable(this.#options.algorithm === 'ff1' ? this.#fpeVersion('encrypt') : this.#keys.primary());
  }

  get algorithm(): FieldAlgorithm {
    return this.#options.algorithm;
  }

  // FF1 output names no key: encryption uses the primary, decryption the primary too (even when
  // disabled, since disabled keys still decrypt) unless `fpeKeyId` names another version.
  #fpeVersion(direction: 'encrypt' | 'decrypt'): KeyVersion {
    const id = this.#options.fpeKeyId;
    if (id !== undefined) return this.#keys.byId(id);
    return direction === 'encrypt' ? this.#keys.primary() : this.#keys.byId(this.#keys.primaryId);
  }

  #fpeFor(version: KeyVersion): FormatPreservingCipher {
    let cipher = this.#fpe.get(version.id);
    if (cipher === undefined) {
      const material = requireDecryptable(version);
      cipher = new FormatPreservingCipher(
        deriveSubkey(material, 'ff1'),
        this.#options.alphabet ?? DIGITS,
      );
      this.#fpe.set(version.id, cipher);
    }
    return cipher;
  }

  /** Encrypts one value found at `path`; throws `CryptoError`/`KeyStateError` naming the path. */
  encryptValue(value: JsonValue, path: string, recordId?: RecordId): JsonValue {
    try {
      if (this.#options.algorithm === 'ff1') {
        if (value === null) return null;
        const version = this.#fpeVersion('encrypt');
        requireEncryptable(version);
        return this.#fpeFor(version).encrypt(ff1Text(value), fieldTweak(path, recordId));
      }
      const { bytes, contentType } = encodeContent(value);
      const aad = fieldAad(path, recordId);
      const sealed =
        this.#options.algorithm === 'aes-256-gcm-siv'
          ? sealDeterministic(this.#keys, bytes, { aad, contentType })
          : sealSymmetric(this.#keys, bytes, {
              aad,
              contentType,
              algorithm: this.#options.algorithm,
              dataKey: this.#options.dataKey ?? false,
            });
      return envelopeToString(sealed);
    } catch (error) {
      throw located(error, path);
    }
  }

  /** Decrypts one value found at `path`, restoring its JSON type (AEAD modes). */
  decryptValue(value: JsonValue, path: string, recordId?: RecordId): JsonValue {
    try {
      if (this.#options.algorithm === 'ff1') {
        if (value === null) return null;
        // FF1 would "decrypt" the digits of an AEAD envelope into noise without any error.
        if (isEnvelopeString(value)) {
          throw new CryptoError(
            'VEIL_CRYPTO_FORMAT',
            'value is an AEAD ciphertext, not FF1 output: decrypt it with an AEAD algorithm',
          );
        }
        return this.#fpeFor(this.#fpeVersion('decrypt')).decrypt(
          ff1Text(value),
          fieldTweak(path, recordId),
        );
      }
      if (typeof value !== 'string') {
        throw new CryptoError(
          'VEIL_CRYPTO_FORMAT',
          `expected an encrypted string, found a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
        );
      }
      const envelope = envelopeFromString(value);
      // Typed-id (v2) binding first, then the v1 binding of ciphertexts written before it.
      const opened = openBound(fieldAadCandidates(path, recordId), (aad) =>
        openSymmetric(this.#keys, envelope, aad),
      );
      return decodeContent(opened.plaintext, opened.contentType) as JsonValue;
    } catch (error) {
      throw located(error, path);
    }
  }
}

function ff1Text(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new CryptoError(
    'VEIL_CRYPTO_INPUT',
    `FF1 encrypts strings and numbers, found a ${Array.isArray(value) ? 'array' : typeof value}`,
  );
}

// Prefixes the field path; the original error's code and class are kept.
function located(error: unknown, path: string): unknown {
  if (error instanceof KeyStateError) {
    error.message = `field '${path}': ${error.message}`;
    return error;
  }
  if (error instanceof CryptoError) {
    return new CryptoError(
      error.code as ConstructorParameters<typeof CryptoError>[0],
      `field '${path}': ${error.message}`,
      { cause: error },
    );
  }
  return error;
}
