import { VeilError } from './veil-error.js';

/** Where a bad record sits in the input; never its value. */
export interface RecordLocation {
  /** 1-based line where the record starts. */
  readonly line: number;
  /** Byte offset of the record's first byte in the input file. */
  readonly offset: number;
  /** 0-based record index in the input; `HEADER_INDEX` for the CSV header line. */
  readonly index: number;
}

/** The `index` of the CSV header line: it is not a record, so messages name it instead. */
export const HEADER_INDEX = -1;

/**
 * A record the pipeline could not read or transform (malformed JSON, wrong CSV column count,
 * invalid UTF-8, an over-long line, a stage that threw). With `on_error: fail` the run stops with
 * this error (CLI exit code 1); with `reject` the same facts go to the reject file.
 * The message names the line, byte offset, 0-based record index (or the CSV header) and reason,
 * never the record's content.
 */
export class RecordError extends VeilError {
  readonly line: number;
  readonly offset: number;
  readonly index: number;
  readonly reason: string;

  constructor(location: RecordLocation, reason: string, source?: string) {
    const where = source === undefined ? '' : `${source}: `;
    const what =
      location.index === HEADER_INDEX
        ? 'the CSV header'
        : `byte offset ${location.offset}, record ${location.index}`;
    super('VEIL_RECORD', `${where}line ${location.line} (${what}): ${reason}`);
    this.line = location.line;
    this.offset = location.offset;
    this.index = location.index;
    this.reason = reason;
  }
}
