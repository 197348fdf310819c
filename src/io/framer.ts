/**
 * Framers find record boundaries in raw input bytes without parsing the records, so that the
 * main thread can cut the input into batches of whole records and leave parsing to the workers.
 *
 * A framer scans a growing `pending` buffer (the bytes since the last cut) incrementally: each
 * `scan` continues where the previous one stopped, so every byte is looked at once. It tracks
 * the end of the first and of the last complete record, how many records and newlines lie before
 * them, and (for JSON) where each record's text starts and ends.
 *
 * - NDJSON: a record ends at `\n` (found with `indexOf`, the fastest scan measured), or at a
 *   lone `\r` in an input written that way (see `NdjsonFramer`).
 * - CSV: a record ends at `\n` outside quotes; quote parity is enough, because a doubled quote
 *   inside a quoted field toggles the state twice.
 * - JSON: a small structural scanner (strings, escapes, a bracket stack) finds the elements of a
 *   top-level array or of the `records` array of a top-level object. It checks that every closing
 *   bracket matches its opener (stream-json once let `{"x":1]` through: BR-18); each element is
 *   then parsed strictly by `JSON.parse` in a worker. It is the default over stream-json's
 *   parser (`input.parser: stream-json`, src/io/stream-json-reader.ts), which parses and
 *   re-serializes every element on the main thread: 18-25 MB/s against 75-108 MB/s here.
 */
import { RecordError } from '../errors/record-error.js';
import type { RecordFormat } from '../engine/spec.js';

const LF = 0x0a;
const CR = 0x0d;

/** Incremental record-boundary scanner for one input format. */
export interface Framer {
  /** Scans `pending[scanned, length)`; `length` may only grow between cuts. */
  scan(pending: Uint8Array, length: number): void;
  /** Position just after the last complete record (0 if none). */
  readonly boundary: number;
  /** Complete records before `boundary`. */
  readonly records: number;
  /** Newlines before `boundary`. */
  readonly linesAtBoundary: number;
  /** Position just after the first complete record (-1 if none). */
  readonly firstBoundary: number;
  /** Newlines before `firstBoundary`. */
  readonly linesAtFirstBoundary: number;
  /** Newlines in everything scanned so far. */
  readonly linesScanned: number;
  /**
   * Bytes at the end of the scanned range not judged yet (a CSV `\r` that may start `\r\n`):
   * `discardScanned` must leave them in the buffer.
   */
  readonly held: number;
  /** JSON only: `[start, end, line]` per complete record, relative to the pending buffer. */
  readonly spans: number[] | undefined;
  /** Drops everything before `boundary`; scanning state carries on. */
  cut(): void;
  /** Drops everything before `firstBoundary` and rescans from there (header, skipped record). */
  restartAfterFirst(): void;
  /**
   * Drops the first `length` scanned bytes (all but `held`) and keeps the scanning state
   * (skipping a long record).
   */
  discardScanned(length: number): void;
  /** End of input: the trailing bytes form the last record, or the document is incomplete. */
  finish(pending: Uint8Array, length: number): void;
}

/** Where `pending[0]` sits in the input, so framing errors can name a line and offset. */
export interface FramerOrigin {
  readonly offset: number;
  readonly line: number;
  readonly index: number;
}

abstract class LineFramer implements Framer {
  boundary = 0;
  records = 0;
  linesAtBoundary = 0;
  firstBoundary = -1;
  linesAtFirstBoundary = 0;
  linesScanned = 0;
  held = 0;
  /** Filled only when built with `collectSpans` (the worker uses it to split a CSV batch). */
  spans: number[] | undefined;
  protected scanned = 0;
  /** Start of the current (incomplete) line. */
  protected lineStart = 0;
  /** Newlines before the current record's first byte. */
  protected recordStartLine = 0;
  /** The current line's start was discarded: its end closes a record even if it looks blank. */
  private skipping = false;

  abstract scan(pending: Uint8Array, length: number): void;

