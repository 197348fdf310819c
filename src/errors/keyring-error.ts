import { VeilError } from './veil-error.js';

/**
 * The keyring cannot do what was asked: an unknown key name, a name already taken, a wrong master
 * key, a key file with loose permissions, a missing master key source. Messages name the key, the
 * file or the environment variable, never a key or a passphrase.
 */
export class KeyringError extends VeilError {
  constructor(
    code:
      | 'VEIL_KEYRING_NOT_FOUND'
      | 'VEIL_KEYRING_EXISTS'
      | 'VEIL_KEYRING_MASTER_KEY'
      | 'VEIL_KEYRING_PURPOSE'
      | 'VEIL_KEYRING_INPUT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
