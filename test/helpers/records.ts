/** Small deterministic record sets for engine tests. */
import type { JsonRecord } from '../../src/engine/stage.js';

const names = [
  'Zoë Åström',
  'José Núñez',
  '田中 太郎',
  'Ann "Quote" Lee',
  'Bob, Jr.',
  'Éva\nNewline',
];

/** `count` records with unicode, quotes, commas, newlines and nesting. */
export function sampleRecords(count: number): JsonRecord[] {
  const out: JsonRecord[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      id: `c-${i}`,
      name: names[i % names.length] as string,
      email: `user${i % 97}@example.com`,
      notes: i % 5 === 0 ? '😀 emoji, "quotes" and, commas' : `plain note ${i}`,
      amount: i * 1.5,
      ssn: `123-45-${String(i % 10000).padStart(4, '0')}`,
    });
  }
  return out;
}

export function toNdjson(records: readonly JsonRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function csvCell(value: unknown): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(records: readonly JsonRecord[]): string {
  const columns = Object.keys(records[0] ?? {});
  const lines = [columns.join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

export function toJsonArray(records: readonly JsonRecord[]): string {
  return (
    '[\n' +
    records.map((r) => '  ' + JSON.stringify(r, null, 1).replaceAll('\n', '\n  ')).join(',\n') +
    '\n]\n'
  );
}

/** A 32-byte hex key in an environment variable, for pipelines that say `env:NAME`. */
export function setTestKey(name = 'VEIL_TEST_PSEUDONYM_KEY', value = '5f'.repeat(32)): string {
  process.env[name] = value;
  return `env:${name}`;
}
