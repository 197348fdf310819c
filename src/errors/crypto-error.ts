import { VeilError } from './veil-error.js';

/**
 * A cryptographic operation failed: authentication, a malformed ciphertext, a wrong key, a domain
 * too small for format-preserving encryption. Messages name the operation, the field path or the
 * record, and lengths or algorithm names; they never carry plaintext, key bytes or ciphertext
 * bodies, so they are safe to log.
 *
 * Codes: `VEIL_CRYPTO_AUTH` (tag check failed: wrong key, wrong AAD, tampered or moved value),
 * `VEIL_CRYPTO_FORMAT` (not a Veil ciphertext, unknown version or algorithm, truncated),
 * `VEIL_CRYPTO_INPUT` (a bad argument: key length, FPE domain, unsupported value type),
 * `VEIL_CRYPTO_KEY` (no key for the ciphertext's key id).
 */
export class CryptoError extends VeilError {
  constructor(
    code: 'VEIL_CRYPTO_AUTH' | 'VEIL_CRYPTO_FORMAT' | 'VEIL_CRYPTO_INPUT' | 'VEIL_CRYPTO_KEY',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
