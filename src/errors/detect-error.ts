import { VeilError } from './veil-error.js';

/**
 * Detection configured wrongly: a custom recognizer whose pattern RE2 cannot compile, a validator
 * name that does not exist, a threshold outside [0, 1]. The message names the recognizer, option
 * or entity type, never a record's value.
 */
export class DetectConfigError extends VeilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEIL_DETECT_CONFIG', message, options);
  }
}
