/**
 * queue CLI: `veil jobs list|show|retry|cancel` on real runs, and usage errors (no Redis
 * configured) with exit code 2. A retried run keeps the chunks that had finished.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitForRun, type ChunkResult } from '../../src/queue/progress.js';
import { chunkOutputPath, runWorkDir } from '../../src/queue/shared-storage.js';
import { runVeil, stopWorker } from './helpers/cli.js';
import { createScenario, type Scenario } from './helpers/run.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

it('list, show and retry a failed run; cancel a queued one', async () => {
  scenario = await createScenario({ label: 'jobs', format: 'ndjson', records: 700 });
  const s = scenario;
  const veil = (args: string[]) =>
    runVeil([...args, '--redis', s.redisUrl, '--prefix', s.prefix], s.env);
  const expected = await s.localOutput();
  const output = join(s.dir, 'queued.ndjson');

  const submitted = await veil([
    'submit',
    s.pipeline,
    '--input',
    s.input,
    '--output',
    output,
    '--chunk-size',
    '16KiB',
    '--attempts',
    '1',
  ]);
  expect(submitted.code, submitted.stderr).toBe(0);
  const runId = submitted.stdout.trim();
  const blocked = chunkOutputPath(runWorkDir(join(s.dir, '.veil-work'), runId), 0, 2);
  await mkdir(join(blocked, 'occupied'), { recursive: true });

  const worker = await s.startWorker('w1', ['--threads', '0']);
  await waitForRun(s.queue, runId, { timeoutMs: 180_000 }).catch(() => undefined);

  const listed = await veil(['jobs', 'list']);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+failed`));

  const shown = await veil(['jobs', 'show', runId, '--json']);
  expect(shown.code, shown.stderr).toBe(0);
  const details = JSON.parse(shown.stdout) as {
    state: string;
    failedReason: string;
    failedChunks: Array<{ job: string; reason: string }>;
  };
  expect(details.state).toBe('failed');
  expect(details.failedReason).toMatch(/chunk 3\/\d+ \(bytes \d+-\d+ of /);
  expect(details.failedChunks.map((c) => c.job)).toContain(`${runId}.p0.c2`);

  const before = await s.queue.getJob(`${runId}.p0.c0`);
  const firstResult = before?.returnvalue as ChunkResult;

  await rm(blocked, { recursive: true });
  const retried = await veil(['jobs', 'retry', runId]);
  expect(retried.code, retried.stderr).toBe(0);
  await waitForRun(s.queue, runId, { timeoutMs: 180_000 });
  expect((await readFile(output)).equals(expected)).toBe(true);
  // Chunk 1 had finished before the retry: its stored result was reused, not recomputed.
  expect(((await s.queue.getJob(`${runId}.p0.c0`))?.returnvalue as ChunkResult).ms).toBe(
    firstResult.ms,
  );

  // Cancel: with no worker running, the queued run and its chunks are removed at once.
  await stopWorker(worker);
  const second = await veil([
    'submit',
    s.pipeline,
    '--input',
    s.input,
    '--output',
    join(s.dir, 'second.ndjson'),
  ]);
  const secondId = second.stdout.trim();
  const cancelled = await veil(['jobs', 'cancel', secondId]);
  expect(cancelled.code, cancelled.stderr).toBe(0);
  expect(cancelled.stderr).toContain('cancelled and removed');
  expect((await veil(['jobs', 'show', secondId])).code).toBe(2);
  expect(await s.chunkJobs(secondId)).toHaveLength(0);
  expect(existsSync(runWorkDir(join(s.dir, '.veil-work'), secondId))).toBe(false);
});

it('queue commands without a configured Redis fail with exit code 2', async () => {
  const env = { REDIS_URL: '' };
  const result = await runVeil(['jobs', 'list'], env);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('no Redis configured');
  const bad = await runVeil(['jobs', 'list', '--redis', 'http://user:pw-Secret-9@host:1'], env);
  expect(bad.code).toBe(2);
  expect(bad.stderr).not.toContain('pw-Secret-9');
});
