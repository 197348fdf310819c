import { VeilError } from './veil-error.js';

/**
 * A security component was configured unsafely or incompletely: a missing key, an HMAC secret
 * shorter than 32 bytes, a key file readable by group or others, an algorithm outside the allowed
 * list, a clock tolerance that is not a small finite number. Code `VEIL_SECURITY_CONFIG`; the
 * message names the option or the variable, never the key.
 *
 * A key file named by a `NAME_FILE` variable that cannot be read or that group or others can
 * access has its own code, `VEIL_SECURITY_KEY_FILE`: the operator fixes it with a path or a
 * chmod, so the CLI reports it as a configuration error (exit 2), not as a failed command.
 */
export class SecurityConfigError extends VeilError {
  declare readonly code: 'VEIL_SECURITY_CONFIG' | 'VEIL_SECURITY_KEY_FILE';

  constructor(
    message: string,
    options?: { cause?: unknown; code?: 'VEIL_SECURITY_CONFIG' | 'VEIL_SECURITY_KEY_FILE' },
  ) {
    super(options?.code ?? 'VEIL_SECURITY_CONFIG', message, options);
  }
}
