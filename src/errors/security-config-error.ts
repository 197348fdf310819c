import { VeilError } from './veil-error.js';

/**
 * A security component was configured unsafely or incompletely: a missing key, an HMAC secret
 * shorter than 32 bytes, a key file readable by group or others, an algorithm outside the allowed
 * list, a clock tolerance that is not a small finite number. Code `VEIL_SECURITY_CONFIG`; the
 * message names the option or the variable, never the key.
 */
export class SecurityConfigError extends VeilError {
  declare readonly code: 'VEIL_SECURITY_CONFIG';

  constructor(message: string, options?: { cause?: unknown }) {
    super('VEIL_SECURITY_CONFIG', message, options);
  }
}
