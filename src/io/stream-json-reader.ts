/**
 * JSON input read through stream-json (`input: { format: json, parser: stream-json }`), an
 * alternative to Veil's structural framer for users who want a maintained third-party parser.
 *
 * stream-json parses on the main thread and assembles each element of the top-level array (or of
 * the `records` array of a top-level object) into a value; we serialize each value back to JSON
 * text and hand the engine the same kind of batch the framer produces (`spans` per record), so
 * the workers and everything after them run unchanged. The price is a full parse on the main
 * thread (see docs/readme/engine.md for the measured speed), which is why it is not the default.
 *
 * stream-json's parser errors carry no position, so a structural error in a file is located by a
 * second pass with stream-json's Verifier over the same file (only on failure).
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import chain from 'stream-chain';
import parser from 'stream-json/parser.js';
import pick from 'stream-json/filters/pick.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import verifier from 'stream-json/utils/verifier.js';
import { RecordError } from '../errors/record-error.js';
import { JsonFramer } from './framer.js';
import { JsonRecordLocator } from './json-record-locator.js';
import type { ByteSource, InputBatch, InputItem, ReadBatchesOptions } from './reader.js';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Reads a JSON array or `{ "records": [...] }` document with stream-json; yields batches. */
export async function* readJsonWithStreamJson(
  source: ByteSource,
  options: ReadBatchesOptions,
): AsyncGenerator<InputItem> {
  const origin = { offset: 0, line: 1, index: 0, ...options.origin };
  const startOffset = origin.offset;
  const fail = (at: { line: number; offset: number }, reason: string): never => {
    throw new RecordError({ ...at, index: origin.index }, reason, options.source);
  };

  // Look at the first significant byte to choose between an array and a wrapper object.
  const first = Buffer.allocUnsafe(source.chunkBytes);
  let firstLength = 0;
  let significant = -1;
  while (significant < 0) {
    const read = await source.readInto(first, firstLength, first.length - firstLength);
    if (read === 0) break;
    firstLength += read;
    // A byte order mark split across reads: wait for its third byte before deciding.
    if (startOffset === 0 && firstLength < 3 && UTF8_BOM.slice(0, firstLength).every((b, i) => first[i] === b)) {
      continue;
    }
    for (let i = 0; i < firstLength; i++) {
      if (!WHITESPACE.has(first[i] as number) && !(i < 3 && isBom(first, i, startOffset))) {
        significant = i;
        break;
      }
    }
    if (firstLength === first.length) break;
  }
  const head = first.subarray(0, firstLength);
  const opener = options.fragment ? 0x5b : significant < 0 ? -1 : (head[significant] as number);
  if (!options.fragment && opener !== 0x5b && opener !== 0x7b) {
    await source.close();
    const offset = startOffset + Math.max(0, significant < 0 ? firstLength : significant);
    fail(
      { line: origin.line, offset },
      significant < 0
        ? 'empty input: expected a JSON array'
        : "malformed JSON: expected a JSON array or an object with a 'records' array",
    );
  }

  // An input that cannot be read twice is verified as it passes, so that a structural error is
  // located exactly (line, column, offset) without a second read; a file is verified only on
  // failure (see `locate`), which keeps the cost off the successful runs that can re-read.
  const tracker =
    options.fragment || startOffset !== 0 || (await canReread(options.source))
      ? undefined
      : new PassingVerifier();
  // Each element's line and offset, which stream-json does not report (see the locator).
  const locator = new JsonRecordLocator({
    fragment: options.fragment,
    at: { offset: startOffset, line: origin.line },
  });
  // A stream keeps the bytes from the last element stream-json assembled on, so that an error
  // can be framed as a file's is (see `locate`).
  const kept = tracker === undefined ? undefined : new KeptBytes();
  let fed = 0;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    const pass = async (chunk: Buffer): Promise<void> => {
      kept?.keep(fed, chunk, locator.lastTaken?.offset ?? 0);
      fed += chunk.length;
      locator.feed(chunk);
      await tracker?.write(chunk);
    };
    try {
      // A range of a distributed run holds elements without their brackets.
      if (options.fragment) yield Buffer.from('[');
      await pass(Buffer.from(head));
      yield Buffer.from(head);
      while (true) {
        const buffer = Buffer.allocUnsafe(source.chunkBytes);
        const read = await source.readInto(buffer, 0, buffer.length);
        if (read === 0) break;
        await pass(buffer.subarray(0, read));
        yield buffer.subarray(0, read);
      }
      if (options.fragment) yield Buffer.from(']');
    } finally {
      await source.close();
    }
  }

  // A wrapper object must hold a `records` array: the pick passes its tokens on, if any.
  let recordArraySeen = opener === 0x5b;
  const seen = (token: unknown): unknown => {
    recordArraySeen = true;
    return token;
  };
  const elements = chain([
    parser({ packValues: true, streamValues: false, maxPackedLength: options.maxRecordBytes }),
    ...(opener === 0x7b ? [refuseSecondRecordsKey(), pick({ filter: 'records' }), seen] : []),
    streamArray(),
  ]);
  const feeding = pipeline(Readable.from(bytes()), elements);
  feeding.catch(() => undefined);

  let parts: string[] = [];
  let spans: number[] = [];
  let locations: number[] = [];
  let size = 0;
  const takeBatch = (): InputBatch => {
    const batch: InputBatch = {
      kind: 'batch',
      bytes: new Uint8Array(Buffer.from(parts.join('\n'), 'utf8')),
      // The bytes are re-serialized values, so spans index them, not the input: each record's
      // place in the input is in `locations`, and the batch starts where its first record does.
      byteOffset: locations[1] as number,
      firstIndex: origin.index,
      firstLine: locations[0] as number,
      records: parts.length,
      lines: 0,
      spans: Uint32Array.from(spans),
      locations: Float64Array.from(locations),
    };
    origin.index += parts.length;
    parts = [];
    spans = [];
    locations = [];
    size = 0;
    return batch;
  };

  try {
    for await (const item of elements as AsyncIterable<{ value: unknown }>) {
      const at = locator.take();
      const text = JSON.stringify(item.value);
      const length = Buffer.byteLength(text, 'utf8');
      if (length > options.maxRecordBytes) {
        throw new RecordError(
          { ...at, index: origin.index + parts.length },
          `record is longer than max_line_bytes (${options.maxRecordBytes} bytes)`,
          options.source,
        );
      }
      spans.push(size, size + length, 0);
      locations.push(at.line, at.offset);
      parts.push(text);
      size += length + 1;
      if (size >= options.batchBytes) yield takeBatch();
    }
    await feeding;
  } catch (error) {
    if (error instanceof RecordError) throw error;
    // The framer beside stream-json has seen the same bytes and located the second key.
    if (error instanceof SecondRecordsKey && locator.failure !== undefined) {
      const { line, offset, index, reason } = locator.failure;
      throw new RecordError({ line, offset, index }, reason, options.source);
    }
    const assembled = origin.index + parts.length;
    throw await locate(error, options, { fed, startOffset, assembled, tracker, locator, kept });
  } finally {
    tracker?.close();
  }
  if (!recordArraySeen) {
    fail(
      { line: origin.line, offset: startOffset + fed },
      "malformed JSON: expected a JSON array or an object with a 'records' array",
    );
  }
  if (parts.length > 0) yield takeBatch();
}

