import { VeilError } from './veil-error.js';

/**
 * A pipeline that cannot run as written: a bad pipeline file, an unknown stage, options that fail
 * their schema, a secret reference that cannot be resolved. The CLI maps it to exit code 2.
 * The message names the file, line and column (or the option path) and never a secret's value.
 */
export class PipelineError extends VeilError {
  /** `file:line:column` of the offending node when known. */
  readonly location: string | undefined;

  constructor(message: string, options?: { cause?: unknown; location?: string; code?: string }) {
    super(options?.code ?? 'VEIL_PIPELINE', message, options);
    this.location = options?.location;
  }
}
