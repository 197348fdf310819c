/**
 * dsar fulfilment on the queue: real Redis (the private test server), real `veil worker`
 * processes. A worker killed with SIGKILL in the middle of an erasure leaves every dataset either
 * untouched or fully rewritten; a second worker takes the job over and finishes it; queuing the
 * same request twice runs it once.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { enqueueFulfilment } from '../../src/dsar/queue.js';
import { openQueue } from '../../src/queue/worker.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { spawnWorker, stopWorker, type WorkerProcess } from '../queue/helpers/cli.js';
import { dropPrefix, testConnection, testRedisUrl, uniquePrefix } from '../queue/helpers/redis.js';
import { tempDir } from '../helpers/temp.js';

const workers: WorkerProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await stopWorker(w, 2000);
  for (const c of cleanups.splice(0)) await c();
});

const SUBJECT = 'erase.me@example.org';

/** Builds a dataset of `n` records where every 1000th belongs to the subject; returns both expected states. */
function writeNdjson(n: number): { before: string; after: string } {
  const lines: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = i % 1000 === 7 ? SUBJECT : `user${i}@example.com`;
    const line = JSON.stringify({ id: i, email, note: `ticket ${i} about order ${i * 31}` });
    lines.push(line);
    if (email !== SUBJECT) kept.push(line);
  }
  return { before: lines.join('\n') + '\n', after: kept.join('\n') + '\n' };
}

it('SIGKILL mid-erasure: each dataset untouched or fully rewritten; the retried job finishes exactly', async () => {
  const dir = tempDir('veil-dsar-queue-');
  const storePath = path.join(dir, 'store');
  const prefix = uniquePrefix('dsar');
  cleanups.push(() => dropPrefix(prefix));
  cleanups.push(() => closeStore(storePath));
  const store = openStore(storePath);
  const registry = new DatasetRegistry({ store });
  const dsar = new DsarManager({ store });

  const expected = new Map<string, { before: string; after: string }>();
  for (const name of ['alpha', 'beta', 'gamma']) {
    const file = path.join(dir, `${name}.ndjson`);
    const contents = writeNdjson(120_000);
    writeFileSync(file, contents.before);
    expected.set(file, contents);
    await registry.register({ name, path: file, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  }

  const request = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
  await dsar.verifyIdentity(request.id, await dsar.issueVerificationCode(request.id));

  const common = ['--queues', 'dsar', '--lock-duration', '2000', '--stalled-interval', '1000'];
  const victim = spawnWorker({ redisUrl: testRedisUrl(), prefix, name: 'victim', args: common });
  workers.push(victim);
  const first = await enqueueFulfilment({ connection: testConnection(), prefix, requestId: request.id, storePath, outDir: dir });
  const again = await enqueueFulfilment({ connection: testConnection(), prefix, requestId: request.id, storePath, outDir: dir });
  expect(again.jobId).toBe(first.jobId);

  await victim.waitForLog((line) => line['msg'] === 'job started');
  // Kill while a rewrite is under way: its temporary file exists next to a dataset.
  const deadline = Date.now() + 60_000;
  while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  victim.child.kill('SIGKILL');
  await victim.exited;

  for (const [file, contents] of expected) {
    const now = readFileSync(file, 'utf8');
    expect(now === contents.before || now === contents.after).toBe(true);
  }

  const rescuer = spawnWorker({ redisUrl: testRedisUrl(), prefix, name: 'rescuer', args: common });
  workers.push(rescuer);
  const queue = openQueue('dsar', testConnection(), prefix);
  cleanups.push(() => queue.close());
  let state = '';
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    state = (await queue.getJobState(request.id)) as string;
    if (state === 'completed' || state === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(state).toBe('completed');
  const job = await queue.getJob(request.id);
  expect(job?.processedBy).toBe('rescuer');
  expect(job?.data).not.toHaveProperty('identifiers');
  expect(JSON.stringify(job?.data)).not.toContain(SUBJECT);

  for (const [file, contents] of expected) expect(readFileSync(file, 'utf8')).toBe(contents.after);
  expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  const done = dsar.getRequest(request.id);
  expect(done.state).toBe('completed');
  // The retried job counts only what was left: datasets the victim finished hold no match now.
  const erased = (done.result as { erased: { dataset: string; records: number }[] }).erased;
  expect(erased.map((o) => o.dataset)).toEqual(['alpha', 'beta', 'gamma']);
  expect(erased.every((o) => o.records === 0 || o.records === 120)).toBe(true);
  expect(existsSync(storePath)).toBe(true);
});
