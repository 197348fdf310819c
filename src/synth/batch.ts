/**
 * One batch of generated records, as the synth worker returns it: either the batch's bytes ready
 * to append (no unique fields), or one line per record with its unique values, which the main
 * thread admits in order before writing (see `unique-guard.ts`).
 */
import { ByteWriter } from './byte-writer.js';
import type { RecordGenerator } from './generator.js';
import type { RecordSerializer } from './serialize.js';

export interface SynthBatchTask {
  /** The parsed schema, as JSON (workers cache the compiled generator by this text). */
  schemaJson: string;
  seed: number | string;
  format: 'ndjson' | 'json' | 'csv';
  /** First record index (inclusive). */
  start: number;
  /** Last record index (exclusive). */
  end: number;
  /**
   * Memory of an earlier batch, already written out, to write this batch to. Handing buffers
   * back and forth keeps the main thread from receiving a new buffer per batch, which cost it a
   * full garbage collection every few dozen batches (V8 counts each as new external memory).
   */
  reuse?: ArrayBuffer | undefined;
}

export type SynthBatchResult =
  | {
      kind: 'bytes';
      start: number;
      bytes: Uint8Array;
      /** True when `bytes` is the only view of its memory, so moving it moves nothing else. */
      owned?: boolean;
    }
  | { kind: 'lines'; start: number; lines: string[]; uniques: (string | null)[][] };

let bytesPerRecord = 256;

/** Generates records [start, end) with `generator`, serialised with `serializer`. */
export function generateBatch(
  generator: RecordGenerator,
  serializer: RecordSerializer,
  start: number,
  end: number,
  reuse?: ArrayBuffer,
): SynthBatchResult {
  if (generator.uniquePaths.length > 0) {
    const lines: string[] = new Array(end - start);
    const uniques: (string | null)[][] = new Array(end - start);
    for (let i = start; i < end; i++) {
      const record = generator.record(i);
      lines[i - start] = serializer.line(record);
      uniques[i - start] = generator.uniqueValues(record);
    }
    return { kind: 'lines', start, lines, uniques };
  }

  const write = serializer.write;
  if (write !== undefined) {
    const out = new ByteWriter(Math.max(1024, (end - start) * bytesPerRecord), reuse);
    // Records straight to bytes when the schema allows it, else built and then written.
    const direct = generator.writable;
    for (let i = start; i < end; i++) {
      if (i > start) out.ascii(serializer.separator);
      if (direct) generator.writeRecord(i, out);
      else write(generator.record(i), out);
    }
    // Size the next batch's buffer from this one's, so it is rarely grown.
    if (end > start) bytesPerRecord = Math.ceil((out.length / (end - start)) * 1.1);
    return { kind: 'bytes', start, bytes: out.take(), owned: true };
  }

  let text = '';
  for (let i = start; i < end; i++) {
    if (i > start) text += serializer.separator;
    text += serializer.line(generator.record(i));
  }
  return { kind: 'bytes', start, bytes: Buffer.from(text, 'utf8') };
}
