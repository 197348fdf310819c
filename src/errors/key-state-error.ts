import { VeilError } from './veil-error.js';

/**
 * A key exists but its state forbids the operation: a disabled key refuses to encrypt, a
 * destroyed key refuses to decrypt (its material is gone). The message names the key id and the
 * state, never key material.
 */
export class KeyStateError extends VeilError {
  readonly keyId: string;
  readonly state: string;

  constructor(keyId: string, state: string, operation: string) {
    super('VEIL_KEY_STATE', `key '${keyId}' is ${state}: it cannot be used to ${operation}`);
    this.keyId = keyId;
    this.state = state;
  }
}
