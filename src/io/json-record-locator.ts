/**
 * Where each element of a JSON document starts (1-based line, byte offset), for the stream-json
 * reader: stream-json reports no positions for the values it assembles, so Veil's own framer
 * runs over the same bytes beside it and the positions are taken in element order. The framer
 * frames an element only at the ',' or ']' after it, which may arrive in a later chunk than the
 * element's end; that element is the one still open, whose start the framer already knows.
 *
 * Holds only the unfinished element between chunks, and the positions of framed elements that
 * stream-json has not assembled yet (at most one chunk's worth).
 */
import { RecordError } from '../errors/record-error.js';
import { JsonFramer } from './framer.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** A record's position in the input. */
export interface RecordPosition {
  readonly line: number;
  readonly offset: number;
}

export class JsonRecordLocator {
  readonly #framer: JsonFramer;
  /**
   * Input bytes not yet framed, `#pending[0, #length)`; `#at` is where `#pending[0]` sits in the
   * input. The buffer doubles when it fills: concatenated on every chunk, an element of 50 MB
   * read in 1 MiB chunks was copied 50 times over (twice the CPU time of the whole run).
   */
  #pending: Buffer = Buffer.alloc(0);
  #length = 0;
  #at: RecordPosition;
  #framed = 0;
  #taken = 0;
  /** `[line, offset]` of each framed element not taken yet, in order, from `#next`. */
  #ready: number[] = [];
  #next = 0;
  #bomChecked: boolean;
  /**
   * The start of the last element taken and its index: stream-json assembled it whole, so every
   * element before it ends (its ',' included) before any later error. Undefined before the first.
   */
  lastTaken: { line: number; offset: number; index: number } | undefined;
  /** Elements the framer counted before a structural error; undefined while it found none. */
  recordsBefore: number | undefined;
  /**
   * The framer's structural error, located in the input (line, column, byte offset). stream-json
   * finds most errors itself, but accepts some that the framer refuses (a second `records` key).
   */
  failure: RecordError | undefined;

  /** `at`: the position of the first byte fed; a fragment is a range of elements without brackets. */
  constructor(options: { fragment: boolean; at: RecordPosition }) {
    this.#at = options.at;
    // Only a document's first bytes can hold a byte order mark.
    this.#bomChecked = options.fragment || options.at.offset !== 0;
    this.#framer = new JsonFramer({
      fragment: options.fragment,
      // Where the unframed bytes start, so that an error names its place in the whole input.
      origin: () => ({ offset: this.#at.offset, line: this.#at.line, index: this.#framed }),
    });
  }

  /** Frames the next bytes of the input; stops quietly at the first structural error. */
  feed(bytes: Buffer): void {
    if (this.recordsBefore !== undefined) return;
    let chunk = bytes;
    if (!this.#bomChecked) {
      this.#bomChecked = true;
      if (UTF8_BOM.every((b, i) => chunk[i] === b)) {
        chunk = chunk.subarray(3);
        this.#at = { line: this.#at.line, offset: this.#at.offset + 3 };
      }
    }
    this.#append(chunk);
    const framer = this.#framer;
    try {
      framer.scan(this.#pending, this.#length);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      this.recordsBefore = error.index;
      this.failure = error;
      this.#pending = Buffer.alloc(0);
      this.#length = 0;
      return;
    }
    const spans = framer.spans;
    for (let r = 0; r * 3 < spans.length; r++) {
      // An element taken while it was still open is framed now: its position is already out.
      if (this.#framed + r < this.#taken) continue;
      this.#ready.push(this.#at.line + (spans[r * 3 + 2] as number), this.#at.offset + (spans[r * 3] as number));
    }
    this.#framed += framer.records;
    this.#at = { line: this.#at.line + framer.linesAtBoundary, offset: this.#at.offset + framer.boundary };
    this.#pending.copyWithin(0, framer.boundary, this.#length);
    this.#length -= framer.boundary;
    framer.cut();
  }

  #append(chunk: Buffer): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.#pending.length));
      this.#pending.copy(grown, 0, 0, this.#length);
      this.#pending = grown;
    }
    chunk.copy(this.#pending, this.#length);
    this.#length = needed;
  }

  /**
   * The position of the next element stream-json assembled. After a structural error the
   * framer stops, and the position where it stopped is given: a lower bound, never line 0.
   */
  take(): RecordPosition {
    const at = this.#position();
    this.lastTaken = { ...at, index: this.#taken };
    this.#taken++;
    return at;
  }

  #position(): RecordPosition {
    if (this.#next < this.#ready.length) {
      const line = this.#ready[this.#next] as number;
      const offset = this.#ready[this.#next + 1] as number;
      this.#next += 2;
      if (this.#next === this.#ready.length) {
        this.#ready = [];
        this.#next = 0;
      }
      return { line, offset };
    }
    const open = this.#framer.openElement;
    if (open === undefined || this.recordsBefore !== undefined) return this.#at;
    return { line: this.#at.line + open.line, offset: this.#at.offset + open.start };
  }
}
