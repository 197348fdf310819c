/**
 * `synthesize` stage (replace mode) through the engine: detected spans and selected fields get
 * keyed surrogates, findings move with the new text, the output is the same inline and on worker
 * threads, and a bad findings field is reported without echoing record content.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { loadStages } from '../../src/engine/registry.js';
import type { JsonRecord } from '../../src/engine/stage.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-stage-'));
  process.env['VEIL_TEST_SYNTH_KEY'] = 'test-key-'.repeat(4);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env['VEIL_TEST_SYNTH_KEY'];
});

const records: JsonRecord[] = Array.from({ length: 60 }, (_, i) => ({
  id: `p${i % 7}`,
  name: i % 2 === 0 ? 'Alice Johnson' : 'Bob Miller',
  notes: `Call Alice Johnson at (212) 555-01${String(i % 100).padStart(2, '0')} before 2024-03-${String((i % 28) + 1).padStart(2, '0')}.`,
  _pii: [
    { field: 'notes', type: 'PERSON', start: 5, end: 18, score: 1 },
    { field: 'notes', type: 'PHONE_NUMBER', start: 22, end: 36, score: 1 },
    { field: 'notes', type: 'DATE_TIME', start: 44, end: 54, score: 1 },
  ],
}));

const spec = {
  name: 'synth-replace',
  input: { format: 'ndjson' as const },
  output: { format: 'ndjson' as const },
  stages: [
    {
      type: 'synthesize',
      key: 'env:VEIL_TEST_SYNTH_KEY',
      fields: [{ path: 'name', as: 'PERSON' }],
      subject_field: 'id',
    },
  ],
};

async function run(threads: number, input: JsonRecord[] = records): Promise<{ out: JsonRecord[]; text: string }> {
  const output = path.join(dir, `out-${threads}.ndjson`);
  const text = input.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await pipeline(spec, { storePath: path.join(dir, 'store') }).run({ input: Readable.from([text]), output, threads, onError: 'fail' });
  const written = readFileSync(output, 'utf8');
  return { out: written.trim().split('\n').map((l) => JSON.parse(l) as JsonRecord), text: written };
}

describe('synthesize stage (replace mode)', () => {
  // Synchronous validation sees only loaded stages; load the built-ins first.
  beforeAll(() => loadStages());
  it('replaces spans and fields consistently and keeps findings pointing at the surrogates', async () => {
    const { out } = await run(0);
    for (const [i, record] of out.entries()) {
      const notes = record['notes'] as string;
      const findings = record['_pii'] as { type: string; start: number; end: number }[];
      const person = notes.slice(findings[0]!.start, findings[0]!.end);
      expect(person).not.toBe('Alice Johnson');
      // The selected field and the span with the same name share one surrogate.
      if (i % 2 === 0) expect(record['name']).toBe(person);
      expect(notes.slice(findings[1]!.start, findings[1]!.end)).toMatch(/^\(\d{3}\) \d{3}-\d{4}$/);
      expect(notes.slice(findings[2]!.start, findings[2]!.end)).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(notes.startsWith('Call ')).toBe(true);
      expect(notes.endsWith('.')).toBe(true);
    }
    // One surrogate per distinct person, across all records.
    expect(new Set(out.filter((_, i) => i % 2 === 1).map((r) => r['name'])).size).toBe(1);
  });

  it('gives the same bytes inline and on 2 worker threads', async () => {
    const inline = await run(0);
    const threaded = await run(2);
    expect(threaded.text).toBe(inline.text);
  });

  it('fails a record whose findings field is not an array, naming the record and not its content', async () => {
    const bad = [{ id: 'x', notes: 'secret text', _pii: 'SECRET-CONTENT' }];
    const error = await run(0, bad as unknown as JsonRecord[]).then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/field '_pii' is not a findings array/);
    expect(error.message).not.toContain('SECRET-CONTENT');
    expect(error.message).not.toContain('secret text');
  });

  it('refuses a mode other than replace with a pointer to synthesize-fit', () => {
    expect(() => pipeline({ ...spec, stages: [{ type: 'synthesize', mode: 'fit', key: 'env:X' }] })).toThrow(/synthesize-fit/);
  });
});
