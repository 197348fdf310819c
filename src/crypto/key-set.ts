/**
 * A key set: the versions of one named key that a cipher may use, with their states. The
 * keyring loads one from LMDB; `StaticKeySet` wraps a raw key given by the caller.
 *
 * One 32-byte secret per version is the root of every symmetric use: XChaCha20-Poly1305,
 * AES-256-GCM, AES-256-GCM-SIV and FF1 each get their own subkey through HKDF-SHA256 (RFC 5869)
 * with a distinct `info`, so no AES key is ever shared between two modes. Subkeys are derived
 * once per version and cached, never per record.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError } from '../errors/crypto-error.js';
import { KeyStateError } from '../errors/key-state-error.js';
import { toHex, utf8 } from './bytes.js';

export type KeyState = 'enabled' | 'disabled' | 'destroyed';

/** What a key version is for. `symmetric` covers AEAD, deterministic and FPE use. */
export type KeyPurpose = 'symmetric' | 'hpke';

export interface KeyVersion {
  /** Written into ciphertexts; `name/version` for keyring keys. */
  readonly id: string;
  readonly state: KeyState;
  /** The secret (symmetric root key or X25519 private key); absent once destroyed. */
  readonly material?: Uint8Array;
  /** X25519 public key, for `hpke` keys. */
  readonly publicKey?: Uint8Array;
}

export interface KeySet {
  readonly name: string;
  readonly purpose: KeyPurpose;
  /** Id of the primary version, whatever its state. */
  readonly primaryId: string;
  /** The version new ciphertexts use; throws `KeyStateError` unless it is enabled. */
  primary(): KeyVersion;
  /** The version a ciphertext names; throws `CryptoError` if unknown, `KeyStateError` if destroyed. */
  byId(id: string): KeyVersion;
  /** Every version, oldest first. */
  versions(): readonly KeyVersion[];
}

/** Subkey uses; the strings are HKDF `info` values and must never change. */
export type SubkeyUse =
  | 'xchacha20-poly1305'
  | 'aes-256-gcm'
  | 'aes-256-gcm-siv'
  | 'aes-256-gcm-siv-nonce'
  | 'ff1'
  | 'key-wrap'
  | 'exported-secret';

const subkeyCache = new WeakMap<Uint8Array, Map<SubkeyUse, Uint8Array>>();

/** HKDF-SHA256(material, info = "veil/v1/" + use), 32 bytes, cached per material buffer. */
export function deriveSubkey(material: Uint8Array, use: SubkeyUse): Uint8Array {
  let perUse = subkeyCache.get(material);
  if (perUse === undefined) {
    perUse = new Map();
    subkeyCache.set(material, perUse);
  }
  let subkey = perUse.get(use);
  if (subkey === undefined) {
    subkey = hkdf(sha256, material, undefined, utf8(`veil/v1/${use}`), 32);
    perUse.set(use, subkey);
  }
  return subkey;
}

/** Checks a version may encrypt: enabled, with material. */
export function requireEncryptable(version: KeyVersion): Uint8Array {
  if (version.state !== 'enabled' || version.material === undefined) {
    throw new KeyStateError(version.id, version.state, 'encrypt');
  }
  return version.material;
}

/** Checks a version may decrypt: enabled or disabled, with material. */
export function requireDecryptable(version: KeyVersion): Uint8Array {
  if (version.state === 'destroyed' || version.material === undefined) {
    throw new KeyStateError(version.id, 'destroyed', 'decrypt');
  }
  return version.material;
}

/** A key id for a raw key: `raw-` and 12 hex digits of a hash of a derived value (not the key). */
export function rawKeyId(material: Uint8Array): string {
  const fingerprint = sha256(hkdf(sha256, material, undefined, utf8('veil/v1/key-id'), 32));
  return `raw-${toHex(fingerprint.subarray(0, 6))}`;
}

/** A single raw key supplied by the caller (from `env:` or `file:`), always enabled. */
export class StaticKeySet implements KeySet {
  readonly name: string;
  readonly purpose: KeyPurpose;
  readonly #version: KeyVersion;

  /** Copies `material`, so the caller may wipe its buffer afterwards. */
  constructor(
    material: Uint8Array,
    options: { id?: string; purpose?: KeyPurpose; publicKey?: Uint8Array } = {},
  ) {
    if (material.length !== 32) {
      throw new CryptoError('VEIL_CRYPTO_INPUT', `key must be 32 bytes, got ${material.length}`);
    }
    const copy = material.slice();
    const id = options.id ?? rawKeyId(copy);
    this.name = id;
    this.purpose = options.purpose ?? 'symmetric';
    this.#version = {
      id,
      state: 'enabled',
      material: copy,
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    };
  }

  get primaryId(): string {
    return this.#version.id;
  }

  primary(): KeyVersion {
    return this.#version;
  }

  byId(id: string): KeyVersion {
    if (id !== this.#version.id) {
      throw new CryptoError('VEIL_CRYPTO_KEY', `no key with id '${id}' in key '${this.name}'`);
    }
    return this.#version;
  }

  versions(): readonly KeyVersion[] {
    return [this.#version];
  }
}

/** A key set over a fixed list of versions (what the keyring returns). */
export class VersionedKeySet implements KeySet {
  readonly name: string;
  readonly purpose: KeyPurpose;
  readonly primaryId: string;
  readonly #versions: readonly KeyVersion[];
  readonly #byId: Map<string, KeyVersion>;

  constructor(
    name: string,
    purpose: KeyPurpose,
    versions: readonly KeyVersion[],
    primaryId: string,
  ) {
    this.name = name;
    this.purpose = purpose;
    this.primaryId = primaryId;
    this.#versions = versions;
    this.#byId = new Map(versions.map((v) => [v.id, v]));
  }

  primary(): KeyVersion {
    const version = this.#byId.get(this.primaryId);
    if (version === undefined)
      throw new CryptoError('VEIL_CRYPTO_KEY', `key '${this.name}' has no primary version`);
    requireEncryptable(version);
    return version;
  }

  byId(id: string): KeyVersion {
    const version = this.#byId.get(id);
    if (version === undefined)
      throw new CryptoError('VEIL_CRYPTO_KEY', `no key with id '${id}' in key '${this.name}'`);
    return version;
  }

  versions(): readonly KeyVersion[] {
    return this.#versions;
  }
}