  /** Whether a line holds no record: empty, or a lone CR before its LF. */
  protected isBlank(bytes: Uint8Array, start: number, end: number): boolean {
    return end === start || (end === start + 1 && bytes[start] === CR);
  }

  /** Records a record that ends with the newline at `newline` (or at `end` for the last one). */
  protected endRecord(pending: Uint8Array, start: number, end: number, after: number): void {
    const skipped = this.skipping;
    this.skipping = false;
    if (skipped || !this.isBlank(pending, start, end)) {
      this.records++;
      this.spans?.push(start, end, this.recordStartLine);
      if (this.firstBoundary < 0) {
        this.firstBoundary = after;
        this.linesAtFirstBoundary = this.linesScanned;
      }
    }
    this.boundary = after;
    this.linesAtBoundary = this.linesScanned;
    this.recordStartLine = this.linesScanned;
  }

  cut(): void {
    const at = this.boundary;
    this.scanned -= at;
    this.lineStart -= at;
    this.linesScanned -= this.linesAtBoundary;
    this.recordStartLine -= this.linesAtBoundary;
    if (this.spans !== undefined) this.spans = [];
    this.boundary = 0;
    this.records = 0;
    this.linesAtBoundary = 0;
    this.firstBoundary = -1;
    this.linesAtFirstBoundary = 0;
  }

  restartAfterFirst(): void {
    this.reset();
  }

  discardScanned(_length: number): void {
    this.held = 0;
    this.skipping = true;
    this.recordStartLine = 0;
    if (this.spans !== undefined) this.spans = [];
    this.lineStart = 0;
    this.scanned = 0;
    this.linesScanned = 0;
    this.boundary = 0;
    this.records = 0;
    this.linesAtBoundary = 0;
    this.firstBoundary = -1;
  }

  protected reset(): void {
    this.discardScanned(0);
    this.skipping = false;
  }

  finish(pending: Uint8Array, length: number): void {
    this.scan(pending, length);
    if (this.lineStart < length) this.endRecord(pending, this.lineStart, length, length);
  }
}

/**
 * Whether an NDJSON line holds only JSON whitespace (space, tab, CR): no record, skipped like an
 * empty line. Such a line (trailing spaces an editor left) was rejected as "unexpected end of
 * record", and failed a run with `on_error: fail`. The reader and the worker must agree, or
 * record indices drift between batches.
 */
export function isBlankNdjsonLine(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  }
  return true;
}

/**
 * How an NDJSON input ends its lines. `lf`: records end at `\n` (a CR before it is JSON
 * whitespace). `cr`: the input was written with lone `\r` line ends (classic Mac OS), and `\r`,
 * `\n` and `\r\n` all end a record. A raw CR can never be part of a valid record (JSON escapes
 * it inside strings), so splitting there loses nothing that JSON.parse would have accepted.
 */
export type NdjsonLineEnds = 'lf' | 'cr';

/**
 * NDJSON: one record per line; blank lines are skipped.
 *
 * The line-end convention is decided from the input itself, by its first two line ends: when
 * both are lone CRs (or the first is, and the input ends before another), the input is read as
 * `cr`; otherwise as `lf`, as before. One stray CR in an LF file (the first line broken by an
 * editor, BR-41's mixed case) thus keeps the LF reading and its reject hint. Reading the first
 * line end alone would have split such a file; reading the whole input first would have needed
 * two passes over stdin. The decision depends on the bytes only, never on how reads cut them, so
 * a file and the same bytes on stdin frame alike; a range run is given the file's decision.
 */
export class NdjsonFramer extends LineFramer {
  /** Undefined until decided (see the class comment). */
  lineEnds: NdjsonLineEnds | undefined;
  /** While undeciding: a first line end was a lone CR. */
  private loneCrFirst = false;

  constructor(lineEnds?: NdjsonLineEnds, collectSpans = false) {
    super();
    this.lineEnds = lineEnds;
    if (collectSpans) this.spans = [];
  }

  protected override isBlank(bytes: Uint8Array, start: number, end: number): boolean {
    return isBlankNdjsonLine(bytes, start, end);
  }

