/**
 * queue BR-22 (reported-failures.jsonl): an isolated worker whose child fails its one-time import
 * must discard that child, fail at most the one job that hit it (with the import error as its
 * reason, not an empty message), complete every other job, and leave nothing active.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueEvents } from 'bullmq';
import { afterEach, expect, it } from 'vitest';
import { openQueue, startQueueWorker, type QueueWorkerHandle } from '../../src/queue/worker.js';
import { queueName } from '../../src/queue/names.js';
import { dropPrefix, testConnection, uniquePrefix } from './helpers/redis.js';
import { silentLogger } from './helpers/logger.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('BR-22: a child that fails to load fails one job with a message, the other 19 complete', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'veil-br22-'));
  const prefix = uniquePrefix('br22');
  cleanups.push(
    () => rm(dir, { recursive: true, force: true }),
    () => dropPrefix(prefix),
  );
  process.env['VEIL_TEST_IMPORT_MARKER'] = join(dir, 'marker');
  cleanups.push(async () => {
    delete process.env['VEIL_TEST_IMPORT_MARKER'];
  });

  const connection = testConnection();
  const queue = openQueue('pipelines', connection, prefix);
  const events = new QueueEvents(queueName('pipelines'), { connection, prefix });
  cleanups.push(
    () => queue.close(),
    () => events.close(),
  );
  await events.waitUntilReady();

  let settled = 0;
  const allSettled = new Promise<void>((resolve) => {
    const tick = (): void => {
      settled++;
      if (settled === 20) resolve();
    };
    events.on('completed', tick);
    events.on('failed', tick);
  });

  for (let n = 0; n < 20; n++) {
    await queue.add('probe', { n }, { jobId: `br22-${n}`, attempts: 1 });
  }

  const worker: QueueWorkerHandle = await startQueueWorker({
    connection,
    prefix,
    queues: ['pipelines'],
    concurrency: 1,
    isolate: true,
    processorFile: fileURLToPath(new URL('./fixtures/flaky-import-processor.mjs', import.meta.url)),
    gracePeriod: 5_000,
    logger: silentLogger,
  });
  cleanups.push(() => worker.close());

  await allSettled;

  // The failing import really happened (the fixture leaves its marker on the first load).
  expect(existsSync(join(dir, 'marker'))).toBe(true);
  const failed = await queue.getFailed();
  const completed = await queue.getCompleted();
  expect(failed.length).toBeLessThanOrEqual(1);
  for (const job of failed) {
    expect(job.failedReason).not.toBe('');
    expect(job.failedReason).toContain('simulated ENOMEM during import');
  }
  expect(completed.length).toBeGreaterThanOrEqual(19);
  expect(completed.length + failed.length).toBe(20);
  expect(await queue.getActiveCount()).toBe(0);
});
