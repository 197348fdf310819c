/**
 * Engine: a record nested thousands of levels deep is one bad record, not the end of the run.
 * JSON.stringify and recursive stages would overflow the call stack on it; the batch refuses it
 * first (or catches the overflow), at 0 and 2 threads, in reject and fail mode.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors/record-error.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { PipelineSpec } from '../../src/engine/spec.js';
import { tempDir } from '../helpers/temp.js';

const deep = `{"secret":"s3cr3t-value","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
// Under the limit, with brackets inside a string that must not count as nesting.
const fine = `{"note":"${'['.repeat(3000)}","x":${'['.repeat(900)}${']'.repeat(900)}}`;
const content = `{"id":1}\n${deep}\n{"id":2}\n${fine}\n{"id":3}\n`;

function spec(onError: 'reject' | 'fail'): PipelineSpec {
  return {
    name: 'deep',
    input: { format: 'ndjson' },
    output: { format: 'ndjson' },
    on_error: onError,
    stages: [],
  };
}

function setup() {
  const dir = tempDir();
  const input = path.join(dir, 'in.ndjson');
  writeFileSync(input, content);
  return {
    input,
    output: path.join(dir, 'out.ndjson'),
    rejectFile: path.join(dir, 'rejects.ndjson'),
  };
}

describe('engine: deeply nested records', () => {
  for (const threads of [0, 2]) {
    it(`reject mode lists line 2 and writes the others (${threads} threads)`, async () => {
      const { input, output, rejectFile } = setup();
      const summary = await pipeline(spec('reject')).run({ input, output, rejectFile, threads });
      expect(summary.recordsIn).toBe(5);
      expect(summary.recordsOut).toBe(4);
      expect(summary.recordsRejected).toBe(1);

      const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      expect(JSON.parse(lines[2] as string)).toEqual(JSON.parse(fine));

      const rejects = readFileSync(rejectFile, 'utf8').trimEnd().split('\n');
      expect(rejects).toHaveLength(1);
      const entry = JSON.parse(rejects[0] as string) as Record<string, unknown>;
      expect(entry['line']).toBe(2);
      expect(entry['index']).toBe(1);
      expect(entry['reason']).toMatch(/nested too deeply/);
      expect(rejects[0]).not.toContain('s3cr3t');
    });

    it(`fail mode stops naming line 2 (${threads} threads)`, async () => {
      const { input, output } = setup();
      const error = await pipeline(spec('fail'))
        .run({ input, output, threads })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(RecordError);
      expect((error as RecordError).line).toBe(2);
      expect((error as RecordError).message).toMatch(/line 2\b.*nested too deeply/);
      expect((error as RecordError).message).not.toContain('s3cr3t');
    });
  }
});
