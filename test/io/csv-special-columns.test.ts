/**
 * Column names that are special to JavaScript objects (`__proto__`, `constructor`) are ordinary
 * fields: they reach the output like any other column, inline and on worker threads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-csv-special-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV columns named like object internals', () => {
  it.each([0, 2])('keeps a __proto__ column at %i threads, and refuses to write over the input', async (threads) => {
    const input = path.join(dir, `in-${threads}.csv`);
    writeFileSync(input, 'name,__proto__,constructor\nbob,value-one,value-two\n');
    const output = path.join(dir, `out-${threads}.ndjson`);
    const p = pipeline({ name: 'csv-special', input: { format: 'csv' }, output: { format: 'ndjson' }, stages: [] });
    const summary = await p.run({ input, output, threads });
    expect(summary.recordsOut).toBe(1);
    const line = readFileSync(output, 'utf8').trim();
    expect(line).toBe('{"name":"bob","__proto__":"value-one","constructor":"value-two"}');

    // The reject file may not be the input either (the rename would replace it).
    await expect(
      p.run({ input, output: path.join(dir, 'other.ndjson'), threads, onError: 'reject', rejectFile: input }),
    ).rejects.toThrow(/reject file would overwrite the input/);
    expect(readFileSync(input, 'utf8')).toContain('value-one');
  });
});
