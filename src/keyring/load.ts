/**
 * Loading keys for stages and operators: a `keyring:NAME` reference opens the keyring of the run's
 * store (master key from `VEIL_MASTER_KEY`, `VEIL_MASTER_KEY_FILE` or `VEIL_MASTER_PASSPHRASE`)
 * and loads every version of NAME; `env:` and `file:` references resolve through the run's
 * secret resolver to one raw 32-byte key. Each worker thread does this once, in `create`.
 *
 * The opened keyring is cached per store path and process, so a pipeline with several crypto
 * stages stretches a master passphrase once per worker, not once per stage.
 */
import type { SecretResolver } from '../engine/stage.js';
import { fromBase64Url, fromHex, fromUtf8 } from '../crypto/bytes.js';
import { StaticKeySet, type KeySet } from '../crypto/key-set.js';
import { KeyringError } from '../errors/keyring-error.js';
import { openKeyring, type Keyring } from './keyring.js';
import { masterKeyFromEnvironment } from './master-key.js';

const keyrings = new Map<string, Promise<Keyring>>();

/** The keyring of `storePath`, opened once per process with the master key from the environment. */
export function keyringForStore(storePath: string): Promise<Keyring> {
  let keyring = keyrings.get(storePath);
  if (keyring === undefined) {
    const masterKey = masterKeyFromEnvironment();
    if (masterKey === undefined) {
      return Promise.reject(
        new KeyringError(
          'VEIL_KEYRING_MASTER_KEY',
          'no master key: set VEIL_MASTER_KEY, VEIL_MASTER_KEY_FILE or VEIL_MASTER_PASSPHRASE',
        ),
      );
    }
    keyring = openKeyring({ storePath, masterKey });
    // A failed open is not cached: the next attempt (after fixing the environment) retries.
    keyring.catch(() => keyrings.delete(storePath));
    keyrings.set(storePath, keyring);
  }
  return keyring;
}

/** Forgets cached keyrings (tests that close and reopen stores). */
export function forgetKeyrings(): void {
  keyrings.clear();
}

/**
 * Turns resolved secret bytes into a 32-byte key: 32 raw bytes, or text holding 64 hex digits or
 * 43 base64url characters (what `env:` gives for a key in an environment variable).
 */
export function keyFromSecretBytes(bytes: Uint8Array, reference: string): Uint8Array {
  if (bytes.length === 32) return bytes;
  let text: string | undefined;
  try {
    text = fromUtf8(bytes).trim();
  } catch {
    text = undefined;
  }
  if (text !== undefined && /^[0-9a-fA-F]{64}$/.test(text)) return fromHex(text);
  if (text !== undefined && /^[A-Za-z0-9_-]{43}$/.test(text)) {
    const decoded = fromBase64Url(text);
    if (decoded !== undefined && decoded.length === 32) return decoded;
  }
  throw new KeyringError(
    'VEIL_KEYRING_INPUT',
    `key ${reference}: expected 32 bytes (raw, 64 hex digits or 43 base64url characters), got ${bytes.length} bytes`,
  );
}

/** Resolves a stage's `key` option to a key set. */
export async function loadKeySet(
  reference: string,
  secrets: SecretResolver,
  storePath: string,
): Promise<KeySet> {
  if (reference.startsWith('keyring:')) {
    const keyring = await keyringForStore(storePath);
    return keyring.keySet(reference.slice('keyring:'.length));
  }
  const bytes = await secrets.resolve(reference);
  return new StaticKeySet(keyFromSecretBytes(bytes, reference));
}
