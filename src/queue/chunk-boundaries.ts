/**
 * Chunks of a queued run: the engine's `findRecordBoundaries` (one streaming pre-scan through the
 * same framers a local run uses, so the two never disagree on where a record ends), turned into
 * the compact tuples that job data carries. Each chunk knows its first record's index and line,
 * so a chunk run numbers records, rejects and messages exactly as the whole run would.
 */
import { stat } from 'node:fs/promises';
import type { LoadedPipeline } from '../engine/loader.js';
import { findRecordBoundaries } from '../io/boundaries.js';

/** A chunk: `[start, end)` bytes, its first record's 0-based index and 1-based line. */
export type ChunkRange = [start: number, end: number, firstIndex: number, firstLine: number];

/** Cuts `input` into chunks of about `chunkBytes` each (a chunk never splits a record). */
export async function findChunkRanges(
  loaded: LoadedPipeline,
  input: string,
  chunkBytes: number,
): Promise<ChunkRange[]> {
  const { format, quote, header } = loaded.resolved.input;
  const ranges = await findRecordBoundaries(input, format, chunkBytes, {
    quote,
    header,
    maxRecordBytes: loaded.resolved.maxLineBytes,
  });
  if (ranges.length > 0) return ranges.map((r) => [r.start, r.end, r.firstIndex, r.firstLine]);

  // No record at all: one empty chunk, so the run still writes what a local run writes for an
  // empty input (`[]` for JSON, nothing for NDJSON and CSV).
  const size = (await stat(input)).size;
  return [[size, size, 0, 1]];
}
