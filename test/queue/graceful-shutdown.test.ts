/**
 * queue worker lifecycle: on SIGTERM a `veil worker` stops taking jobs, finishes the chunk it is
 * on and exits 0; with no grace period left it hands the chunk back to the queue instead (no
 * attempt used), and another worker completes the run. Logs are pino JSON lines.
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

async function submit(s: Scenario, label: string): Promise<string> {
  process.env['VEIL_TEST_QUEUE_KEY'] = s.env['VEIL_TEST_QUEUE_KEY'];
  const { runId } = await submitPipelineRun({
    connection: testConnection(),
    prefix: s.prefix,
    pipeline: s.pipeline,
    input: s.input,
    output: join(s.dir, `${label}.ndjson`),
    chunkBytes: 48 * 1024,
  });
  return runId;
}

it('SIGTERM finishes the current chunk, then exits 0', async () => {
  scenario = await createScenario({ label: 'term', format: 'ndjson', records: 2000 });
  const expected = await scenario.localOutput();
  const worker = await scenario.startWorker('leaving', ['--threads', '1']);
  const runId = await submit(scenario, 'finish');

  const started = await worker.waitForLog(
    (l) => l['msg'] === 'job started' && l['name'] === 'apply',
  );
  worker.child.kill('SIGTERM');
  const exit = await worker.exited;
  expect(exit.code).toBe(0);
  expect(worker.logs.some((l) => l['msg'] === 'job completed' && l['job'] === started['job'])).toBe(
    true,
  );
  expect(worker.logs.some((l) => l['msg'] === 'worker stopped')).toBe(true);
  expect(
    worker.logs.every((l) => typeof l['level'] === 'number' && typeof l['time'] === 'number'),
  ).toBe(true);
  expect((await scenario.queue.getJob(String(started['job'])))?.processedBy).toBe('leaving');

  await scenario.startWorker('staying', ['--threads', '0']);
  await waitForRun(scenario.queue, runId, { timeoutMs: 180_000 });
  expect((await readFile(join(scenario.dir, 'finish.ndjson'))).equals(expected)).toBe(true);
});

it('past the grace period the current chunk is handed back without using an attempt', async () => {
  scenario = await createScenario({ label: 'handback', format: 'ndjson', records: 2000 });
  const expected = await scenario.localOutput();
  const worker = await scenario.startWorker('impatient', ['--threads', '1', '--grace-period', '0']);
  const runId = await submit(scenario, 'handback');

  const started = await worker.waitForLog(
    (l) => l['msg'] === 'job started' && l['name'] === 'apply',
  );
  worker.child.kill('SIGTERM');
  expect((await worker.exited).code).toBe(0);
  expect(worker.logs.some((l) => String(l['msg']).startsWith('grace period over'))).toBe(true);

  await scenario.startWorker('finisher', ['--threads', '0']);
  await waitForRun(scenario.queue, runId, { timeoutMs: 180_000 });
  const handed = await scenario.queue.getJob(String(started['job']));
  expect(handed?.processedBy).toBe('finisher');
  // Two starts, one counted attempt: BullMQ counts the finishing attempt; the hand-back is free.
  expect(handed?.attemptsStarted).toBe(2);
  expect(handed?.attemptsMade).toBe(1);
  expect((await readFile(join(scenario.dir, 'handback.ndjson'))).equals(expected)).toBe(true);
});
