/**
 * queue worker pool reuse: an in-process `veil worker --threads 2` starts one Piscina pool for the
 * first chunk of a run and lends it to every later chunk of that run and of later runs of the same
 * pipeline (its `job completed` log lines count pools created and reused); a different pipeline
 * gets its own pool and the idle one is closed. Outputs stay byte-identical to a local run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitForRun } from '../../src/queue/progress.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { runVeil } from './helpers/cli.js';
import { writePipeline } from './helpers/data.js';
import { testConnection } from './helpers/redis.js';
import { createScenario, type Scenario } from './helpers/run.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

interface PoolLog {
  job: string;
  name: string;
  poolsCreated: number;
  poolsReused: number;
  poolsOpen: number;
}

it('queue worker: chunks of one pipeline reuse one pool across chunks and runs', async () => {
  const current = await createScenario({ label: 'pools', format: 'ndjson', records: 1500 });
  scenario = current;
  const worker = await current.startWorker('pooled', ['--threads', '2']);
  const expected = await current.localOutput();
  process.env['VEIL_TEST_QUEUE_KEY'] = current.env['VEIL_TEST_QUEUE_KEY'];

  const submitAndWait = async (pipeline: string, output: string) => {
    const { runId, chunks } = await submitPipelineRun({
      connection: testConnection(),
      prefix: current.prefix,
      pipeline,
      input: current.input,
      output,
      chunkBytes: 24 * 1024,
    });
    await waitForRun(current.queue, runId, { timeoutMs: 240_000 });
    // The parent's own completion line comes after every chunk's.
    await worker.waitForLog((line) => line['msg'] === 'job completed' && line['job'] === runId);
    const logs = worker.logs.filter(
      (line) => line['msg'] === 'job completed' && String(line['job']).startsWith(`${runId}.`),
    ) as unknown as PoolLog[];
    return { runId, chunks, logs };
  };

  const first = await submitAndWait(current.pipeline, join(current.dir, 'first.ndjson'));
  expect(first.chunks).toBeGreaterThanOrEqual(3);
  expect(first.logs).toHaveLength(first.chunks);
  // One pool for the whole run: each chunk after the first borrowed it.
  expect(Math.max(...first.logs.map((l) => l.poolsCreated))).toBe(1);
  expect(Math.max(...first.logs.map((l) => l.poolsReused))).toBe(first.chunks - 1);
  expect((await readFile(join(current.dir, 'first.ndjson'))).equals(expected)).toBe(true);

  // A later run of the same pipeline (another output, so another run id) keeps using it.
  const second = await submitAndWait(current.pipeline, join(current.dir, 'second.ndjson'));
  expect(Math.max(...second.logs.map((l) => l.poolsCreated))).toBe(1);
  expect(Math.max(...second.logs.map((l) => l.poolsReused))).toBe(
    first.chunks - 1 + second.chunks,
  );
  expect((await readFile(join(current.dir, 'second.ndjson'))).equals(expected)).toBe(true);

  // Another pipeline: a new pool, and the previous one is closed (one pool open).
  const other = await writePipeline(current.dir, 'pools-other', 'ndjson', 'ndjson', '# other');
  const otherLocal = join(current.dir, 'other-local.ndjson');
  const ran = await runVeil(
    ['run', other, '--input', current.input, '--output', otherLocal, '--threads', '0'],
    current.env,
  );
  expect(ran.code, ran.stderr).toBe(0);
  const third = await submitAndWait(other, join(current.dir, 'third.ndjson'));
  expect(Math.max(...third.logs.map((l) => l.poolsCreated))).toBe(2);
  expect(third.logs.every((l) => l.poolsOpen === 1)).toBe(true);
  const thirdOutput = await readFile(join(current.dir, 'third.ndjson'));
  expect(thirdOutput.equals(await readFile(otherLocal))).toBe(true);
});