  scan(pending: Uint8Array, length: number): void {
    this.scanUpTo(pending, length, false);
  }

  override finish(pending: Uint8Array, length: number): void {
    this.scanUpTo(pending, length, true);
    if (this.lineStart < length) this.endRecord(pending, this.lineStart, length, length);
  }

  private scanUpTo(pending: Uint8Array, length: number, final: boolean): void {
    this.held = 0;
    if (this.lineEnds === undefined && !this.decide(pending, length, final)) return;
    if (this.lineEnds === 'cr') {
      this.scanCr(pending, length, final);
      return;
    }
    let from = this.scanned;
    while (from < length) {
      const newline = pending.indexOf(LF, from);
      if (newline < 0 || newline >= length) break;
      this.linesScanned++;
      this.endRecord(pending, this.lineStart, newline, newline + 1);
      this.lineStart = newline + 1;
      from = newline + 1;
    }
    this.scanned = length;
  }

  /**
   * Looks at the line ends after `scanned` until the convention is known; returns whether it is.
   * Nothing is framed before that, so `scanned` only marks how far the search went.
   */
  private decide(pending: Uint8Array, length: number, final: boolean): boolean {
    const view = pending.subarray(0, length);
    let from = this.scanned;
    while (true) {
      const lf = view.indexOf(LF, from);
      const cr = view.indexOf(CR, from);
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        if (lf >= 0) this.lineEnds = 'lf';
        // No line end left: a lone CR seen first, then the end of the input, reads as `cr`.
        else if (final) this.lineEnds = this.loneCrFirst ? 'cr' : 'lf';
        else this.scanned = length;
        break;
      }
      if (cr + 1 === length && !final) {
        // The CR may start a CRLF: judged with the next read.
        this.scanned = cr;
        this.held = length - cr;
        break;
      }
      if (view[cr + 1] === LF || this.loneCrFirst) {
        this.lineEnds = view[cr + 1] === LF ? 'lf' : 'cr';
        break;
      }
      this.loneCrFirst = true;
      from = cr + 1;
    }
    if (this.lineEnds === undefined) return false;
    this.scanned = this.lineStart;
    return true;
  }

  /** `cr` inputs: `\r`, `\n` and `\r\n` each end a record, as in CSV outside quotes. */
  private scanCr(pending: Uint8Array, length: number, final: boolean): void {
    const view = pending.subarray(0, length);
    let i = this.scanned;
    let nextCr = view.indexOf(CR, i);
    let nextLf = view.indexOf(LF, i);
    while (true) {
      const lineBreak = nextCr < 0 ? nextLf : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
      if (lineBreak < 0) {
        i = length;
        break;
      }
      let after = lineBreak + 1;
      if (lineBreak === nextCr) {
        if (after === length && !final) {
          this.held = 1;
          i = lineBreak;
          break;
        }
        if (view[after] === LF) after++;
      }
      this.linesScanned++;
      this.endRecord(pending, this.lineStart, lineBreak, after);
      this.lineStart = after;
      i = after;
      if (nextCr >= 0 && nextCr < i) nextCr = view.indexOf(CR, i);
      if (nextLf >= 0 && nextLf < i) nextLf = view.indexOf(LF, i);
    }
    this.scanned = i;
  }
}

/**
 * The records of a batch of NDJSON lines, as `[start, end, lineDelta]` triples (the end excludes
 * the line end, and a CR before an LF), blank lines left out.
 */
function ndjsonRecordSpans(bytes: Uint8Array, lineEnds: NdjsonLineEnds | undefined): number[] {
  if (lineEnds === 'cr') {
    const framer = new NdjsonFramer('cr', true);
    framer.finish(bytes, bytes.length);
    return framer.spans as number[];
  }
  const spans: number[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    const contentEnd = end > start && bytes[end - 1] === CR ? end - 1 : end;
    if (!isBlankNdjsonLine(bytes, start, contentEnd)) spans.push(start, contentEnd, line);
    line++;
    start = next;
  }
  return spans;
}

