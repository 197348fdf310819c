/**
 * Cutting a file into ranges of whole records, for distributed runs: each range can be processed
 * on its own with `run({ inputRange })`, and the outputs concatenated in range order equal the
 * output of one local run (byte for byte; see `RunOptions.jsonElementsOnly` for JSON output).
 *
 * NDJSON and CSV ranges are contiguous (together they cover every byte after a CSV header), so
 * a record the reader rejects (an over-long line) is met, and reported, by exactly one range.
 * JSON ranges cover the elements only: from the first byte of a range's first element to the
 * last byte of its last element; the separators and brackets between them are not records.
 */
import { stat } from 'node:fs/promises';
import type { RecordFormat } from '../engine/spec.js';
import { DEFAULT_MAX_LINE_BYTES } from '../engine/spec.js';
import { openInputChunks, readBatches } from './reader.js';

/** A byte range of whole records and its position in the file. */
export interface RecordRange {
  /** First byte (inclusive). */
  readonly start: number;
  /** Last byte (exclusive). */
  readonly end: number;
  /** Index of the range's first record. */
  readonly firstIndex: number;
  /** Line of the range's first byte. */
  readonly firstLine: number;
  /** Records in the range (rejected ones included). */
  readonly records: number;
}

export interface BoundaryOptions {
  /** CSV quote character (default `"`). */
  readonly quote?: string;
  /** CSV: the first record is a header and belongs to no range (default true). */
  readonly header?: boolean;
  readonly maxRecordBytes?: number;
}

/** Scans a file once and returns ranges of about `targetChunkBytes` each, on record boundaries. */
export async function findRecordBoundaries(
  file: string,
  format: RecordFormat,
  targetChunkBytes: number,
  options: BoundaryOptions = {},
): Promise<RecordRange[]> {
  const target = Math.max(1, Math.floor(targetChunkBytes));
  const size = (await stat(file)).size;
  const items = readBatches(
    openInputChunks({ input: file, chunkBytes: Math.min(1 << 20, Math.max(target, 4096)) }),
    {
      format,
      quote: options.quote ?? '"',
      batchBytes: target,
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_LINE_BYTES,
      header: format === 'csv' && (options.header ?? true),
      fragment: false,
    },
  );

  const ranges: RecordRange[] = [];
  let cursor: { offset: number; line: number; index: number } | undefined;
  let trailingRejects = 0;

  for await (const item of items) {
    if (item.kind === 'header') continue;
    if (item.kind === 'reject') {
      cursor ??= { offset: item.offset, line: item.line, index: item.index };
      trailingRejects++;
      continue;
    }
    if (item.records === 0 && format === 'json') continue;

    if (format === 'json') {
      const spans = item.spans as Uint32Array;
      const lastEnd = spans[spans.length - 2] as number;
      ranges.push({
        start: item.byteOffset + (spans[0] as number),
        end: item.byteOffset + lastEnd,
        firstIndex: item.firstIndex,
        firstLine: item.firstLine + (spans[2] as number),
        records: item.records,
      });
      continue;
    }

    cursor ??= { offset: item.byteOffset, line: item.firstLine, index: item.firstIndex };
    const end = item.byteOffset + item.bytes.length;
    const nextIndex = item.firstIndex + item.records;
    ranges.push({
      start: cursor.offset,
      end,
      firstIndex: cursor.index,
      firstLine: cursor.line,
      records: nextIndex - cursor.index,
    });
    cursor = { offset: end, line: item.firstLine + item.lines, index: nextIndex };
    trailingRejects = 0;
  }

  if (trailingRejects > 0 && cursor !== undefined) {
    ranges.push({
      start: cursor.offset,
      end: size,
      firstIndex: cursor.index,
      firstLine: cursor.line,
      records: trailingRejects,
    });
  }
  return ranges;
}
