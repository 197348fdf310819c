/**
 * `EncryptionManager`: Veil's programmatic encryption API. One object, configured with the keys
 * it may use, offering each kind of encryption under the name a TypeScript user would look for.
 *
 * ```ts
 * import { EncryptionManager, EncryptionType, openKeyring } from 'veil';
 * const keyring = await openKeyring({ storePath, masterKey: { env: 'VEIL_MASTER_KEY' } });
 * const manager = new EncryptionManager({ keys: keyring.keySet('customers') });
 * const sealed = await manager.encryptSymmetric({ plan: 'gold' }, { aad: 'customer:42' });
 * const plan = await manager.decryptSymmetric(sealed, { aad: 'customer:42' });
 * const row = await manager.encryptField({ data: record, field: ['email', 'ssn'], recordId: 'id',
 *   encryptionType: EncryptionType.SYMMETRIC });
 * ```
 *
 * Every method returns a promise and rejects (never throws synchronously). Inputs are borrowed,
 * never kept; outputs are fresh. Ciphertexts are `veil.`-prefixed base64url strings (see
 * `envelope.ts`); the `...Bytes` variants give the raw envelope.
 */
import type { JsonRecord, JsonValue } from '../engine/stage.js';
import { compileFieldPath } from '../engine/field-path.js';
import { CryptoError } from '../errors/crypto-error.js';
import { openAsymmetric, sealAsymmetric, type AsymmetricAead } from './asymmetric.js';
import { fromBase64Url, toBase64Url, utf8 } from './bytes.js';
import { decodeContent, encodeContent, type Plaintext } from './content.js';
import {
  envelopeFromString,
  envelopeToString,
  parseEnvelope,
  EnvelopeAlgorithm,
} from './envelope.js';
import {
  fieldAad,
  fieldAadCandidates,
  openBoundAsync,
  type RecordId,
} from './field-binding.js';
import { FieldCipher, type FieldAlgorithm } from './field-cipher.js';
import { DIGITS, FormatPreservingCipher } from './fpe.js';
import { generateKeyPair, publicKeyOf } from './hpke.js';
import {
  StaticKeySet,
  deriveSubkey,
  rawKeyId,
  requireDecryptable,
  requireEncryptable,
  type KeySet,
} from './key-set.js';
import {
  DEFAULT_SCRYPT,
  openWithPassword,
  sealWithPassword,
  type ScryptParameters,
} from './password.js';
import {
  openSymmetric,
  sealDeterministic,
  sealSymmetric,
  type SymmetricAlgorithm,
} from './symmetric.js';

/** The kinds of encryption `encryptField` and `decryptField` offer (names as in the seed). */
export enum EncryptionType {
  SYMMETRIC = 'symmetric',
  ASYMMETRIC = 'asymmetric',
  DETERMINISTIC = 'deterministic',
  FORMAT_PRESERVING = 'format-preserving',
  PASSWORD = 'password',
}

export interface EncryptionManagerOptions {
  /** Symmetric key set (keyring) or a raw 32-byte key: SYMMETRIC, DETERMINISTIC, FORMAT_PRESERVING. */
  readonly keys?: KeySet | Uint8Array;
  /** Randomized AEAD for SYMMETRIC; default XChaCha20-Poly1305. */
  readonly algorithm?: SymmetricAlgorithm;
  /** SYMMETRIC: a fresh data key per message, wrapped under `keys` (envelope encryption). */
  readonly dataKey?: boolean;
  /** FORMAT_PRESERVING: the characters encrypted (default digits); others stay in place. */
  readonly alphabet?: string;
  /** ASYMMETRIC encryption: the recipient's X25519 public key (bytes or base64url) and its id. */
  readonly recipient?: { readonly publicKey: Uint8Array | string; readonly keyId?: string };
  /** ASYMMETRIC decryption: an `hpke` key set (keyring) holding the private keys. */
  readonly privateKeys?: KeySet;
  /** ASYMMETRIC: the AEAD inside HPKE; default ChaCha20-Poly1305. */
  readonly asymmetricAead?: AsymmetricAead;
  /** PASSWORD: the password (from the caller, never from a pipeline file). */
  readonly password?: string;
  /** PASSWORD: scrypt cost; default N = 2^17, r = 8, p = 1. */
  readonly scrypt?: ScryptParameters;
  /**
   * PASSWORD decryption: the highest scrypt cost a ciphertext may ask for (its header chooses,
   * and the key is derived before the tag is checked); default the larger of `scrypt` and the
   * default cost. Up to log2(N) = 22, p = 4.
   */
  readonly scryptLimit?: ScryptParameters;
}