/**
 * CSV: a record ends at a line break outside quotes: `\n`, `\r\n`, or a lone `\r` (files
 * exported by classic Mac OS software end their lines that way; reading them as one line lost
 * every record: BR-31). Inside quotes, line breaks are data; all three kinds count as lines.
 *
 * A `\r` that is the last byte scanned may be the first half of `\r\n`, so it is held back
 * (see `held`) until the next byte arrives or the input ends.
 */
export class CsvFramer extends LineFramer {
  private inQuote = false;
  private readonly quote: number;

  constructor(quote: string, collectSpans = false) {
    super();
    this.quote = quote.charCodeAt(0);
    if (collectSpans) this.spans = [];
  }

  scan(pending: Uint8Array, length: number): void {
    this.scanUpTo(pending, length, false);
  }

  override finish(pending: Uint8Array, length: number): void {
    this.scanUpTo(pending, length, true);
    while (this.inQuote && this.closeUnterminated(pending, length)) {
      this.scanUpTo(pending, length, true);
    }
    if (this.lineStart < length) this.endRecord(pending, this.lineStart, length, length);
  }

  /**
   * A quote still open at the end of the input never closes: read as one field, it would turn
   * every later line into the broken record, and a stray quote on line 2 of a file lost all the
   * records after it. The broken record ends at the first line break after its
   * start instead (the parser rejects it: "unterminated quoted field"), and the lines after it
   * are framed again outside quotes. Returns false when the record has no line break.
   */
  private closeUnterminated(pending: Uint8Array, length: number): boolean {
    const view = pending.subarray(0, length);
    const lf = view.indexOf(LF, this.lineStart);
    const cr = view.indexOf(CR, this.lineStart);
    const lineBreak = cr < 0 ? lf : lf < 0 ? cr : Math.min(lf, cr);
    if (lineBreak < 0) return false;
    const end = lineBreak === cr && view[cr + 1] === LF ? cr + 1 : lineBreak;
    this.inQuote = false;
    this.linesScanned = this.recordStartLine + 1;
    this.endRecord(pending, this.lineStart, end, end + 1);
    this.lineStart = end + 1;
    this.scanned = end + 1;
    return true;
  }

  private scanUpTo(pending: Uint8Array, length: number, final: boolean): void {
    // Bounded to what was read: the buffer past `length` holds stale bytes.
    const view = pending.subarray(0, length);
    let i = this.scanned;
    this.held = 0;
    // Next positions are cached (-2: not searched yet, -1: none left), so that a file with
    // only one kind of line break, or without quotes, is searched once per kind.
    let nextQuote = -2;
    let nextLf = -2;
    let nextCr = -2;

    while (i < length) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = view.indexOf(this.quote, i);
      if (nextLf !== -1 && nextLf < i) nextLf = view.indexOf(LF, i);
      if (nextCr !== -1 && nextCr < i) nextCr = view.indexOf(CR, i);

      if (this.inQuote) {
        // Inside quotes line breaks are data: count them for line numbers, up to the quote.
        const end = nextQuote < 0 ? length : nextQuote;
        while (nextLf >= 0 && nextLf < end) {
          this.linesScanned++;
          nextLf = view.indexOf(LF, nextLf + 1);
        }
        while (nextCr >= 0 && nextCr < end) {
          // A CR before LF was counted with the LF; one before the quote or the end is alone.
          if (nextCr + 1 < length || final) {
            if (view[nextCr + 1] !== LF) this.linesScanned++;
          } else {
            this.held = 1;
            break;
          }
          nextCr = view.indexOf(CR, nextCr + 1);
        }
        if (this.held > 0) {
          i = nextCr;
          break;
        }
        if (nextQuote < 0) {
          i = length;
          break;
        }
        this.inQuote = false;
        i = nextQuote + 1;
        continue;
      }

      const lineBreak = nextCr < 0 ? nextLf : nextLf < 0 ? nextCr : Math.min(nextLf, nextCr);
      if (nextQuote >= 0 && (lineBreak < 0 || nextQuote < lineBreak)) {
        this.inQuote = true;
        i = nextQuote + 1;
        continue;
      }
      if (lineBreak < 0) {
        i = length;
        break;
      }
      // `\r\n` ends the record at its `\n` (the `\r` stays in the span, as the parser strips
      // it); a lone `\r` ends it at the `\r`.
      let end = lineBreak;
      if (lineBreak === nextCr) {
        if (lineBreak + 1 === length && !final) {
          i = lineBreak;
          this.held = 1;
          break;
        }
        if (view[lineBreak + 1] === LF) end = lineBreak + 1;
      }
      this.linesScanned++;
      this.endRecord(pending, this.lineStart, end, end + 1);
      this.lineStart = end + 1;
      i = end + 1;
    }
    this.scanned = i;
  }

  protected override reset(): void {
    super.reset();
    this.inQuote = false;
  }
}

