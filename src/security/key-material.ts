/**
 * Where the security components' secrets come from: an environment variable or a key file that
 * only its owner can read (mode 0600 or stricter). Never a pipeline file, never the store: the
 * audit chain's HMAC key in particular must live outside the LMDB environment it protects, or a
 * thief of the store could re-key the chain.
 *
 * Values are text. `base64:` and `hex:` prefixes select binary encodings; anything else is taken
 * as UTF-8 bytes (PEM keys, or a passphrase-like secret).
 */
import { readFileSync, statSync } from 'node:fs';
import { SecurityConfigError } from '../errors/security-config-error.js';

/** Decodes a secret's text form: `base64:...`, `hex:...`, or raw UTF-8. */
export function decodeSecretText(text: string, where: string): Uint8Array {
  if (text.startsWith('base64:')) {
    const body = text.slice(7).trim();
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body)) {
      throw new SecurityConfigError(`${where}: not valid base64 after the base64: prefix`);
    }
    return new Uint8Array(
      Buffer.from(body, body.includes('-') || body.includes('_') ? 'base64url' : 'base64'),
    );
  }
  if (text.startsWith('hex:')) {
    const body = text.slice(4).trim();
    if (!/^([0-9a-fA-F]{2})*$/.test(body)) {
      throw new SecurityConfigError(`${where}: not valid hex after the hex: prefix`);
    }
    return new Uint8Array(Buffer.from(body, 'hex'));
  }
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/**
 * Reads a key file after checking that neither group nor others can read or write it (the same
 * rule ssh applies to private keys). Trailing newlines are removed; the rest is decoded by
 * {@link decodeSecretText}. `role` names where the path came from (`VEIL_AUDIT_HMAC_KEY_FILE`),
 * so the message says which setting to fix; it never quotes the file's content.
 */
export function readKeyFile(filePath: string, role = 'key file'): Uint8Array {
  checkKeyFileMode(filePath, role);
  const text = readFileSync(filePath, 'utf8').replace(/[\r\n]+$/, '');
  return decodeSecretText(text, `${role}: key file ${filePath}`);
}

/**
 * Refuses a key file that cannot be stat'ed or that group or others can access, with a
 * {@link SecurityConfigError} (code `VEIL_SECURITY_KEY_FILE`) naming `role`, the path, the mode
 * and the chmod that fixes it. Shared by every key file Veil reads, the master key file included.
 */
export function checkKeyFileMode(filePath: string, role: string): void {
  let mode: number;
  try {
    mode = statSync(filePath).mode;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SecurityConfigError(`${role}: key file ${filePath} cannot be read (${code})`, {
      cause: error,
      code: 'VEIL_SECURITY_KEY_FILE',
    });
  }
  if ((mode & 0o077) !== 0) {
    throw new SecurityConfigError(
      `${role}: key file ${filePath} is accessible by group or others ` +
        `(mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
      { code: 'VEIL_SECURITY_KEY_FILE' },
    );
  }
}

/**
 * Loads the secret named `NAME` from the environment: `NAME` holds the value itself, or
 * `NAME_FILE` names a 0600 key file. Returns `undefined` when neither is set.
 */
export function loadSecret(
  name: string,
  environment: NodeJS.ProcessEnv = process.env,
): Uint8Array | undefined {
  const file = environment[`${name}_FILE`];
  if (file !== undefined && file !== '') return readKeyFile(file, `${name}_FILE`);
  const value = environment[name];
  if (value !== undefined && value !== '')
    return decodeSecretText(value, `environment variable ${name}`);
  return undefined;
}

/**
 * Like {@link loadSecret}, but a missing secret is a {@link SecurityConfigError} naming both
 * variables.
 */
export function requireSecret(
  name: string,
  environment: NodeJS.ProcessEnv = process.env,
): Uint8Array {
  const secret = loadSecret(name, environment);
  if (secret === undefined) {
    throw new SecurityConfigError(`set ${name} or ${name}_FILE (a 0600 key file)`);
  }
  return secret;
}
