/**
 * queue fault tolerance: a worker killed with SIGKILL in the middle of a chunk stops renewing its
 * lock; another worker's stalled check takes the chunk back, processes it again, and the run's
 * output is exactly the local one (no record lost or duplicated): a chunk's output only ever
 * reaches its final name by a rename after it is complete.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chunkJobDataSchema } from '../../src/queue/job-data.js';
import { waitForRun } from '../../src/queue/progress.js';
import { chunkSummaryPath } from '../../src/queue/shared-storage.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { createScenario, type Scenario } from './helpers/run.js';
import { testConnection } from './helpers/redis.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

it('SIGKILL during a chunk: the chunk is retried elsewhere and the output is exact', async () => {
  scenario = await createScenario({ label: 'kill', format: 'ndjson', records: 3000 });
  const expected = await scenario.localOutput();
  // The victim runs chunks on a Piscina pool, whose start-up alone keeps a chunk busy for a while.
  const victim = await scenario.startWorker('victim', [
    '--threads',
    '1',
    '--lock-duration',
    '3000',
  ]);

  process.env['VEIL_TEST_QUEUE_KEY'] = scenario.env['VEIL_TEST_QUEUE_KEY'];
  const output = join(scenario.dir, 'queued.ndjson');
  const { runId } = await submitPipelineRun({
    connection: testConnection(),
    prefix: scenario.prefix,
    pipeline: scenario.pipeline,
    input: scenario.input,
    output,
    chunkBytes: 64 * 1024,
  });

  const started = await victim.waitForLog(
    (line) => line['msg'] === 'job started' && line['name'] === 'apply',
  );
  victim.child.kill('SIGKILL');
  await victim.exited;

  const killedId = String(started['job']);
  const killed = await scenario.queue.getJob(killedId);
  const data = chunkJobDataSchema.parse(killed?.data);
  // Mid-chunk: the chunk had not finished (its summary is written after its output's rename).
  expect(existsSync(chunkSummaryPath(data.workDir, data.phase, data.index))).toBe(false);

  await scenario.startWorker('rescuer', ['--threads', '0', '--lock-duration', '3000']);
  const result = await waitForRun(scenario.queue, runId, { timeoutMs: 240_000 });
  expect(result.recordsOut).toBe(3000);

  const retried = await scenario.queue.getJob(killedId);
  expect(retried?.processedBy).toBe('rescuer');
  expect(retried?.stalledCounter ?? 0).toBeGreaterThanOrEqual(1);
  expect((await readFile(output)).equals(expected)).toBe(true);
});
