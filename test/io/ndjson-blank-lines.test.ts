/**
 * NDJSON: a line of JSON whitespace only (spaces, tabs, a CR) holds no record and is skipped like
 * an empty line; it used to be rejected as "unexpected end of record" (and failed a run with
 * `on_error: fail`). Reader and workers agree, so the records after it keep their index, line and
 * offset whatever the batch size and thread count.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { tempDir } from '../helpers/temp.js';

const text = '{"a":1}\n   \n\t\n{"a":2}\n \r\n{bad\n\t \r\n{"a":3}\n  ';

describe('ndjson: whitespace-only lines', () => {
  for (const [threads, batch] of [
    [0, '1B'],
    [0, '512KiB'],
    [2, '1B'],
  ] as const) {
    it(`are skipped; the bad record keeps its position (${threads} threads, batch ${batch})`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.ndjson');
      const output = path.join(dir, 'out.ndjson');
      const rejects = path.join(dir, 'rejects.ndjson');
      writeFileSync(input, text);
      const summary = await pipeline({
        name: 'blank',
        input: { format: 'ndjson' },
        batch_size: batch,
        on_error: 'reject',
        reject_file: rejects,
        stages: [],
      }).run({ input, output, threads });
      expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
      expect(readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
        { line: 6, offset: 25, index: 2, reason: expect.stringMatching(/^malformed JSON/) as unknown },
      ]);
      expect(summary.recordsIn).toBe(4);
    });
  }

  it('a file of whitespace lines only is an empty input, not a failed run', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(input, ' \n\t\r\n   ');
    await pipeline({ name: 'blank', input: { format: 'ndjson' }, on_error: 'fail', stages: [] }).run({
      input,
      output,
      threads: 0,
    });
    expect(readFileSync(output, 'utf8')).toBe('');
  });
});
