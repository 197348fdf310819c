import { VeilError } from './veil-error.js';

/**
 * Veil's LMDB store cannot be used: its data file is damaged or is not an LMDB file (code
 * `VEIL_STORE_DAMAGED`), or a command was asked to write over the store or a key file under
 * `$VEIL_HOME` (code `VEIL_STORE_PATH`, a usage error). CLI exit code 1 and 2 respectively.
 */
export class StoreError extends VeilError {
  constructor(code: 'VEIL_STORE_DAMAGED' | 'VEIL_STORE_PATH', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
