/**
 * The reader: turns a stream of raw input chunks into batches of whole records, in order.
 *
 * Each batch is a fresh, exactly-sized `Uint8Array` so its buffer can be transferred to a worker
 * thread without a copy on the way (the one copy here is the price of cutting at a record
 * boundary; it runs at memory speed). The reader never decodes or parses a record: that happens
 * in the workers, which is what lets two threads beat one.
 *
 * Memory: the pending buffer holds at most one batch plus one chunk plus one partial record; a
 * record longer than `maxRecordBytes` is skipped (reported as a reject) without buffering it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { RecordError } from '../errors/record-error.js';
import { RunError } from '../errors/run-error.js';
import type { JsonParser, RecordFormat } from '../engine/spec.js';
import { createFramer, NdjsonFramer, type FramerOrigin, type NdjsonLineEnds } from './framer.js';
import { readJsonWithStreamJson } from './stream-json-reader.js';

/** A batch of whole records, as raw bytes. */
export interface InputBatch {
  readonly kind: 'batch';
  readonly bytes: Uint8Array;
  /** Byte offset of `bytes[0]` in the input. */
  readonly byteOffset: number;
  /** Index of the batch's first record in the input (0-based). */
  readonly firstIndex: number;
  /** Line of `bytes[0]` (1-based). */
  readonly firstLine: number;
  /** Number of records in the batch. */
  readonly records: number;
  /** Newlines in `bytes` (so the line after the batch is `firstLine + lines`). */
  readonly lines: number;
  /** JSON: `[start, end, lineDelta]` per record, relative to `bytes`. */
  readonly spans: Uint32Array | undefined;
  /**
   * `[line, byteOffset]` per record in the input, when `bytes` are not a copy of the input (the
   * stream-json reader re-serializes what it parsed); otherwise positions follow from the spans.
   */
  readonly locations?: Float64Array | undefined;
  /** NDJSON: how the input ends its lines, so that a worker splits the batch the same way. */
  readonly lineEnds?: NdjsonLineEnds | undefined;
}

/** A record the reader itself refused (longer than the maximum), in input order. */
export interface InputReject {
  readonly kind: 'reject';
  readonly line: number;
  readonly offset: number;
  readonly index: number;
  readonly reason: string;
}

/** The CSV header record's raw bytes (emitted once, before any batch). */
export interface InputHeader {
  readonly kind: 'header';
  readonly bytes: Uint8Array;
  readonly line: number;
}

export type InputItem = InputBatch | InputReject | InputHeader;

