/**
 * Where the keyring's master key (the key-encryption key, KEK) comes from: an environment
 * variable, a key file readable only by its owner (mode 0600 or stricter), or a passphrase
 * stretched with scrypt. Never a pipeline file: pipelines name keys (`keyring:NAME`), and the
 * keyring unwraps them with a KEK found here.
 *
 * Raw keys are 32 bytes written as 64 hex digits or 43 base64url characters (a key file may also
 * hold the 32 raw bytes).
 */
import { readFile } from 'node:fs/promises';
import { fromBase64Url, fromHex } from '../crypto/bytes.js';
import { KeyringError } from '../errors/keyring-error.js';
import { checkKeyFileMode } from '../security/key-material.js';

export type MasterKeySource =
  | { readonly kind: 'key'; readonly key: Uint8Array }
  | { readonly kind: 'env'; readonly name: string }
  | {
      readonly kind: 'file';
      readonly path: string;
      /** Where the path came from, named in errors (`VEIL_MASTER_KEY_FILE`). */
      readonly role?: string | undefined;
    }
  | { readonly kind: 'passphrase'; readonly passphrase: string };

/** A resolved source: raw key bytes, or a passphrase still to be stretched with the store's salt. */
export type MasterSecret =
  | { readonly kind: 'raw'; readonly key: Uint8Array }
  | { readonly kind: 'passphrase'; readonly passphrase: string };

/** Environment variables read by `masterKeyFromEnvironment`, in order of preference. */
export const MASTER_KEY_ENV = 'VEIL_MASTER_KEY';
export const MASTER_KEY_FILE_ENV = 'VEIL_MASTER_KEY_FILE';
export const MASTER_PASSPHRASE_ENV = 'VEIL_MASTER_PASSPHRASE';

/** The master key source named by the process environment, or undefined when none is set. */
export function masterKeyFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): MasterKeySource | undefined {
  if (env[MASTER_KEY_ENV] !== undefined && env[MASTER_KEY_ENV] !== '')
    return { kind: 'env', name: MASTER_KEY_ENV };
  const file = env[MASTER_KEY_FILE_ENV];
  if (file !== undefined && file !== '')
    return { kind: 'file', path: file, role: MASTER_KEY_FILE_ENV };
  const passphrase = env[MASTER_PASSPHRASE_ENV];
  if (passphrase !== undefined && passphrase !== '') return { kind: 'passphrase', passphrase };
  return undefined;
}

function parseKeyText(text: string, where: string): Uint8Array {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return fromHex(trimmed);
  const decoded = /^[A-Za-z0-9_-]{43}=?$/.test(trimmed)
    ? fromBase64Url(trimmed.replace(/=$/, ''))
    : undefined;
  if (decoded !== undefined && decoded.length === 32) return decoded;
  throw new KeyringError(
    'VEIL_KEYRING_MASTER_KEY',
    `${where}: expected a 32-byte key as 64 hex digits or 43 base64url characters`,
  );
}

/**
 * Reads the source. Rejects with a `KeyringError` naming the variable or file, never a value; a
 * key file that cannot be read or that group or others can access rejects with a
 * `SecurityConfigError` (`VEIL_SECURITY_KEY_FILE`), as every key file does.
 */
export async function resolveMasterSecret(source: MasterKeySource): Promise<MasterSecret> {
  switch (source.kind) {
    case 'key':
      if (source.key.length !== 32) {
        throw new KeyringError(
          'VEIL_KEYRING_MASTER_KEY',
          `master key must be 32 bytes, got ${source.key.length}`,
        );
      }
      return { kind: 'raw', key: source.key.slice() };
    case 'env': {
      const value = process.env[source.name];
      if (value === undefined || value === '') {
        throw new KeyringError(
          'VEIL_KEYRING_MASTER_KEY',
          `environment variable ${source.name} is not set`,
        );
      }
      return { kind: 'raw', key: parseKeyText(value, `environment variable ${source.name}`) };
    }
    case 'file': {
      // The same rule and error as every other key file: exit 2 in the CLI, naming the setting.
      checkKeyFileMode(source.path, source.role ?? 'master key');
      const content = await readFile(source.path);
      if (content.length === 32) return { kind: 'raw', key: new Uint8Array(content) };
      return {
        kind: 'raw',
        key: parseKeyText(content.toString('utf8'), `master key file ${source.path}`),
      };
    }
    case 'passphrase':
      if (source.passphrase.length < 8) {
        throw new KeyringError(
          'VEIL_KEYRING_MASTER_KEY',
          'master passphrase must be at least 8 characters',
        );
      }
      return { kind: 'passphrase', passphrase: source.passphrase };
  }
}