/**
 * A token filter that fails on a second `records` key of the wrapper object, as Veil's framer
 * does: pick passed the elements of both arrays on, while the framer read only the first and
 * JSON.parse would keep only the last, so a duplicate key has no reading both parsers share.
 */
function refuseSecondRecordsKey(): (token: { name: string; value?: unknown }) => unknown {
  let depth = 0;
  let seen = false;
  return (token) => {
    if (token.name === 'startObject' || token.name === 'startArray') depth++;
    else if (token.name === 'endObject' || token.name === 'endArray') depth--;
    else if (depth === 1 && token.name === 'keyValue' && token.value === 'records') {
      if (seen) throw new SecondRecordsKey();
      seen = true;
    }
    return token;
  };
}

/** Thrown by `refuseSecondRecordsKey`; the reader replaces it with the framer's located error. */
class SecondRecordsKey extends Error {
  constructor() {
    super("the key 'records' more than once");
  }
}

function isBom(bytes: Uint8Array, at: number, startOffset: number): boolean {
  return startOffset === 0 && UTF8_BOM.every((b, i) => bytes[i] === b) && at < 3;
}

/**
 * Turns a stream-json error into a RecordError naming the file and position. The parser's own
 * messages are fixed strings (they never quote the input), so the reason is kept.
 *
 * The error is then framed as Veil's framer frames the same bytes (see `frameThrough`), from a
 * file read again or from the bytes a stream kept, so both parsers, and a file and the same
 * bytes on stdin, name the same record: stream-json's count of assembled elements depended on
 * where its chunks ended ("record 1" from a file, "record 0" or "record 2" from stdin). An error
 * where the default parser would hand the element to JSON.parse is named as its reject is: at the
 * record's line and offset, with the column in characters from the record's start.
 */