export interface AadOption {
  /** Associated data: authenticated, not encrypted; decryption must pass the same value. */
  readonly aad?: string | Uint8Array;
}

export interface FieldOptions {
  /** The record (not modified: a copy is returned). */
  readonly data: JsonRecord;
  /** One dotted path or a list (`customer.email`, `contacts[].phone`). */
  readonly field: string | readonly string[];
  readonly encryptionType: EncryptionType;
  /** Path of the record's identifier, bound into each field's AAD (or FF1 tweak). */
  readonly recordId?: string;
}

function aadBytes(aad: string | Uint8Array | undefined): Uint8Array {
  if (aad === undefined) return new Uint8Array(0);
  return typeof aad === 'string' ? utf8(aad) : aad;
}

function ciphertextBytes(ciphertext: string | Uint8Array): Uint8Array {
  return typeof ciphertext === 'string' ? envelopeFromString(ciphertext) : ciphertext;
}

function publicKeyBytes(key: Uint8Array | string): Uint8Array {
  const bytes = typeof key === 'string' ? fromBase64Url(key) : key;
  if (bytes === undefined || bytes.length !== 32) {
    throw new CryptoError(
      'VEIL_CRYPTO_INPUT',
      'recipient public key must be 32 bytes (X25519), raw or base64url',
    );
  }
  return bytes;
}

export class EncryptionManager {
  readonly #options: EncryptionManagerOptions;
  readonly #keys: KeySet | undefined;

  constructor(options: EncryptionManagerOptions = {}) {
    this.#options = options;
    this.#keys = options.keys instanceof Uint8Array ? new StaticKeySet(options.keys) : options.keys;
  }

