/**
 * queue scale-out: two `veil worker` processes on one Redis split a run's chunks between them,
 * and the assembled output is still the local run's, byte for byte. One of them runs each job in
 * a child process (`--isolate`), so both execution modes take part in the same run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitForRun } from '../../src/queue/progress.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { createScenario, type Scenario } from './helpers/run.js';
import { testConnection } from './helpers/redis.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

it('two workers each process some chunks of one run', async () => {
  scenario = await createScenario({ label: 'split', format: 'ndjson', records: 2500 });
  await scenario.startWorker('alpha', ['--threads', '0']);
  await scenario.startWorker('beta', ['--threads', '0', '--isolate', '--concurrency', '2']);
  const expected = await scenario.localOutput();

  process.env['VEIL_TEST_QUEUE_KEY'] = scenario.env['VEIL_TEST_QUEUE_KEY'];
  const output = join(scenario.dir, 'queued.ndjson');
  const { runId, chunks } = await submitPipelineRun({
    connection: testConnection(),
    prefix: scenario.prefix,
    pipeline: scenario.pipeline,
    input: scenario.input,
    output,
    chunkBytes: 12 * 1024,
  });
  expect(chunks).toBeGreaterThan(10);
  const result = await waitForRun(scenario.queue, runId, { timeoutMs: 240_000 });
  expect(result.recordsOut).toBe(2500);

  const processedBy = new Set((await scenario.chunkJobs(runId)).map((job) => job.processedBy));
  expect(processedBy).toEqual(new Set(['alpha', 'beta']));
  expect((await readFile(output)).equals(expected)).toBe(true);
});