async function locate(
  error: unknown,
  options: ReadBatchesOptions,
  read: {
    fed: number;
    startOffset: number;
    assembled: number;
    tracker?: PassingVerifier | undefined;
    locator: JsonRecordLocator;
    kept?: KeptBytes | undefined;
  },
): Promise<RecordError> {
  const { fed, startOffset, assembled, tracker, locator, kept } = read;
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^(Parser|Verifier) (cannot parse input: |has )/, '');
  const file = options.source;
  const origin = { offset: startOffset, line: 1, index: 0, ...options.origin };
  let at: ErrorPosition | undefined;
  let bytes: ByteReader | undefined;
  let from: FrameStart | undefined;

  const passed = await tracker?.finish();
  if (passed !== undefined && kept !== undefined) {
    at = { line: passed.line, column: passed.pos, offset: passed.offset };
    bytes = kept;
    const last = locator.lastTaken;
    from = last === undefined ? DOCUMENT_START : { ...last, fragment: true };
  } else if (
    (options.fragment || startOffset === 0) &&
    (await canReread(file)) &&
    file !== undefined
  ) {
    // A range is verified as it was parsed: its bytes read so far, between brackets.
    const part = options.fragment ? { start: startOffset, length: fed } : await documentPart(file);
    const found = await verifyBytes(file, part, options.fragment);
    if (found !== undefined) {
      at = { ...found, line: origin.line + found.line - 1 };
      bytes = fileReader(file);
      from = options.fragment ? { ...origin, fragment: true } : DOCUMENT_START;
    }
  }
  if (at === undefined || bytes === undefined || from === undefined) {
    // Bytes that cannot be read again: name the bytes read so far, which hold the error.
    return new RecordError(
      { line: Math.max(1, options.origin?.line ?? 1), offset: startOffset + fed, index: assembled },
      `malformed JSON within the first ${fed} bytes (stream-json parser; line and record index ` +
        `are lower bounds): ${reason}`,
      file,
    );
  }

  const framed =
    locator.recordsBefore === undefined
      ? await frameThrough(bytes, from, at.offset).catch(() => undefined)
      : { index: locator.recordsBefore };
  const index = framed?.index ?? assembled;
  if (framed?.record !== undefined) {
    const { line, offset } = framed.record;
    const before = (await bytes.read(offset, at.offset - offset)).toString('utf8');
    const column = before.length + 1;
    // Lines end at LF, as the default parser counts them (the Verifier also ends one at a CR).
    const errorLine = line + (before.match(/\n/g)?.length ?? 0);
    return new RecordError(
      { line, offset, index },
      `malformed JSON at column ${column} (line ${errorLine}, byte offset ${at.offset}): ${reason}`,
      file,
    );
  }
  return new RecordError(
    { line: at.line, offset: at.offset, index },
    `malformed JSON at line ${at.line}, column ${at.column} (byte offset ${at.offset}): ${reason}`,
    file,
  );
}

