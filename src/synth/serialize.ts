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
import type { ByteWriter } from './byte-writer.js';
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
  /** The same bytes as `line`, UTF-8 encoded into `out` (JSON formats only). */
  write?: ((record: JsonRecord, out: ByteWriter) => void) | undefined;
}

type WriteValue = (value: JsonValue | undefined, out: ByteWriter) => void;

/**
 * A writer for one schema object, compiled from the schema: each key's `"key":` text is prepared
 * once, and each value is written by a routine chosen for its field type, so a record costs no
 * property enumeration or type dispatch beyond what its fields need. The output is byte-identical
 * to `JSON.stringify(record)` (a test pins this on every field type).
 */
function objectWriter(fields: Record<string, FieldSpec>): WriteValue {
  // The key order JSON.stringify follows is the order the generator creates the keys in; building
  // a probe object the same way also drops a key like `__proto__` exactly as the record does.
  const probe: Record<string, JsonValue> = {};
  for (const key of Object.keys(fields)) probe[key] = null;
  const keys = Object.keys(probe);
  const firsts = keys.map((key) => `{${JSON.stringify(key)}:`);
  const nexts = keys.map((key) => `,${JSON.stringify(key)}:`);
  const asciiKeys = firsts.every((p) => /^[\x20-\x7e]*$/.test(p));
  const values = keys.map((key) => valueWriter(fields[key]!));
  const count = keys.length;
  return (value, out) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return out.value(value ?? null);
    let written = 0;
    for (let i = 0; i < count; i++) {
      const v = value[keys[i]!];
      // JSON.stringify leaves out keys whose value is undefined; the generator never makes one.
      if (v === undefined) continue;
      const prefix = written++ === 0 ? firsts[i]! : nexts[i]!;
      if (asciiKeys) out.ascii(prefix);
      else out.utf8(prefix);
      values[i]!(v, out);
    }
    out.ascii(written === 0 ? '{}' : '}');
  };
}

function valueWriter(spec: FieldSpec): WriteValue {
  switch (spec.type) {
    case 'object':
      return objectWriter(spec.fields);
    case 'integer':
    case 'number':
      return (value, out) => (typeof value === 'number' ? out.number(value) : out.value(value ?? null));
    default:
      return (value, out) => (typeof value === 'string' ? out.string(value) : out.value(value ?? null));
  }
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
  if (format === 'ndjson' || format === 'json') {
    const write = objectWriter(schema.fields);
    const json = format === 'json';
    return {
      head: json ? '[\n' : '',
      separator: json ? ',\n' : '\n',
      tail: json ? '\n]\n' : '\n',
      line: (record) => JSON.stringify(record),
      write: (record, out) => write(record, out),
    };
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