  #symmetricKeys(): KeySet {
    if (this.#keys === undefined) {
      throw new CryptoError(
        'VEIL_CRYPTO_KEY',
        'no symmetric key configured: pass `keys` to the EncryptionManager',
      );
    }
    if (this.#keys.purpose !== 'symmetric') {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `key '${this.#keys.name}' has purpose '${this.#keys.purpose}'; this operation needs a symmetric key`,
      );
    }
    return this.#keys;
  }

  // ---- symmetric authenticated encryption -------------------------------------------------

  /** Randomized AEAD (XChaCha20-Poly1305 by default): strings, bytes and JSON values in. */
  async encryptSymmetric(data: Plaintext, options: AadOption = {}): Promise<string> {
    return envelopeToString(await this.encryptSymmetricBytes(data, options));
  }

  async encryptSymmetricBytes(data: Plaintext, options: AadOption = {}): Promise<Uint8Array> {
    const { bytes, contentType } = encodeContent(data);
    return sealSymmetric(this.#symmetricKeys(), bytes, {
      contentType,
      aad: aadBytes(options.aad),
      algorithm: this.#options.algorithm ?? 'xchacha20-poly1305',
      dataKey: this.#options.dataKey ?? false,
    });
  }

  /** Decrypts a symmetric or deterministic ciphertext; returns what was encrypted. */
  async decryptSymmetric(
    ciphertext: string | Uint8Array,
    options: AadOption = {},
  ): Promise<Plaintext> {
    const opened = openSymmetric(
      this.#symmetricKeys(),
      ciphertextBytes(ciphertext),
      aadBytes(options.aad),
    );
    return decodeContent(opened.plaintext, opened.contentType);
  }

  // ---- deterministic encryption -----------------------------------------------------------

  /**
   * AES-256-GCM-SIV with a nonce derived from the AAD: equal inputs give equal ciphertexts, so
   * encrypted columns can be joined and grouped. It leaks which values are equal, by design.
   */
  async encryptDeterministic(data: Plaintext, options: AadOption = {}): Promise<string> {
    const { bytes, contentType } = encodeContent(data);
    return envelopeToString(
      sealDeterministic(this.#symmetricKeys(), bytes, { contentType, aad: aadBytes(options.aad) }),
    );
  }

  async decryptDeterministic(
    ciphertext: string | Uint8Array,
    options: AadOption = {},
  ): Promise<Plaintext> {
    return this.decryptSymmetric(ciphertext, options);
  }

  // ---- format-preserving encryption -------------------------------------------------------

  #fpe(direction: 'encrypt' | 'decrypt', keyId?: string): FormatPreservingCipher {
    const keys = this.#symmetricKeys();
    const version = keys.byId(keyId ?? keys.primaryId);
    const material =
      direction === 'encrypt' ? requireEncryptable(version) : requireDecryptable(version);
    return new FormatPreservingCipher(
      deriveSubkey(material, 'ff1'),
      this.#options.alphabet ?? DIGITS,
    );
  }

  /**
   * FF1 (NIST SP 800-38G): a card number stays a card-shaped string. Not authenticated. The
   * output names no key: decrypt with the same key version (`keyId`, default the primary).
   */
  async encryptFormatPreserving(
    value: string,
    options: { tweak?: string | Uint8Array; keyId?: string } = {},
  ): Promise<string> {
    return this.#fpe('encrypt', options.keyId).encrypt(value, aadBytes(options.tweak));
  }

  async decryptFormatPreserving(
    value: string,
    options: { tweak?: string | Uint8Array; keyId?: string } = {},
  ): Promise<string> {
    return this.#fpe('decrypt', options.keyId).decrypt(value, aadBytes(options.tweak));
  }

  // ---- asymmetric (HPKE) ------------------------------------------------------------------

  /** A fresh X25519 key pair; the public key also as base64url, ready to hand out. */
  async generateKeyPair(): Promise<{ publicKey: string; privateKey: Uint8Array; keyId: string }> {
    const pair = generateKeyPair();
    return {
      publicKey: toBase64Url(pair.publicKey),
      privateKey: pair.privateKey,
      keyId: rawKeyId(pair.publicKey),
    };
  }

  /** The base64url public key of a private key. */
  async exportPublicKey(privateKey: Uint8Array): Promise<string> {
    return toBase64Url(publicKeyOf(privateKey));
  }

  /** Checks and decodes a base64url public key (32 bytes, X25519). */
  async importPublicKey(publicKey: string): Promise<Uint8Array> {
    return publicKeyBytes(publicKey);
  }

  /** HPKE (RFC 9180) to the configured recipient, or to `recipient` given here. */
  async encryptAsymmetric(
    data: Plaintext,
    options: AadOption & { recipient?: { publicKey: Uint8Array | string; keyId?: string } } = {},
  ): Promise<string> {
    const recipient = options.recipient ?? this.#options.recipient;
    if (recipient === undefined)
      throw new CryptoError('VEIL_CRYPTO_KEY', 'no recipient public key configured');
    const publicKey = publicKeyBytes(recipient.publicKey);
    const { bytes, contentType } = encodeContent(data);
    const sealed = sealAsymmetric(
      { publicKey, keyId: recipient.keyId ?? rawKeyId(publicKey) },
      bytes,
      {
        contentType,
        aad: aadBytes(options.aad),
        aead: this.#options.asymmetricAead ?? 'chacha20-poly1305',
      },
    );
    return envelopeToString(sealed);
  }

  /** Opens with `privateKeys` (a keyring `hpke` key) or a raw private key given here. */
  async decryptAsymmetric(
    ciphertext: string | Uint8Array,
    options: AadOption & { privateKey?: Uint8Array } = {},
  ): Promise<Plaintext> {
    const bytes = ciphertextBytes(ciphertext);
    let keys = this.#options.privateKeys;
    if (options.privateKey !== undefined) {
      const publicKey = publicKeyOf(options.privateKey);
      keys = new StaticKeySet(options.privateKey, {
        id: parseEnvelope(bytes).header.keyId,
        purpose: 'hpke',
        publicKey,
      });
    }
    if (keys === undefined)
      throw new CryptoError(
        'VEIL_CRYPTO_KEY',
        'no private key configured for asymmetric decryption',
      );
    if (keys.purpose !== 'hpke') {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `key '${keys.name}' has purpose '${keys.purpose}'; asymmetric decryption needs an hpke key`,
      );
    }
    const opened = openAsymmetric(keys, bytes, aadBytes(options.aad));
    return decodeContent(opened.plaintext, opened.contentType);
  }

  // ---- password-based ---------------------------------------------------------------------

  #password(password?: string): string {
    const value = password ?? this.#options.password;
    if (value === undefined) throw new CryptoError('VEIL_CRYPTO_KEY', 'no password configured');
    return value;
  }

  /** scrypt (N = 2^17, r = 8, p = 1, random 16-byte salt) + XChaCha20-Poly1305. */
  async encryptWithPassword(
    data: Plaintext,
    options: AadOption & { password?: string } = {},
  ): Promise<string> {
    const { bytes, contentType } = encodeContent(data);
    const sealed = await sealWithPassword(this.#password(options.password), bytes, {
      contentType,
      aad: aadBytes(options.aad),
      ...(this.#options.scrypt === undefined ? {} : { scrypt: this.#options.scrypt }),
    });
    return envelopeToString(sealed);
  }

  async decryptWithPassword(
    ciphertext: string | Uint8Array,
    options: AadOption & { password?: string } = {},
  ): Promise<Plaintext> {
    const own = this.#options.scrypt ?? DEFAULT_SCRYPT;
    const limit = this.#options.scryptLimit ?? {
      logN: Math.max(own.logN, DEFAULT_SCRYPT.logN),
      r: 8,
      p: Math.max(own.p, DEFAULT_SCRYPT.p),
    };
    const opened = await openWithPassword(
      this.#password(options.password),
      ciphertextBytes(ciphertext),
      aadBytes(options.aad),
      limit,
    );
    return decodeContent(opened.plaintext, opened.contentType);
  }

  // ---- documents and fields ---------------------------------------------------------------

  /** Encrypts a whole JSON document (symmetric AEAD). */
  async encryptJson(document: JsonValue, options: AadOption = {}): Promise<string> {
    return this.encryptSymmetric(document, options);
  }

  async decryptJson(ciphertext: string | Uint8Array, options: AadOption = {}): Promise<JsonValue> {
    const value = await this.decryptSymmetric(ciphertext, options);
    if (value instanceof Uint8Array)
      throw new CryptoError('VEIL_CRYPTO_FORMAT', 'ciphertext holds bytes, not a JSON document');
    return value;
  }

  /**
   * Decrypts any Veil ciphertext with whatever this manager holds, dispatching on the algorithm
   * in its header (symmetric, deterministic, asymmetric or password).
   */
  async decrypt(ciphertext: string | Uint8Array, options: AadOption = {}): Promise<Plaintext> {
    const bytes = ciphertextBytes(ciphertext);
    const { algorithm } = parseEnvelope(bytes).header;
    if (algorithm === EnvelopeAlgorithm.SCRYPT_XCHACHA20_POLY1305)
      return this.decryptWithPassword(bytes, options);
    if (
      algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_AES256GCM ||
      algorithm === EnvelopeAlgorithm.HPKE_X25519_SHA256_CHACHA20POLY1305
    ) {
      return this.decryptAsymmetric(bytes, options);
    }
    return this.decryptSymmetric(bytes, options);
  }

  /**
   * Encrypts the value at each path, binding the concrete field path and the record id (value
   * at `recordId`) as associated data. Returns a new record; the input is not modified.
   */
  async encryptField(options: FieldOptions): Promise<JsonRecord> {
    return this.#mapFields(options, 'encrypt');
  }

  async decryptField(options: FieldOptions): Promise<JsonRecord> {
    return this.#mapFields(options, 'decrypt');
  }

  async #mapFields(options: FieldOptions, direction: 'encrypt' | 'decrypt'): Promise<JsonRecord> {
    const record = structuredClone(options.data);
    const paths = (typeof options.field === 'string' ? [options.field] : options.field).map((p) =>
      compileFieldPath(p),
    );
    const recordId = recordIdOf(record, options.recordId);
    const transform = this.#fieldTransform(options.encryptionType, direction);

    // Two passes, because the asymmetric and password modes are asynchronous and the field-path
    // walker is not: collect the values, transform them, then write them back by concrete path.
    const replacements = new Map<string, JsonValue>();
    for (const path of paths) {
      path.update(
        record,
        (value, concrete) => {
          replacements.set(concrete, value);
          return undefined;
        },
        // A value of the wrong shape on the path must not be returned in clear.
        (concrete, expected) => {
          throw new CryptoError(
            'VEIL_CRYPTO_INPUT',
            `field '${concrete}' is not ${expected === 'array' ? 'an array' : 'an object'} as the selected path expects`,
          );
        },
      );
    }
    for (const [concrete, value] of replacements) {
      replacements.set(concrete, await transform(value, concrete, recordId));
    }
    for (const path of paths) {
      path.update(record, (_value, concrete) => replacements.get(concrete));
    }
    return record;
  }

  #fieldTransform(
    type: EncryptionType,
    direction: 'encrypt' | 'decrypt',
  ): (value: JsonValue, path: string, recordId: RecordId | undefined) => Promise<JsonValue> {
    const symmetric: Partial<Record<EncryptionType, FieldAlgorithm>> = {
      [EncryptionType.SYMMETRIC]: this.#options.algorithm ?? 'xchacha20-poly1305',
      [EncryptionType.DETERMINISTIC]: 'aes-256-gcm-siv',
      [EncryptionType.FORMAT_PRESERVING]: 'ff1',
    };
    const algorithm = symmetric[type];
    if (algorithm !== undefined) {
      const cipher = new FieldCipher(this.#symmetricKeys(), {
        algorithm,
        dataKey: this.#options.dataKey ?? false,
        ...(this.#options.alphabet === undefined ? {} : { alphabet: this.#options.alphabet }),
      });
      return async (value, path, recordId) =>
        direction === 'encrypt'
          ? cipher.encryptValue(value, path, recordId)
          : cipher.decryptValue(value, path, recordId);
    }

    // Asymmetric and password modes: the same path/record binding, through the AAD.
    return async (value, path, recordId) => {
      if (direction === 'encrypt') {
        const aad = fieldAad(path, recordId);
        return type === EncryptionType.ASYMMETRIC
          ? this.encryptAsymmetric(value, { aad })
          : this.encryptWithPassword(value, { aad });
      }
      if (typeof value !== 'string')
        throw new CryptoError(
          'VEIL_CRYPTO_FORMAT',
          `field '${path}': expected an encrypted string`,
        );
      // Typed-id (v2) binding first, then the v1 binding of ciphertexts written before it.
      const plain = await openBoundAsync(fieldAadCandidates(path, recordId), (candidate) =>
        type === EncryptionType.ASYMMETRIC
          ? this.decryptAsymmetric(value, { aad: candidate })
          : this.decryptWithPassword(value, { aad: candidate }),
      );
      if (plain instanceof Uint8Array)
        throw new CryptoError(
          'VEIL_CRYPTO_FORMAT',
          `field '${path}': ciphertext holds bytes, not a JSON value`,
        );
      return plain;
    };
  }
}

/**
 * The record id at `recordIdPath`, or undefined when none is configured. Only a non-empty string
 * or a finite number is an id: an array would otherwise bind its first element only (`[1, 2]`
 * would decrypt in the record whose id is 1), and a boolean, null or empty string names no
 * record. The error names the field and the id's type, never its value.
 */
export function recordIdOf(
  record: JsonRecord,
  recordIdPath: string | undefined,
): RecordId | undefined {
  if (recordIdPath === undefined) return undefined;
  // getWhole: an array id is seen whole, not read as its first element.
  const value = compileFieldPath(recordIdPath).getWhole(record);
  if (value === undefined) {
    throw new CryptoError('VEIL_CRYPTO_INPUT', `record id field '${recordIdPath}' is missing`);
  }
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const found =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'string'
          ? 'an empty string'
          : typeof value === 'number'
            ? 'a non-finite number'
            : typeof value === 'object'
              ? 'an object'
              : `a ${typeof value}`;
  throw new CryptoError(
    'VEIL_CRYPTO_INPUT',
    `record id field '${recordIdPath}' must be a string or a number, found ${found}`,
  );
}