/** Reads bytes of the input at a position (a file read again, or what a stream kept). */
interface ByteReader {
  read(position: number, length: number): Promise<Buffer>;
}

function fileReader(file: string): ByteReader {
  return {
    async read(position, length) {
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * The chunks of a stream from the start of the last element stream-json assembled on: an error
 * lies after that start, so framing from there names the error's record (see `locate`). The
 * parser runs behind the reads by the stream's buffering, so this holds a few chunks and the
 * element being assembled.
 */
class KeptBytes implements ByteReader {
  private readonly chunks: Array<{ at: number; bytes: Buffer }> = [];

  /** Keeps `bytes` (read at input offset `at`) and drops the chunks that end before `from`. */
  keep(at: number, bytes: Buffer, from: number): void {
    this.chunks.push({ at, bytes });
    while (this.chunks.length > 1) {
      const first = this.chunks[0] as { at: number; bytes: Buffer };
      if (first.at + first.bytes.length > from) break;
      this.chunks.shift();
    }
  }

  async read(position: number, length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    const end = position + length;
    for (const { at, bytes } of this.chunks) {
      if (at + bytes.length <= position || at >= end) continue;
      parts.push(bytes.subarray(Math.max(0, position - at), Math.min(bytes.length, end - at)));
    }
    return Buffer.concat(parts);
  }
}

/**
 * stream-json's Verifier reads the bytes as Latin-1 text, one character per byte: decoded as
 * UTF-8 it counts UTF-16 code units, so its offset (given as a byte offset) and column were short
 * by the extra bytes of every multi-byte character before the error. Structure is the same either
 * way, since JSON's structural characters are ASCII and any byte above 0x7F is a legal string
 * character in both readings. The Verifier ends lines at CR as well as LF, so a file that ends
 * lines with a lone CR gets more lines than Veil's framer counts.
 */
const VERIFIER_ENCODING = 'latin1';

/** Where the Verifier found an error, in bytes: line (from 1), column and offset in the input. */
interface ErrorPosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A whole document's bytes after its byte order mark, if any. */
async function documentPart(file: string): Promise<{ start: number; length: number }> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    const start = bytesRead === 3 && isBom(head, 0, 0) ? 3 : 0;
    return { start, length: (await handle.stat()).size - start };
  } finally {
    await handle.close();
  }
}

/**
 * Runs stream-json's Verifier over `part` of a file, between brackets for a range of a
 * distributed run (it holds elements only); resolves with the first error's position, if any.
 * A range's first line is counted from the range's first byte, as Veil's framer counts it.
 */
async function verifyBytes(
  file: string,
  part: { start: number; length: number },
  bracketed: boolean,
): Promise<ErrorPosition | undefined> {
  async function* text(): AsyncGenerator<string> {
    if (bracketed) yield '[';
    if (part.length > 0) {
      const end = part.start + part.length - 1;
      const options = { start: part.start, end, encoding: VERIFIER_ENCODING } as const;
      for await (const chunk of createReadStream(file, options)) yield chunk as string;
    }
    if (bracketed) yield ']';
  }
  const found = await pipeline(Readable.from(text()), chain([verifier()])).then(
    () => undefined,
    (e: unknown) => e as Partial<VerifierPosition>,
  );
  if (found === undefined || typeof found.offset !== 'number') return undefined;
  const line = found.line ?? 1;
  const lead = bracketed ? 1 : 0;
  return {
    line,
    column: (found.pos ?? 1) - (line === 1 ? lead : 0),
    offset: part.start + found.offset - lead,
  };
}

/** Whether the input is a regular file that a second pass can read from its start. */
async function canReread(file: string | undefined): Promise<boolean> {
  if (file === undefined || file === 'stdin' || file === 'input stream') return false;
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Where stream-json's Verifier found a structural error (1-based line and column). */
interface VerifierPosition {
  readonly line: number;
  readonly pos: number;
  readonly offset: number;
}

/**
 * stream-json's Verifier fed with the bytes as they pass to the parser (as Latin-1 text, see
 * `VERIFIER_ENCODING`), waiting for it to drain so that its buffer stays small. It stops taking
 * bytes after the first error it finds.
 */
class PassingVerifier {
  private readonly check = chain([verifier()]);
  private found: VerifierPosition | undefined;
  private failed = false;
  private readonly settled: Promise<void>;
  private atStart = true;
  /** Bytes of a byte order mark, which the Verifier does not see. */
  private skipped = 0;

  constructor() {
    this.check.resume();
    this.settled = new Promise((resolve) => {
      this.check.on('error', (error: Partial<VerifierPosition>) => {
        this.failed = true;
        if (typeof error.offset === 'number') {
          const offset = error.offset + this.skipped;
          this.found = { line: error.line ?? 1, pos: error.pos ?? 1, offset };
        }
        resolve();
      });
      this.check.on('finish', () => resolve());
      this.check.on('close', () => resolve());
    });
  }

  async write(bytes: Buffer): Promise<void> {
    if (this.failed) return;
    let text = bytes;
    if (this.atStart) {
      // The reader holds back a document's first bytes until a byte order mark can be seen whole.
      this.atStart = false;
      if (isBom(bytes, 0, 0)) {
        this.skipped = 3;
        text = bytes.subarray(3);
      }
    }
    if (!this.check.write(text.toString(VERIFIER_ENCODING))) {
      await Promise.race([once(this.check, 'drain').catch(() => undefined), this.settled]);
    }
  }

  /** Ends the input and resolves with the error position, if the bytes held one. */
  async finish(): Promise<VerifierPosition | undefined> {
    if (!this.failed) this.check.end();
    await this.settled;
    return this.found;
  }

  close(): void {
    if (!this.check.destroyed) this.check.destroy();
  }
}

/** Where framing starts: a document's start, or an element's start (`fragment`). */
interface FrameStart {
  readonly offset: number;
  readonly line: number;
  readonly index: number;
  readonly fragment: boolean;
}

const DOCUMENT_START: FrameStart = { offset: 0, line: 1, index: 0, fragment: false };

/**
 * Frames the input from `from` through the byte at `offset` with Veil's framer, as `JsonFramer`
 * reads it: the records whose ',' or ']' comes before `offset` give the index, and the element
 * still open there (if any) is the record the default parser would reject. When the framer itself
 * fails by then, its index is taken and no record is named: the default parser fails the run
 * there too, naming line and column. Reads in 1 MiB steps, keeping only the unfinished element.
 */
async function frameThrough(
  bytes: ByteReader,
  from: FrameStart,
  offset: number,
): Promise<{ index: number; record?: { line: number; offset: number } }> {
  const framer = new JsonFramer({
    fragment: from.fragment,
    origin: () => ({ offset: 0, line: 1, index: 0 }),
  });
  let position = from.offset;
  if (!from.fragment && isBom(await bytes.read(position, 3), 0, position)) position += 3;
  let pending: Buffer = Buffer.alloc(0);
  // Where `pending[0]` sits in the input.
  let base = position;
  let line = from.line;
  let records = from.index;
  const end = offset + 1;
  while (position < end) {
    const want = Math.min(1 << 20, end - position);
    const chunk = await bytes.read(position, want);
    position += chunk.length;
    pending = Buffer.concat([pending, chunk]);
    try {
      // An error at the end of the input (a document left open) is the framer's as well.
      if (chunk.length < want) framer.finish(pending, pending.length);
      else framer.scan(pending, pending.length);
    } catch (error) {
      if (error instanceof RecordError) return { index: records + error.index };
      throw error;
    }
    records += framer.records;
    base += framer.boundary;
    line += framer.linesAtBoundary;
    pending = pending.subarray(framer.boundary);
    if (chunk.length < want) break;
    framer.cut();
  }
  const open = framer.openElement;
  if (open === undefined) return { index: records };
  return { index: records, record: { line: line + open.line, offset: base + open.start } };
}
