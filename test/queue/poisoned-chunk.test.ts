/**
 * queue failures: a chunk that cannot succeed fails its run with a message naming the chunk and
 * its byte range (and, for a bad record, the line), never the record's content; a bad record
 * fails at once (no retry can fix it), an I/O failure is retried with exponential backoff until
 * the attempts run out. No output file is left behind and no sibling chunk keeps running.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { chunkJobDataSchema } from '../../src/queue/job-data.js';
import { progressOf, waitForRun } from '../../src/queue/progress.js';
import { chunkOutputPath, runWorkDir } from '../../src/queue/shared-storage.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { QueueError } from '../../src/errors/queue-error.js';
import { createScenario, type Scenario } from './helpers/run.js';
import { testConnection } from './helpers/redis.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<QueueError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(QueueError);
  return outcome as QueueError;
}

it('a malformed record fails the run at once, naming chunk, byte range and line', async () => {
  scenario = await createScenario({ label: 'poison', format: 'ndjson', records: 2000 });
  const lines = (await readFile(scenario.input, 'utf8')).split('\n');
  lines[1499] = '{"id": "c-001499", "email": "poison.leak@example.org", broken';
  await writeFile(scenario.input, lines.join('\n'));
  const badOffset = Buffer.byteLength(lines.slice(0, 1499).join('\n')) + 1;

  process.env['VEIL_TEST_QUEUE_KEY'] = scenario.env['VEIL_TEST_QUEUE_KEY'];
  const output = join(scenario.dir, 'queued.ndjson');
  const { runId } = await submitPipelineRun({
    connection: testConnection(),
    prefix: scenario.prefix,
    pipeline: scenario.pipeline,
    input: scenario.input,
    output,
    chunkBytes: 24 * 1024,
    attempts: 3,
    backoffMs: 100,
  });
  // A copy of the run's job read before it failed, as a poll may hold when the run fails
  // between reading the job and reading its state: its progress must still carry the reason.
  const stale = await scenario.queue.getJob(runId);
  await scenario.startWorker('w1', ['--threads', '0']);
  const error = await failureOf(waitForRun(scenario.queue, runId, { timeoutMs: 180_000 }));
  const late = await progressOf(scenario.queue, stale!);
  expect(late.state).toBe('failed');
  expect(late.failedReason).toContain('line 1500');

  const jobs = await scenario.chunkJobs(runId);
  const poisoned = jobs.find((job) => {
    const data = chunkJobDataSchema.parse(job.data);
    return data.start <= badOffset && badOffset < data.end;
  });
  const data = chunkJobDataSchema.parse(poisoned?.data);
  expect(error.message).toContain(
    `chunk ${data.index + 1}/${data.count} (bytes ${data.start}-${data.end} of ${scenario.input})`,
  );
  expect(error.message).toContain('line 1500');
  // The run is named once: the run job's reason already opens with it.
  expect(error.message.startsWith(`run ${runId} failed: chunk`)).toBe(true);
  expect(error.message.split(`run ${runId}`)).toHaveLength(2);
  expect(error.message).not.toContain('poison.leak');
  expect(poisoned?.attemptsMade).toBe(1);
  expect(await poisoned?.getState()).toBe('failed');
  expect(existsSync(output)).toBe(false);
  expect(await scenario.queue.getWaitingCount()).toBe(0);
});

it('a chunk failing every attempt is retried with exponential backoff, then fails the run', async () => {
  scenario = await createScenario({ label: 'ioerr', format: 'ndjson', records: 600 });
  process.env['VEIL_TEST_QUEUE_KEY'] = scenario.env['VEIL_TEST_QUEUE_KEY'];
  const output = join(scenario.dir, 'queued.ndjson');
  const { runId } = await submitPipelineRun({
    connection: testConnection(),
    prefix: scenario.prefix,
    pipeline: scenario.pipeline,
    input: scenario.input,
    output,
    chunkBytes: 16 * 1024,
    attempts: 2,
    backoffMs: 300,
  });
  // Before any worker runs: a directory where chunk 2's output must go makes its rename fail.
  const blocked = chunkOutputPath(runWorkDir(join(scenario.dir, '.veil-work'), runId), 0, 1);
  await mkdir(join(blocked, 'occupied'), { recursive: true });

  await scenario.startWorker('w1', ['--threads', '0']);
  const error = await failureOf(waitForRun(scenario.queue, runId, { timeoutMs: 180_000 }));

  const chunk = await scenario.queue.getJob(`${runId}.p0.c1`);
  const data = chunkJobDataSchema.parse(chunk?.data);
  expect(error.message).toContain(
    `chunk 2/${data.count} (bytes ${data.start}-${data.end} of ${scenario.input})`,
  );
  expect(chunk?.attemptsMade).toBe(2);
  expect(chunk?.opts.backoff).toEqual({ type: 'exponential', delay: 300 });
  // The second attempt started no sooner than the backoff after the first one failed.
  expect((chunk?.finishedOn ?? 0) - (chunk?.timestamp ?? 0)).toBeGreaterThanOrEqual(300);
  expect(existsSync(output)).toBe(false);
});
