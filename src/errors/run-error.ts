import { VeilError } from './veil-error.js';

/**
 * A run that failed for a reason other than one bad record: an unreadable input, an unwritable
 * output, a worker thread that crashed, a stage that could not be built. CLI exit code 1.
 */
export class RunError extends VeilError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'VEIL_RUN', message, options);
  }
}
