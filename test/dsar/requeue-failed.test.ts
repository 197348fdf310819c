/**
 * dsar queue: queuing a request whose fulfilment job failed (a registry fault fixed since) adds a
 * fresh job instead of silently keeping the failed one; queuing a request whose job is waiting
 * still adds nothing. Real Redis (the private test server).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { UnrecoverableError, Worker } from 'bullmq';
import { afterEach, expect, it } from 'vitest';
import { enqueueFulfilment } from '../../src/dsar/queue.js';
import { queueName } from '../../src/queue/names.js';
import { openQueue } from '../../src/queue/worker.js';
import { dropPrefix, testConnection, uniquePrefix } from '../queue/helpers/redis.js';
import { tempDir } from '../helpers/temp.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('a failed fulfilment job is replaced when the request is queued again; a waiting one is kept', async () => {
  const dir = tempDir('veil-dsar-requeue-');
  const prefix = uniquePrefix('dsar-requeue');
  cleanups.push(() => dropPrefix(prefix));
  const queue = openQueue('dsar', testConnection(), prefix);
  cleanups.push(() => queue.close());
  const requestId = randomUUID();
  const options = { connection: testConnection(), prefix, requestId, storePath: path.join(dir, 'store'), attempts: 1 };

  await enqueueFulfilment({ ...options, outDir: path.join(dir, 'first') });
  const worker = new Worker(
    queueName('dsar'),
    async () => {
      throw new UnrecoverableError('registry fault');
    },
    { connection: testConnection(), prefix },
  );
  const failed = new Promise<void>((resolve) => worker.on('failed', () => resolve()));
  await failed;
  await worker.close();
  expect(await (await queue.getJob(requestId))?.getState()).toBe('failed');

  await enqueueFulfilment({ ...options, outDir: path.join(dir, 'second') });
  const again = await queue.getJob(requestId);
  expect(await again?.getState()).toBe('waiting');
  expect(again?.data).toMatchObject({ outDir: path.join(dir, 'second') });
  expect(again?.attemptsMade).toBe(0);

  // Waiting: a second add is still a no-op (the job id is the request id).
  await enqueueFulfilment({ ...options, outDir: path.join(dir, 'third') });
  expect((await queue.getJob(requestId))?.data).toMatchObject({ outDir: path.join(dir, 'second') });
  expect(await queue.getJobCounts('waiting', 'failed')).toEqual({ waiting: 1, failed: 0 });
});
