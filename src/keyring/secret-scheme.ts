/**
 * Registers the `keyring:NAME` secret scheme with the engine, so any stage or operator can name a
 * keyring key where it takes a secret reference. It yields a 32-byte secret derived from the
 * primary version of NAME with HKDF (`veil/v1/exported-secret`), never the stored root key
 * itself: a pseudonymization HMAC key and the AEAD subkeys of the same keyring key stay apart.
 *
 * Importing this module is enough; the crypto stages import it, so every thread that loads the
 * built-in stages has the scheme.
 */
import { registerSecretScheme } from '../engine/secrets.js';
import { deriveSubkey, requireEncryptable } from '../crypto/key-set.js';
import { KeyringError } from '../errors/keyring-error.js';
import { keyringForStore } from './load.js';

registerSecretScheme('keyring', async (name, context) => {
  if (context.storePath === '') {
    throw new KeyringError(
      'VEIL_KEYRING_INPUT',
      `secret reference keyring:${name}: no store path configured for this run`,
    );
  }
  const keyring = await keyringForStore(context.storePath);
  const keys = keyring.keySet(name);
  if (keys.purpose !== 'symmetric') {
    throw new KeyringError(
      'VEIL_KEYRING_PURPOSE',
      `secret reference keyring:${name}: an ${keys.purpose} key cannot be used as a secret`,
    );
  }
  return deriveSubkey(requireEncryptable(keys.primary()), 'exported-secret').slice();
});
