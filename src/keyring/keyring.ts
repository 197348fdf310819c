/**
 * The keyring: named keys in a sub-database (`keyring`) of Veil's one LMDB environment, each with
 * versions, a purpose, states and creation times, and its secret material wrapped (encrypted)
 * under a master key that never touches the store. Modelled on Tink's keysets (a primary version
 * plus older ones kept for decryption) and the AWS Encryption SDK's envelope encryption.
 *
 * - Rotation adds a version and makes it primary; ciphertexts carry their key id
 *   (`name/vN`), so old ones still decrypt.
 * - A disabled version refuses to encrypt but still decrypts; a destroyed version has its
 *   wrapped material erased from the store and refuses to decrypt.
 * - Wrapping: XChaCha20-Poly1305 under the KEK, with `veil/v1/keyring/<name>/<version>/<purpose>`
 *   as associated data, so a wrapped blob copied onto another key or version fails to unwrap.
 * - The KEK is checked on open against a sealed marker in the store: a wrong master key fails
 *   at once with a clear error, not later as a puzzling decryption failure.
 */
import type { Database, RootDatabase } from 'lmdb';
import { XCHACHA20_POLY1305 } from '../crypto/aead.js';
import {
  concatBytes,
  fromBase64Url,
  randomBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../crypto/bytes.js';
import { deriveKeyPair } from '../crypto/hpke.js';
import {
  VersionedKeySet,
  type KeyPurpose,
  type KeySet,
  type KeyState,
  type KeyVersion,
} from '../crypto/key-set.js';
import { deriveKeyFromPassword } from '../crypto/password.js';
import { CryptoError } from '../errors/crypto-error.js';
import { KeyringError } from '../errors/keyring-error.js';
import { openStore, openSubDatabase } from '../store/environment.js';
import { resolveMasterSecret, type MasterKeySource } from './master-key.js';

const META_KEY = '\u0000meta';
const KEY_PREFIX = 'key:';
const CHECK_PLAINTEXT = utf8('veil keyring master key check v1');
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

interface StoredVersion {
  version: number;
  state: KeyState;
  createdAt: string;
  stateChangedAt: string;
  /** base64url(nonce || ciphertext || tag); removed when destroyed. */
  wrapped?: string;
  /** base64url X25519 public key, for `hpke` keys (kept after destruction, it is public). */
  publicKey?: string;
}

interface StoredKey {
  name: string;
  purpose: KeyPurpose;
  createdAt: string;
  primaryVersion: number;
  versions: StoredVersion[];
}

interface StoredMeta {
  format: 1;
  kdf: 'raw' | 'scrypt';
  /** base64url scrypt salt, when the master secret is a passphrase. */
  salt?: string;
  /** base64url(nonce || sealed marker). */
  check: string;
}

/** What `list` and `info` report: no secret material. */
export interface KeyInfo {
  readonly name: string;
  readonly purpose: KeyPurpose;
  readonly createdAt: string;
  readonly primaryVersion: number;
  readonly primaryId: string;
  readonly versions: readonly {
    readonly version: number;
    readonly id: string;
    readonly state: KeyState;
    readonly createdAt: string;
    readonly stateChangedAt: string;
    readonly publicKey?: string;
  }[];
}

export interface OpenKeyringOptions {
  /** Path of the LMDB environment (`openStore`). */
  readonly storePath: string;
  readonly masterKey: MasterKeySource;
}

export function keyIdOf(name: string, version: number): string {
  return `${name}/v${version}`;
}

/** Parses `name/vN`; undefined when the id is not a keyring id. */
export function parseKeyId(id: string): { name: string; version: number } | undefined {
  const match = /^(.+)\/v([1-9][0-9]*)$/.exec(id);
  if (match === null) return undefined;
  return { name: match[1] as string, version: Number(match[2]) };
}

function wrapAad(name: string, version: number, purpose: KeyPurpose): Uint8Array {
  return utf8(`veil/v1/keyring/${name}/${version}/${purpose}`);
}

function now(): string {
  return new Date().toISOString();
}

function info(stored: StoredKey): KeyInfo {
  return {
    name: stored.name,
    purpose: stored.purpose,
    createdAt: stored.createdAt,
    primaryVersion: stored.primaryVersion,
    primaryId: keyIdOf(stored.name, stored.primaryVersion),
    versions: stored.versions.map((v) => ({
      version: v.version,
      id: keyIdOf(stored.name, v.version),
      state: v.state,
      createdAt: v.createdAt,
      stateChangedAt: v.stateChangedAt,
      ...(v.publicKey === undefined ? {} : { publicKey: v.publicKey }),
    })),
  };
}

/**
 * Opens the keyring in the store at `storePath`, resolving and checking the master key. The first
 * open of a store records how the master key is used (raw or passphrase) and a check value.
 */
export async function openKeyring(options: OpenKeyringOptions): Promise<Keyring> {
  const secret = await resolveMasterSecret(options.masterKey);
  const root = openStore(options.storePath);
  const db = openSubDatabase<unknown, string>(root, 'keyring');

  let meta = db.get(META_KEY) as StoredMeta | undefined;
  let kek: Uint8Array;
  if (meta === undefined) {
    const salt = secret.kind === 'passphrase' ? randomBytes(16) : undefined;
    kek =
      secret.kind === 'raw'
        ? secret.key
        : await deriveKeyFromPassword(secret.passphrase, salt as Uint8Array);
    const nonce = randomBytes(24);
    const created: StoredMeta = {
      format: 1,
      kdf: secret.kind === 'raw' ? 'raw' : 'scrypt',
      ...(salt === undefined ? {} : { salt: toBase64Url(salt) }),
      check: toBase64Url(
        concatBytes(nonce, XCHACHA20_POLY1305.seal(kek, nonce, CHECK_PLAINTEXT, utf8(META_KEY))),
      ),
    };
    // Two processes may create the store at once: the first meta written wins, and the other
    // re-reads it and checks its key against it like any later open.
    const written = await db.ifNoExists(META_KEY, () => {
      db.put(META_KEY, created);
    });
    meta = written ? created : (db.get(META_KEY) as StoredMeta);
    if (!written) kek = await kekFor(meta, secret);
  } else {
    kek = await kekFor(meta, secret);
  }

  const check = fromBase64Url(meta.check);
  try {
    if (check === undefined) throw new Error('corrupt check value');
    XCHACHA20_POLY1305.open(kek, check.subarray(0, 24), check.subarray(24), utf8(META_KEY));
  } catch {
    throw new KeyringError(
      'VEIL_KEYRING_MASTER_KEY',
      `the master key does not open the keyring at ${options.storePath} (wrong key or passphrase)`,
    );
  }
  return new Keyring(root, db, kek, options.storePath);
}

async function kekFor(
  meta: StoredMeta,
  secret: Awaited<ReturnType<typeof resolveMasterSecret>>,
): Promise<Uint8Array> {
  if (meta.kdf === 'scrypt') {
    if (secret.kind !== 'passphrase') {
      throw new KeyringError(
        'VEIL_KEYRING_MASTER_KEY',
        'this keyring was created with a master passphrase; a raw master key was given',
      );
    }
    const salt = meta.salt === undefined ? undefined : fromBase64Url(meta.salt);
    if (salt === undefined)
      throw new KeyringError(
        'VEIL_KEYRING_MASTER_KEY',
        'keyring metadata is missing its scrypt salt',
      );
    return deriveKeyFromPassword(secret.passphrase, salt);
  }
  if (secret.kind !== 'raw') {
    throw new KeyringError(
      'VEIL_KEYRING_MASTER_KEY',
      'this keyring was created with a raw master key; a passphrase was given',
    );
  }
  return secret.key;
}

export class Keyring {
  readonly storePath: string;
  readonly #db: Database<unknown, string>;
  readonly #kek: Uint8Array;

  /** Use `openKeyring`. */
  constructor(
    _root: RootDatabase,
    db: Database<unknown, string>,
    kek: Uint8Array,
    storePath: string,
  ) {
    this.#db = db;
    this.#kek = kek;
    this.storePath = storePath;
  }

  #read(name: string): StoredKey {
    const stored = this.#db.get(KEY_PREFIX + name) as StoredKey | undefined;
    if (stored === undefined)
      throw new KeyringError('VEIL_KEYRING_NOT_FOUND', `no key named '${name}' in the keyring`);
    return stored;
  }

  #newVersion(name: string, version: number, purpose: KeyPurpose): StoredVersion {
    const secret = randomBytes(32);
    let material = secret;
    let publicKey: string | undefined;
    if (purpose === 'hpke') {
      // RFC 9180 DeriveKeyPair from 32 random bytes gives a clamped-by-use X25519 private key.
      const pair = deriveKeyPair(secret);
      material = pair.privateKey;
      publicKey = toBase64Url(pair.publicKey);
    }
    const nonce = randomBytes(24);
    const wrapped = concatBytes(
      nonce,
      XCHACHA20_POLY1305.seal(this.#kek, nonce, material, wrapAad(name, version, purpose)),
    );
    wipe(secret, material);
    const at = now();
    return {
      version,
      state: 'enabled',
      createdAt: at,
      stateChangedAt: at,
      wrapped: toBase64Url(wrapped),
      ...(publicKey === undefined ? {} : { publicKey }),
    };
  }

  /** Creates a key with one enabled version. Rejects if the name is taken or invalid. */
  async create(name: string, options: { purpose?: KeyPurpose } = {}): Promise<KeyInfo> {
    if (!NAME.test(name)) {
      throw new KeyringError(
        'VEIL_KEYRING_INPUT',
        'key names are 1-64 characters: letters, digits, ".", "_" and "-", starting with a letter or digit',
      );
    }
    const purpose = options.purpose ?? 'symmetric';
    if (purpose !== 'symmetric' && purpose !== 'hpke') {
      throw new KeyringError(
        'VEIL_KEYRING_PURPOSE',
        `unknown key purpose '${String(purpose)}' (symmetric or hpke)`,
      );
    }
    const stored: StoredKey = {
      name,
      purpose,
      createdAt: now(),
      primaryVersion: 1,
      versions: [this.#newVersion(name, 1, purpose)],
    };
    const written = await this.#db.ifNoExists(KEY_PREFIX + name, () => {
      this.#db.put(KEY_PREFIX + name, stored);
    });
    if (!written)
      throw new KeyringError('VEIL_KEYRING_EXISTS', `a key named '${name}' already exists`);
    return info(stored);
  }

  /** Every key, by name, without secret material. */
  list(): KeyInfo[] {
    const out: KeyInfo[] = [];
    for (const { key, value } of this.#db.getRange({
      start: KEY_PREFIX,
      end: KEY_PREFIX + '\uffff',
    })) {
      if (typeof key === 'string' && key.startsWith(KEY_PREFIX)) out.push(info(value as StoredKey));
    }
    return out;
  }

  info(name: string): KeyInfo {
    return info(this.#read(name));
  }

  // Read-modify-write inside one LMDB write transaction, so concurrent CLI calls do not lose
  // each other's changes.
  async #update(name: string, change: (stored: StoredKey) => void): Promise<KeyInfo> {
    let result: StoredKey | undefined;
    await this.#db.transaction(() => {
      const stored = structuredClone(this.#read(name));
      change(stored);
      this.#db.put(KEY_PREFIX + name, stored);
      result = stored;
    });
    return info(result as StoredKey);
  }

  /** Adds a new version and makes it the primary; older versions keep decrypting. */
  async rotate(name: string): Promise<KeyInfo> {
    return this.#update(name, (stored) => {
      const next = Math.max(...stored.versions.map((v) => v.version)) + 1;
      stored.versions.push(this.#newVersion(name, next, stored.purpose));
      stored.primaryVersion = next;
    });
  }

  #versionsOf(stored: StoredKey, version: number | undefined): StoredVersion[] {
    if (version === undefined) return stored.versions;
    const found = stored.versions.find((v) => v.version === version);
    if (found === undefined)
      throw new KeyringError(
        'VEIL_KEYRING_NOT_FOUND',
        `key '${stored.name}' has no version ${version}`,
      );
    return [found];
  }

  /** Disables one version (or all): it no longer encrypts, but still decrypts. */
  async disable(name: string, version?: number): Promise<KeyInfo> {
    return this.#update(name, (stored) => {
      for (const v of this.#versionsOf(stored, version)) {
        if (v.state === 'enabled') {
          v.state = 'disabled';
          v.stateChangedAt = now();
        }
      }
    });
  }

  /** Re-enables disabled versions (destroyed ones stay destroyed). */
  async enable(name: string, version?: number): Promise<KeyInfo> {
    return this.#update(name, (stored) => {
      for (const v of this.#versionsOf(stored, version)) {
        if (v.state === 'disabled') {
          v.state = 'enabled';
          v.stateChangedAt = now();
        }
      }
    });
  }

  /**
   * Destroys one version (or all): its wrapped material is deleted from the store, so nothing
   * it encrypted can be decrypted again. Irreversible. (LMDB reuses freed pages; copies in old
   * backups of the store are out of Veil's reach.)
   */
  async destroy(name: string, version?: number): Promise<KeyInfo> {
    return this.#update(name, (stored) => {
      for (const v of this.#versionsOf(stored, version)) {
        if (v.state !== 'destroyed') {
          v.state = 'destroyed';
          v.stateChangedAt = now();
          delete v.wrapped;
        }
      }
    });
  }

  /** The base64url X25519 public key of an `hpke` key (primary version unless given). */
  exportPublic(name: string, version?: number): string {
    const stored = this.#read(name);
    if (stored.purpose !== 'hpke') {
      throw new KeyringError(
        'VEIL_KEYRING_PURPOSE',
        `key '${name}' is a ${stored.purpose} key; only hpke keys have a public key`,
      );
    }
    const v = this.#versionsOf(stored, version ?? stored.primaryVersion)[0] as StoredVersion;
    return v.publicKey as string;
  }

  /**
   * Loads a key's versions into memory, unwrapping the material of every version that is not
   * destroyed. Call once per worker; the result does not follow later changes to the store.
   */
  keySet(name: string): KeySet {
    const stored = this.#read(name);
    const versions: KeyVersion[] = stored.versions.map((v) => {
      const id = keyIdOf(name, v.version);
      const publicKey = v.publicKey === undefined ? undefined : fromBase64Url(v.publicKey);
      const base = { id, state: v.state, ...(publicKey === undefined ? {} : { publicKey }) };
      if (v.state === 'destroyed' || v.wrapped === undefined) return base;
      return { ...base, material: this.#unwrap(name, v, stored.purpose) };
    });
    return new VersionedKeySet(
      name,
      stored.purpose,
      versions,
      keyIdOf(name, stored.primaryVersion),
    );
  }

  #unwrap(name: string, v: StoredVersion, purpose: KeyPurpose): Uint8Array {
    const wrapped = fromBase64Url(v.wrapped as string);
    try {
      if (wrapped === undefined) throw new Error('corrupt');
      return XCHACHA20_POLY1305.open(
        this.#kek,
        wrapped.subarray(0, 24),
        wrapped.subarray(24),
        wrapAad(name, v.version, purpose),
      );
    } catch (error) {
      throw new CryptoError(
        'VEIL_CRYPTO_AUTH',
        `key '${keyIdOf(name, v.version)}' failed to unwrap: the stored key was altered or belongs to another entry`,
        {
          cause: error,
        },
      );
    }
  }
}
