/**
 * Test inputs for queued runs: seeded records with the awkward parts that break chunking
 * (multi-byte UTF-8, quotes, commas and newlines inside CSV fields, nested objects), written as
 * NDJSON, CSV and a pretty-printed JSON array, plus the pipeline files that transform them.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TestRecord {
  id: string;
  name: string;
  email: string;
  city: string;
  note: string;
  visits: number;
}

const FIRST = [
  'Ana',
  'Bjørn',
  'Chloé',
  'Dmitri',
  'Émile',
  'Fatima',
  'Gústaf',
  'Hiroshi',
  'Ingrid',
  'José',
];
const LAST = ['García', 'Øster', 'Müller', "O'Neil", 'Nguyễn', 'Smith', 'Łukasz', 'Zhang'];
const CITIES = ['Lisboa', 'München', 'Kraków', 'São Paulo', 'Zürich', 'New York, NY', '東京'];

/** Deterministic pseudo-random integers (a linear congruential generator, seeded). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

export function makeRecords(count: number, seed = 7): TestRecord[] {
  const next = lcg(seed);
  const records: TestRecord[] = [];
  for (let i = 0; i < count; i++) {
    const first = FIRST[next() % FIRST.length] as string;
    const last = LAST[next() % LAST.length] as string;
    const kind = next() % 5;
    const note =
      kind === 0
        ? `called about "invoice ${i}", said: ok, thanks`
        : kind === 1
          ? `line one\nline two for ${first}`
          : kind === 2
            ? `emoji 🎉 and ünïcödé ${i}`
            : kind === 3
              ? ''
              : `plain note ${i}`;
    records.push({
      id: `c-${String(i).padStart(6, '0')}`,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${i}@example.org`,
      city: CITIES[next() % CITIES.length] as string,
      note,
      visits: next() % 1000,
    });
  }
  return records;
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function writeNdjson(file: string, records: readonly TestRecord[]): Promise<void> {
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

export async function writeCsv(file: string, records: readonly TestRecord[]): Promise<void> {
  const columns = ['id', 'name', 'email', 'city', 'note', 'visits'] as const;
  const lines = [columns.join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  await writeFile(file, lines.join('\n') + '\n');
}

export async function writeJsonArray(file: string, records: readonly TestRecord[]): Promise<void> {
  await writeFile(file, JSON.stringify(records, null, 2) + '\n');
}

/** A pipeline file: pseudonymize two fields with a key from the environment, drop one. */
export async function writePipeline(
  dir: string,
  name: string,
  input: 'ndjson' | 'csv' | 'json',
  output: 'ndjson' | 'csv' | 'json' = input,
  extra = '',
): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(
    file,
    [
      `name: ${name}`,
      'input:',
      `  format: ${input}`,
      'output:',
      `  format: ${output}`,
      'batch_size: 4KiB',
      extra,
      'stages:',
      '  - type: pseudonymize',
      '    key: env:VEIL_TEST_QUEUE_KEY',
      '    fields: [email, name]',
      '  - type: drop',
      '    fields: [visits]',
      '',
    ].join('\n'),
  );
  return file;
}

/** The key the test pipelines use (test material only). */
export const TEST_KEY = 'queue-test-key-0123456789abcdef';
