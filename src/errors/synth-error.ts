import { VeilError } from './veil-error.js';

/**
 * A synthetic-data problem: a schema that does not validate (the message names the file, line
 * and field path), a unique field whose domain ran out, or a fit on a table it cannot model.
 * Messages name fields, record indices and counts, never a value from the data.
 */
export class SynthError extends VeilError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEIL_SYNTH', message, options);
  }
}