export interface ReadBatchesOptions {
  readonly format: RecordFormat;
  /** CSV quote character. */
  readonly quote: string;
  /** Target raw bytes per batch. */
  readonly batchBytes: number;
  /** Longest accepted record; longer ones are rejected (NDJSON, CSV) or fail the run (JSON). */
  readonly maxRecordBytes: number;
  /** CSV: the first record is a header. */
  readonly header: boolean;
  /** JSON: the input is a range of elements without the enclosing brackets. */
  readonly fragment: boolean;
  /** Position of the first byte (for ranges); default the start of a file. */
  readonly origin?: FramerOrigin;
  /** The input's name (a file path, `stdin`) for the errors that stop a read. */
  readonly source?: string;
  /** JSON: parse with Veil's framer (default) or with stream-json. */
  readonly jsonParser?: JsonParser | undefined;
  /**
   * NDJSON: the line-end convention when known beforehand (a range of a file, decided from the
   * file's start); detected from the input otherwise.
   */
  readonly lineEnds?: NdjsonLineEnds | undefined;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Reads chunks and yields headers, batches and reader rejects in input order. */
export async function* readBatches(
  input: AsyncIterable<Uint8Array> | ByteSource,
  options: ReadBatchesOptions,
): AsyncGenerator<InputItem> {
  const source = 'readInto' in input ? input : iterableSource(input);
  if (options.format === 'json' && options.jsonParser === 'stream-json') {
    yield* readJsonWithStreamJson(source, options);
    return;
  }
  const origin = { offset: 0, line: 1, index: 0, ...options.origin };
  const framer = createFramer(options.format, {
    quote: options.quote,
    fragment: options.fragment,
    origin: () => origin,
    ...(options.source === undefined ? {} : { source: options.source }),
    lineEnds: options.lineEnds,
  });

  let buffer = Buffer.allocUnsafe(
    Math.max(64 * 1024, Math.min(options.batchBytes * 2, 4 << 20)) + source.chunkBytes,
  );
  let length = 0;
  let headerPending = options.format === 'csv' && options.header;
  let checkBom = origin.offset === 0;
  let skipping: { line: number; offset: number; index: number } | undefined;

  const shift = (count: number): void => {
    buffer.copyWithin(0, count, length);
    length -= count;
  };

  const takeBatch = (): InputBatch => {
    const at = framer.boundary;
    const bytes = new Uint8Array(at);
    bytes.set(buffer.subarray(0, at));
    const batch: InputBatch = {
      kind: 'batch',
      bytes,
      byteOffset: origin.offset,
      firstIndex: origin.index,
      firstLine: origin.line,
      records: framer.records,
      lines: framer.linesAtBoundary,
      spans: framer.spans === undefined ? undefined : Uint32Array.from(framer.spans),
      ...(framer instanceof NdjsonFramer ? { lineEnds: framer.lineEnds } : {}),
    };
    origin.offset += at;
    origin.line += framer.linesAtBoundary;
    origin.index += framer.records;
    framer.cut();
    shift(at);
    return batch;
  };

  // Drops the bytes of a record being skipped; a byte the framer has not judged yet stays.
  const discardScanned = (): void => {
    const drop = length - framer.held;
    origin.line += framer.linesScanned;
    origin.offset += drop;
    framer.discardScanned(drop);
    shift(drop);
  };

  // Handles what the latest scan found; returns the items to yield, in order.
  const settle = (final: boolean): InputItem[] => {
    const items: InputItem[] = [];

    if (skipping !== undefined) {
      if (framer.firstBoundary < 0) {
        if (final) items.push(oversize(skipping, options.maxRecordBytes));
        else discardScanned();
        if (final) skipping = undefined;
        return items;
      }
      const end = framer.firstBoundary;
      items.push(oversize(skipping, options.maxRecordBytes));
      origin.line += framer.linesAtFirstBoundary;
      origin.offset += end;
      origin.index += 1;
      shift(end);
      skipping = undefined;
      framer.restartAfterFirst();
      if (final) framer.finish(buffer, length);
      else framer.scan(buffer, length);
    }

    if (headerPending && framer.firstBoundary >= 0) {
      const end = framer.firstBoundary;
      items.push({
        kind: 'header',
        bytes: Uint8Array.from(buffer.subarray(0, end)),
        line: origin.line,
      });
      origin.line += framer.linesAtFirstBoundary;
      origin.offset += end;
      shift(end);
      headerPending = false;
      framer.restartAfterFirst();
      if (final) framer.finish(buffer, length);
      else framer.scan(buffer, length);
    }
    if (headerPending) return items;

    if (framer.boundary > 0 && (final || framer.boundary >= options.batchBytes)) {
      items.push(takeBatch());
    }

    if (!final && length - framer.boundary > options.maxRecordBytes) {
      if (framer.boundary > 0) items.push(takeBatch());
      if (options.format === 'json') {
        throw new RecordError(
          { line: origin.line, offset: origin.offset, index: origin.index },
          `record is longer than max_line_bytes (${options.maxRecordBytes} bytes)`,
          options.source,
        );
      }
      skipping = { line: origin.line, offset: origin.offset, index: origin.index };
      discardScanned();
    }
    return items;
  };

  try {
    while (true) {
      // Read straight into the pending buffer: no chunk allocation per read, so the main thread
      // allocates only the batches it hands over (measured: 90 MB of garbage ArrayBuffers
      // before, on a 45 MB input).
      if (buffer.length - length < source.chunkBytes) {
        const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, length + source.chunkBytes));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      let read = await source.readInto(buffer, length, buffer.length - length);
      if (read === 0) break;
      if (checkBom) {
        checkBom = false;
        if (read >= 3 && length === 0 && UTF8_BOM.every((b, i) => buffer[i] === b)) {
          buffer.copyWithin(0, 3, read);
          read -= 3;
          origin.offset += 3;
        }
      }
      length += read;
      framer.scan(buffer, length);
      yield* settle(false);
    }
  } finally {
    await source.close();
  }

