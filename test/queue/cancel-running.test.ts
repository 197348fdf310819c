/**
 * queue cancellation of a running run: `cancelRun` (`veil jobs cancel`) sets the run's flag; the
 * chunk that is running sees it within about a second and stops, the waiting chunks are removed,
 * the run fails as cancelled, no output is written and the work directory is removed.
 *
 * Chunks must last long enough to be caught running: workers keep their pool between chunks, so
 * a small pseudonymize chunk is over in milliseconds; a `detect` stage over 192 KiB chunks takes
 * a few hundred ms of CPU each.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitForRun } from '../../src/queue/progress.js';
import { runWorkDir } from '../../src/queue/shared-storage.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { cancelRun } from '../../src/queue/jobs.js';
import { createScenario, type Scenario } from './helpers/run.js';
import { testConnection } from './helpers/redis.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

it('a running run is cancelled: running chunk stops, the rest never runs, no output', async () => {
  scenario = await createScenario({ label: 'cancel', format: 'ndjson', records: 25_000 });
  scenario.pipeline = join(scenario.dir, 'cancel-slow.yaml');
  await writeFile(
    scenario.pipeline,
    [
      'name: cancel-slow',
      'input:',
      '  format: ndjson',
      'batch_size: 4KiB',
      'stages:',
      '  - type: detect',
      '    fields: [note, city]',
      '  - type: pseudonymize',
      '    key: env:VEIL_TEST_QUEUE_KEY',
      '    fields: [email, name]',
      '',
    ].join('\n'),
  );
  const worker = await scenario.startWorker('w1', ['--threads', '1']);
  process.env['VEIL_TEST_QUEUE_KEY'] = scenario.env['VEIL_TEST_QUEUE_KEY'];
  const current = scenario;
  /** Submits the run and cancels it once one of its chunks has started. */
  const submitAndCancel = async (attempt: number) => {
    const output = join(current.dir, `queued-${attempt}.ndjson`);
    const { runId, chunks } = await submitPipelineRun({
      connection: testConnection(),
      prefix: current.prefix,
      pipeline: current.pipeline,
      input: current.input,
      output,
      chunkBytes: 192 * 1024,
    });
    expect(chunks).toBeGreaterThan(10);
    await worker.waitForLog(
      (l) => l['msg'] === 'job started' && l['name'] === 'apply' && String(l['job']).startsWith(`${runId}.`),
    );
    const cancelled = await cancelRun(current.queue, testConnection(), current.prefix, runId);
    return { output, runId, chunks, cancelled };
  };
  // Usually one chunk is running when the flag is set; on a starved machine the worker may be
  // between two chunks at that instant, and then none is: the run is removed whole, which is
  // checked, and the run is submitted again (at most three times) to catch a chunk running.
  let attempt = 1;
  let { output, runId, chunks, cancelled } = await submitAndCancel(attempt);
  while (cancelled.removed && attempt < 3) {
    expect(cancelled.stillActive).toBe(0);
    expect(await current.chunkJobs(runId)).toEqual([]);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(runWorkDir(join(current.dir, '.veil-work'), runId))).toBe(false);
    ({ output, runId, chunks, cancelled } = await submitAndCancel(++attempt));
  }
  expect(cancelled.removed).toBe(false);
  expect(cancelled.stillActive).toBeLessThanOrEqual(1);

  const outcome = await waitForRun(scenario.queue, runId, { timeoutMs: 120_000 }).then(
    () => 'completed',
    (error: Error) => error.message,
  );
  expect(outcome).toContain('cancelled');
  const states = await Promise.all((await scenario.chunkJobs(runId)).map((job) => job.getState()));
  expect(states.filter((state) => state === 'completed').length).toBeLessThan(chunks);
  expect(states).not.toContain('waiting');
  expect(existsSync(output)).toBe(false);
  expect(existsSync(runWorkDir(join(scenario.dir, '.veil-work'), runId))).toBe(false);
});