/**
 * A batch's records as `[start, end, lineDelta]` triples: JSON spans as the reader found them,
 * NDJSON and CSV batches split again by the reader's rules (the workers and DSAR fulfilment).
 */
export function batchRecordSpans(
  format: RecordFormat,
  bytes: Uint8Array,
  batch: {
    readonly spans?: ArrayLike<number> | undefined;
    readonly lineEnds?: NdjsonLineEnds | undefined;
  },
  quote: string,
): ArrayLike<number> {
  if (format === 'json') return batch.spans ?? [];
  if (format === 'ndjson') return ndjsonRecordSpans(bytes, batch.lineEnds);
  const framer = new CsvFramer(quote, true);
  framer.finish(bytes, bytes.length);
  return framer.spans as number[];
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/**
 * A wrapper key as JSON.parse reads it: "rec\u006frds" is "records". A key with a bad escape stays
 * as written; the wrapper's JSON.parse check rejects it.
 */
function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The text a wrapper object may hold after its record array (metadata, not records). */
const MAX_WRAPPER_SUFFIX = 1 << 20;
/** Opens the text after the record array so that JSON.parse can judge it. */
const WRAPPER_LEAD = '{"r":[';

/**
 * JSON arrays, `{ "records": [...] }` documents, and (for chunked runs) a fragment: the elements
 * of an array without its brackets, as `findRecordBoundaries` cuts them.
 */
export class JsonFramer implements Framer {
  boundary = 0;
  records = 0;
  linesAtBoundary = 0;
  firstBoundary = -1;
  linesAtFirstBoundary = 0;
  linesScanned = 0;
  readonly held = 0;
  spans: number[] = [];

  private scanned = 0;
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  /** Depth of the array whose elements are records (1: top-level array, 2: `records`). */
  private recordDepth = 1;
  private recordArrayOpen = false;
  private recordArraySeen = false;
  private recordsKeySeen = false;
  /**
   * A wrapper object's own syntax (keys, ':', ',' and the values beside `records`) is checked
   * with JSON.parse: the text before the record array when it opens, and the text after it,
   * collected here, at the end. The scanner alone let `{"meta": tru, "records": [...]}` through.
   */
  private wrapper = false;
  private readonly suffix: Buffer[] = [];
  private suffixBytes = 0;
  /** Where in `pending` the uncollected part of the text after the record array starts. */
  private suffixFrom = -1;
  private suffixOrigin = { line: 0, column: 0, offset: 0 };
  private documentDone = false;
  private elementStart = -1;
  private elementLine = 0;
  private lastValueEnd = -1;
  /** Wrapper object: the last key read at depth 1, and whether its ':' has been seen. */
  private keyStart = -1;
  private lastKey = '';
  private afterColon = false;
  /** Start of the current line relative to `pending` (may be negative after a cut). */
  private lineStart = 0;
  /** A ',' at record level waits for the next element (a trailing comma is an error). */
  private afterComma = false;
  private readonly fragment: boolean;
  private readonly origin: () => FramerOrigin;

  /** The input's name for error messages (a file path, `stdin`), when known. */
  private readonly source: string | undefined;

  constructor(options: { fragment: boolean; origin: () => FramerOrigin; source?: string }) {
    this.source = options.source;
    this.origin = options.origin;
    this.fragment = options.fragment;
    if (options.fragment) {
      this.stack.push(OPEN_ARRAY);
      this.recordArrayOpen = true;
      this.recordArraySeen = true;
    }
  }

  private fail(position: number, reason: string): never {
    const origin = this.origin();
    // Scanning is sequential, so the newlines counted so far are those before `position`.
    const line = origin.line + this.linesScanned;
    const column = position - this.lineStart + 1;
    const offset = origin.offset + position;
    throw new RecordError(
      { line, offset, index: origin.index + this.records },
      `malformed JSON at line ${line}, column ${column} (byte offset ${offset}): ${reason}`,
      this.source,
    );
  }

  private startElement(position: number): void {
    if (this.elementStart < 0 && this.atRecordLevel()) {
      this.afterComma = false;
      this.elementStart = position;
      this.elementLine = this.linesScanned;
    }
  }

  private atRecordLevel(): boolean {
    return this.recordArrayOpen && this.stack.length === this.recordDepth;
  }

  /**
   * The record-level element being scanned, whose end has not been framed yet: its start in
   * `pending` and its line relative to the last cut; undefined between elements.
   */
  get openElement(): { start: number; line: number } | undefined {
    return this.elementStart < 0 ? undefined : { start: this.elementStart, line: this.elementLine };
  }

  private endElement(separator: number): void {
    if (this.elementStart < 0) this.fail(separator, 'expected a value before this');
    this.spans.push(this.elementStart, this.lastValueEnd, this.elementLine);
    this.records++;
    this.elementStart = -1;
    if (this.firstBoundary < 0) {
      this.firstBoundary = separator + 1;
      this.linesAtFirstBoundary = this.linesScanned;
    }
    this.boundary = separator + 1;
    this.linesAtBoundary = this.linesScanned;
  }

  scan(pending: Uint8Array, length: number): void {
    let i = this.scanned;
    while (i < length) {
      const byte = pending[i] as number;

      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        // Jump to the next quote when no backslash comes before it: most strings have none.
        const quote = pending.indexOf(QUOTE, i);
        const stop = quote < 0 || quote >= length ? length : quote;
        // Searched within the string only: an unbounded search ran to the end of the pending
        // buffer for every string (12.6 s of CPU for 6 MB of short records, now linear).
        const found = pending.subarray(i, stop).indexOf(BACKSLASH);
        const backslash = found < 0 ? -1 : i + found;
        if (backslash >= 0) {
          this.countLines(pending, i, backslash);
          this.escaped = true;
          i = backslash + 1;
          continue;
        }
        this.countLines(pending, i, stop);
        if (stop === length) {
          i = length;
          break;
        }
        this.inString = false;
        if (this.keyStart >= 0) {
          this.lastKey = decodeKey(Buffer.from(pending.subarray(this.keyStart, stop)).toString('utf8'));
          // A second `records` key has no safe reading: the first array used to win here while
          // stream-json read both and JSON.parse keeps the last, so the other records vanished.
          if (this.lastKey === 'records') {
            if (this.recordsKeySeen) this.fail(this.keyStart - 1, "the key 'records' more than once");
            this.recordsKeySeen = true;
          }
          this.keyStart = -1;
          this.afterColon = false;
        }
        this.lastValueEnd = stop + 1;
        i = stop + 1;
        continue;
      }

      switch (byte) {
        case 0x20:
        case 0x09:
        case CR:
          break;
        case LF:
          this.linesScanned++;
          this.lineStart = i + 1;
          break;
        case QUOTE:
          this.beforeValue(i);
          this.startElement(i);
          this.inString = true;
          // A string directly inside the wrapper object, before a ':', is a key.
          if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT && !this.afterColon) {
            this.keyStart = i + 1;
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.beforeValue(i);
          if (
            byte === OPEN_ARRAY &&
            this.stack.length === 1 &&
            this.stack[0] === OPEN_OBJECT &&
            this.afterColon &&
            this.lastKey === 'records' &&
            !this.recordArraySeen
          ) {
            this.checkWrapperText(
              `${Buffer.from(pending.subarray(0, i + 1)).toString('utf8')}]}`,
              { line: this.origin().line, column: 1, offset: this.origin().offset },
              'before',
            );
            this.recordDepth = 2;
            this.recordArrayOpen = true;
            this.recordArraySeen = true;
            this.stack.push(byte);
            break;
          }
          this.startElement(i);
          if (this.stack.length === 0) {
            // The top-level container: an array holds the records, an object may wrap them.
            if (byte === OPEN_ARRAY) {
              this.recordArrayOpen = true;
              this.recordArraySeen = true;
            } else {
              this.wrapper = true;
            }
          }
          this.stack.push(byte);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const open = this.stack[this.stack.length - 1];
          const expected = open === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
          if (open === undefined) this.fail(i, `unexpected '${String.fromCharCode(byte)}'`);
          if (byte !== expected) {
            this.fail(
              i,
              `'${String.fromCharCode(byte)}' does not close '${String.fromCharCode(open)}'`,
            );
          }
          if (this.atRecordLevel()) {
            // Closing the record array: the last element (if any) ends here.
            if (this.afterComma) this.fail(i, "trailing ',' before ']'");
            if (this.elementStart >= 0) this.endElement(i - 1);
            this.boundary = i + 1;
            this.linesAtBoundary = this.linesScanned;
            this.recordArrayOpen = false;
            this.stack.pop();
            if (this.wrapper) {
              this.suffixFrom = i;
              this.suffixOrigin = {
                line: this.origin().line + this.linesScanned,
                column: i - this.lineStart + 1,
                offset: this.origin().offset + i,
              };
            }
          } else {
            this.stack.pop();
            this.lastValueEnd = i + 1;
            if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT) this.afterColon = false;
          }
          if (this.stack.length === 0) this.documentDone = true;
          break;
        }
        case COMMA:
          if (this.atRecordLevel()) {
            this.endElement(i);
            this.afterComma = true;
          } else if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT) {
            this.afterColon = false;
          } else if (this.stack.length === 0) this.fail(i, "unexpected ','");
          break;
        case COLON:
          if (this.stack.length === 1 && this.stack[0] === OPEN_OBJECT) this.afterColon = true;
          break;
        default:
          // Numbers, true/false/null and stray bytes; JSON.parse judges them inside an element.
          this.beforeValue(i);
          this.startElement(i);
          this.lastValueEnd = i + 1;
          if (this.stack.length === 0) this.fail(i, "expected '[' or '{'");
      }
      i++;
    }
    this.scanned = length;
    if (this.suffixFrom >= 0 && this.suffixFrom < length) {
      this.suffixBytes += length - this.suffixFrom;
      if (this.suffixBytes > MAX_WRAPPER_SUFFIX) {
        this.fail(length, `more than ${MAX_WRAPPER_SUFFIX} bytes after the 'records' array`);
      }
      this.suffix.push(Buffer.from(pending.subarray(this.suffixFrom, length)));
      this.suffixFrom = length;
    }
  }

  /**
   * JSON.parse judges the wrapper's text around the record array (`']}'` closes the text before
   * it, `'{"r":['` opens the text after it). Its messages quote the input, so only the position
   * is kept, mapped back to the input's line, column and byte offset.
   */
  private checkWrapperText(
    text: string,
    start: { line: number; column: number; offset: number },
    where: 'before' | 'after',
  ): void {
    const lead = where === 'after' ? WRAPPER_LEAD : '';
    try {
      JSON.parse(lead + text);
      return;
    } catch (error) {
      const found = /at position (\d+)/.exec((error as Error).message);
      const at = found === null ? 0 : Math.max(0, Math.min(Number(found[1]) - lead.length, text.length));
      const before = text.slice(0, at);
      const lastBreak = before.lastIndexOf('\n');
      const line = start.line + (before.match(/\n/g)?.length ?? 0);
      const column = lastBreak < 0 ? start.column + at : at - lastBreak;
      const offset = start.offset + Buffer.byteLength(before, 'utf8');
      const reason = `in the wrapper object ${where} the 'records' array`;
      throw new RecordError(
        { line, offset, index: this.origin().index + this.records },
        found === null
          ? `malformed JSON ${reason} (from line ${start.line}, column ${start.column}, byte offset ${start.offset})`
          : `malformed JSON at line ${line}, column ${column} (byte offset ${offset}): ${reason}`,
        this.source,
      );
    }
  }

  /** After the top-level document closed, only whitespace may follow. */
  private beforeValue(position: number): void {
    if (this.documentDone) this.fail(position, 'unexpected data after the JSON document');
  }

  private countLines(pending: Uint8Array, from: number, to: number): void {
    // Bounded to [from, to): most ranges hold no newline, and an unbounded search would scan
    // the rest of the pending buffer each time.
    const range = pending.subarray(from, to);
    for (let n = range.indexOf(LF); n >= 0; n = range.indexOf(LF, n + 1)) {
      this.linesScanned++;
      this.lineStart = from + n + 1;
    }
  }

  cut(): void {
    const at = this.boundary;
    this.scanned -= at;
    if (this.elementStart >= 0) this.elementStart -= at;
    if (this.keyStart >= 0) this.keyStart -= at;
    this.lastValueEnd -= at;
    this.lineStart -= at;
    if (this.suffixFrom >= 0) this.suffixFrom -= at;
    this.linesScanned -= this.linesAtBoundary;
    this.elementLine -= this.linesAtBoundary;
    this.spans = [];
    this.boundary = 0;
    this.records = 0;
    this.linesAtBoundary = 0;
    this.firstBoundary = -1;
    this.linesAtFirstBoundary = 0;
  }

  /**
   * JSON has no header and an over-long element cannot be skipped safely (the driver fails the
   * run instead), so restarting mid-document is never needed.
   */
  restartAfterFirst(): void {
    throw new RangeError('a JSON framer cannot restart inside a document');
  }

  discardScanned(): void {
    throw new RangeError('a JSON framer cannot skip part of a document');
  }

  finish(pending: Uint8Array, length: number): void {
    this.scan(pending, length);
    if (this.inString) this.fail(length, 'unterminated string at end of input');

    if (this.fragment) {
      // A fragment is the inside of an array: the virtual '[' is the only open bracket.
      if (this.stack.length !== 1 || this.documentDone) {
        this.fail(length, 'unbalanced brackets in the record range');
      }
      if (this.elementStart >= 0) this.endElement(length - 1);
      this.boundary = length;
      this.linesAtBoundary = this.linesScanned;
      return;
    }
    if (this.stack.length > 0) {
      this.fail(length, `unexpected end of input: ${this.stack.length} bracket(s) left open`);
    }
    if (!this.documentDone) this.fail(length, 'empty input: expected a JSON array');
    if (!this.recordArraySeen) {
      this.fail(length, "expected a JSON array or an object with a 'records' array");
    }
    if (this.wrapper) {
      this.checkWrapperText(Buffer.concat(this.suffix).toString('utf8'), this.suffixOrigin, 'after');
    }
    this.boundary = length;
    this.linesAtBoundary = this.linesScanned;
  }
}

/** Builds the framer for a format. */
export function createFramer(
  format: RecordFormat,
  options: {
    quote: string;
    fragment: boolean;
    origin: () => FramerOrigin;
    source?: string;
    /** NDJSON: the convention, when known beforehand (a range of a file); else detected. */
    lineEnds?: NdjsonLineEnds | undefined;
  },
): Framer {
  if (format === 'ndjson') return new NdjsonFramer(options.lineEnds);
  if (format === 'csv') return new CsvFramer(options.quote);
  return new JsonFramer(options);
}