  framer.finish(buffer, length);
  yield* settle(true);
}

function oversize(at: { line: number; offset: number; index: number }, max: number): InputReject {
  return { kind: 'reject', ...at, reason: `record is longer than max_line_bytes (${max} bytes)` };
}

/** A byte source the reader pulls from into its own buffer. */
export interface ByteSource {
  /** Preferred read size. */
  readonly chunkBytes: number;
  /** Reads up to `max` bytes into `target` at `offset`; 0 means end of input. */
  readInto(target: Buffer, offset: number, max: number): Promise<number>;
  close(): Promise<void>;
}

/** Where to read from, and which byte range. */
export interface InputSource {
  /** A file path, `'-'` for stdin, or a readable stream of bytes. */
  readonly input: string | Readable;
  /** Byte range `[start, end)` of a file (end exclusive). */
  readonly range?: { readonly start: number; readonly end: number } | undefined;
  /** Read size (default 1 MiB, the best measured on this machine). */
  readonly chunkBytes?: number;
}

/** Opens the input as a byte source: positioned reads for files, the stream otherwise. */
export function openInputChunks(source: InputSource): ByteSource {
  const { input, range } = source;
  const chunkBytes = source.chunkBytes ?? 1 << 20;
  if (typeof input !== 'string')
    return iterableSource(input as AsyncIterable<Uint8Array>, chunkBytes);
  if (input === '-') return iterableSource(process.stdin as AsyncIterable<Uint8Array>, chunkBytes);
  return fileSource(input, range, chunkBytes);
}

/**
 * Positioned reads for a regular file. A FIFO, a character device or `/dev/stdin` on a pipe
 * cannot seek (positioned reads fail with ESPIPE), so such a file is read in order like stdin,
 * from its start: a range other than one starting at 0 is refused for it.
 */
function fileSource(file: string, range: InputSource['range'], chunkBytes: number): ByteSource {
  let handle: FileHandle | undefined;
  let seekable = true;
  let position = range?.start ?? 0;
  const end = range?.end ?? Infinity;

  const opened = async (): Promise<FileHandle> => {
    if (handle !== undefined) return handle;
    const next = await open(file, 'r');
    seekable = (await next.stat()).isFile();
    handle = next;
    if (!seekable && position !== 0) {
      throw new RunError(`cannot read a byte range of the input ${file}: it is not a regular file`);
    }
    return next;
  };

  return {
    chunkBytes,
    async readInto(target, offset, max) {
      try {
        const fh = await opened();
        const want = Math.min(max, chunkBytes, end - position);
        if (want <= 0) return 0;
        const { bytesRead } = await fh.read(target, offset, want, seekable ? position : null);
        position += bytesRead;
        return bytesRead;
      } catch (error) {
        if (error instanceof RunError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new RunError(`cannot read the input ${file} (${code})`, { cause: error });
      }
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
}

/** Adapts an async iterable of chunks; a chunk larger than the space offered is split. */
function iterableSource(chunks: AsyncIterable<Uint8Array>, chunkBytes = 1 << 20): ByteSource {
  const iterator = chunks[Symbol.asyncIterator]();
  let leftover: Uint8Array | undefined;
  return {
    chunkBytes,
    async readInto(target, offset, max) {
      while (leftover === undefined || leftover.length === 0) {
        const next = await iterator.next();
        if (next.done === true) return 0;
        leftover = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
      const n = Math.min(max, leftover.length);
      target.set(leftover.subarray(0, n), offset);
      leftover = leftover.subarray(n);
      return n;
    },
    async close() {
      await iterator.return?.();
    },
  };
}
