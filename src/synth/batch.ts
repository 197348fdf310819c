/**
 * One batch of generated records, as the synth worker returns it: either the batch's bytes ready
 * to append (no unique fields), or one line per record with its unique values, which the main
 * thread admits in order before writing (see `unique-guard.ts`).
 */
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
}

export type SynthBatchResult =
  | { kind: 'bytes'; start: number; bytes: Uint8Array }
  | { kind: 'lines'; start: number; lines: string[]; uniques: (string | null)[][] };

/** Generates records [start, end) with `generator`, serialised with `serializer`. */
export function generateBatch(
  generator: RecordGenerator,
  serializer: RecordSerializer,
  start: number,
  end: number,
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

  let text = '';
  for (let i = start; i < end; i++) {
    if (i > start) text += serializer.separator;
    text += serializer.line(generator.record(i));
  }
  return { kind: 'bytes', start, bytes: Buffer.from(text, 'utf8') };
}
