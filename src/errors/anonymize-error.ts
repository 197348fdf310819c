import { VeilError } from './veil-error.js';

/**
 * Bad anonymize configuration: unknown operator, invalid operator options, missing key. The
 * message names where (stage, entity type, option path) and never carries a value or a key.
 */
export class AnonymizeConfigError extends VeilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEIL_ANONYMIZE_CONFIG', message, options);
  }
}

/** A finding that cannot be applied to its string (offsets outside it, unknown field). */
export class AnonymizeInputError extends VeilError {
  constructor(message: string) {
    super('VEIL_ANONYMIZE_INPUT', message);
  }
}
