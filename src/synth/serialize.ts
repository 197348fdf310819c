/**
 * Writes generated records as NDJSON, a JSON array or CSV, one record per line, so that batches
 * produced by different workers can be concatenated in order without re-parsing.
 *
 * CSV columns come from the schema, not from the records: nested objects flatten to dotted
 * column names (`address.city`) and arrays become a JSON text cell, so every row has the same
 * columns even when a value is null.
 */
import { stringify } from 'csv-stringify/sync';
import type { JsonRecord, JsonValue } from '../engine/stage.js';
import type { FieldSpec, SynthSchema } from './schema.js';

export type SynthFormat = 'ndjson' | 'json' | 'csv';

export interface RecordSerializer {
  /** Written once before the first record (`[` for JSON, the header row for CSV). */
  readonly head: string;
  /** Written between two records. */
  readonly separator: string;
  /** Written once after the last record. */
  readonly tail: string;
  /** One record, without separator. */
  line(record: JsonRecord): string;
}

function columns(fields: Record<string, FieldSpec>, prefix: string[] = []): string[][] {
  return Object.entries(fields).flatMap(([key, spec]) =>
    spec.type === 'object' ? columns(spec.fields, [...prefix, key]) : [[...prefix, key]],
  );
}

function cell(record: JsonRecord, path: readonly string[]): string | number | boolean | null {
  let value: JsonValue | undefined = record;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    value = value[key];
  }
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Chooses the format from an explicit flag, else from the output file's extension. */
export function formatFor(explicit: string | undefined, output: string): SynthFormat {
  if (explicit === 'ndjson' || explicit === 'json' || explicit === 'csv') return explicit;
  if (output.endsWith('.csv')) return 'csv';
  if (output.endsWith('.json')) return 'json';
  return 'ndjson';
}

export function recordSerializer(schema: SynthSchema, format: SynthFormat): RecordSerializer {
  if (format === 'ndjson') {
    return { head: '', separator: '\n', tail: '\n', line: (record) => JSON.stringify(record) };
  }
  if (format === 'json') {
    return { head: '[\n', separator: ',\n', tail: '\n]\n', line: (record) => JSON.stringify(record) };
  }
  const paths = columns(schema.fields);
  const header = stringify([paths.map((p) => p.join('.'))]);
  return {
    head: header,
    separator: '',
    tail: '',
    // csv-stringify ends each row with '\n', so the separator is empty.
    line: (record) => stringify([paths.map((p) => cell(record, p))]),
  };
}
