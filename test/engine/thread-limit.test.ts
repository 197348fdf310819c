/**
 * Engine: the thread count is bounded (0 to 64) in pipeline specs and run options. Around a
 * thousand worker threads Node aborts with a fatal error, so the bound is checked before any
 * thread starts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import { pipeline } from '../../src/engine/pipeline.js';
import { MAX_THREADS, type PipelineSpec } from '../../src/engine/spec.js';
import { tempDir } from '../helpers/temp.js';

const base: PipelineSpec = { name: 'threads', input: { format: 'ndjson' }, stages: [] };

describe('engine: thread limit', () => {
  it('a spec asking for more than 64 threads is refused, naming threads', () => {
    expect(MAX_THREADS).toBe(64);
    expect(() => pipeline({ ...base, threads: 1000 }).resolved).toThrow(PipelineError);
    expect(() => pipeline({ ...base, threads: 1000 }).resolved).toThrow(/threads/);
    expect(pipeline({ ...base, threads: 64 }).resolved.threads).toBe(64);
  });

  it('run({ threads: 1000 }) rejects before starting a thread or writing output', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(input, '{"a":1}\n');
    await expect(pipeline(base).run({ input, output, threads: 1000 })).rejects.toThrow(
      /threads must be an integer from 0 to 64/,
    );
    expect(existsSync(output)).toBe(false);
  });
});
