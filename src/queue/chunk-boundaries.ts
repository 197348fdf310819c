/**
 * Cutting an input file into chunks on record boundaries, for queued runs.
 *
 * One streaming pre-scan through the engine's own reader (the same framers a local run uses, so
 * the two can never disagree on where a record ends) gives, per chunk, its byte range and the
 * index and line of its first record: a chunk run numbers its records, rejects and messages
 * exactly as the whole run would. NDJSON and CSV chunks are contiguous byte ranges (a CSV range
 * starts after the header, which a range run reads from the file's start); a JSON chunk is a run
 * of array elements without the separating commas or brackets (what a fragment run reads).
 * Cost: one sequential read of the input at submission, at framer speed.
 */
import { stat } from 'node:fs/promises';
import type { LoadedPipeline } from '../engine/loader.js';
import { openInputChunks, readBatches } from '../io/reader.js';

/** A chunk: `[start, end)` bytes, its first record's 0-based index and 1-based line. */
export type ChunkRange = [start: number, end: number, firstIndex: number, firstLine: number];

/** Cuts `input` into chunks of about `chunkBytes` each (a chunk never splits a record). */
export async function findChunkRanges(
  loaded: LoadedPipeline,
  input: string,
  chunkBytes: number,
): Promise<ChunkRange[]> {
  const { resolved } = loaded;
  const format = resolved.input.format;
  const size = (await stat(input)).size;
  // The reader cuts at most one batch per read, so reads no larger than a chunk keep chunks
  // close to the target (between one and two targets) even for small targets.
  const readBytes = Math.max(4096, Math.min(1 << 20, chunkBytes));
  const items = readBatches(openInputChunks({ input, chunkBytes: readBytes }), {
    format,
    quote: resolved.input.quote,
    batchBytes: chunkBytes,
    maxRecordBytes: resolved.maxLineBytes,
    header: format === 'csv' && resolved.input.header,
    fragment: false,
  });

  const ranges: ChunkRange[] = [];
  // NDJSON starts at byte 0 (a range from 0 strips a byte-order mark like a whole run does);
  // CSV starts where the first record after the header does, refused or not.
  let firstStart: [number, number, number] | undefined = format === 'ndjson' ? [0, 0, 1] : undefined;
  for await (const item of items) {
    if (item.kind === 'reject') {
      firstStart ??= [item.offset, item.index, item.line];
      continue;
    }
    if (item.kind !== 'batch') continue;
    if (format === 'json') {
      const spans = item.spans;
      if (spans === undefined || spans.length < 3) continue;
      const start = item.byteOffset + (spans[0] as number);
      const end = item.byteOffset + (spans[spans.length - 2] as number);
      ranges.push([start, end, item.firstIndex, item.firstLine + (spans[2] as number)]);
    } else {
      // Contiguous ranges: a record the reader refused (over-long) stays inside a range and is
      // refused again, at the same index, by the chunk that meets it.
      const previous = ranges[ranges.length - 1];
      if (previous !== undefined) previous[1] = item.byteOffset;
      if (previous === undefined && firstStart !== undefined) {
        ranges.push([firstStart[0], item.byteOffset + item.bytes.length, firstStart[1], firstStart[2]]);
      } else {
        ranges.push([item.byteOffset, item.byteOffset + item.bytes.length, item.firstIndex, item.firstLine]);
      }
    }
  }

  if (ranges.length === 0) return [[size, size, 0, 1]];
  if (format !== 'json') (ranges[ranges.length - 1] as ChunkRange)[1] = size;
  return ranges;
}
