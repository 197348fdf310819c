import { VeilError } from './veil-error.js';

/**
 * A k-anonymization that cannot run as configured: a hierarchy that misses a data value, a
 * malformed hierarchy file, an unknown quasi-identifier, a record without a quasi-identifier
 * field, or models that no transformation can satisfy.
 *
 * Messages name the column, the hierarchy file and line, or the record index. The one deliberate
 * exception to "never echo a value" is a value missing from its hierarchy: the user has to know
 * which row to add (BR-25), so the message names that single value, never the rest of the record.
 */
export class KAnonymizeError extends VeilError {
  /** The quasi-identifier or sensitive column concerned, when there is one. */
  readonly column: string | undefined;

  constructor(code: KAnonymizeErrorCode, message: string, options?: { column?: string; cause?: unknown }) {
    super(code, message, options);
    this.column = options?.column;
  }
}

export type KAnonymizeErrorCode =
  | 'VEIL_KANON_HIERARCHY'
  | 'VEIL_KANON_MISSING_VALUE'
  | 'VEIL_KANON_CONFIG'
  | 'VEIL_KANON_RECORD'
  | 'VEIL_KANON_NO_SOLUTION';
