import { VeilError } from './veil-error.js';

/**
 * A queued run that cannot be submitted, served or finished: no Redis configured, a malformed
 * Redis URL, a job whose data fails validation, a chunk that failed every attempt, a run that was
 * cancelled. Messages name the run id, chunk number and byte range; never a record's value, a key
 * or a Redis password (URLs are shown with the password replaced by `***`).
 */
export class QueueError extends VeilError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'VEIL_QUEUE', message, options);
  }
}
