import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

const ENTRY = fileURLToPath(new URL('./fixtures/tsx-worker.mjs', import.meta.url));
const WORKER = new URL('./fixtures/append-worker.ts', import.meta.url).href;
let fx: AuditFixture | undefined;

afterEach(async () => {
  await fx?.cleanup();
});

function runWorker(data: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    // tsx compiles the TypeScript fixture inside the real worker thread.
    const worker = new Worker(ENTRY, { workerData: { ...data, entry: WORKER } });
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)),
    );
  });
}

describe('audit chain: concurrent appends', () => {
  it('4 worker threads x 10,000 events give one gapless, fork-free, valid chain', async () => {
    fx = makeAuditFixture({ checkpointEvery: 0 });
    const threads = 4;
    const count = 10_000;
    await Promise.all(
      Array.from({ length: threads }, (_, worker) =>
        runWorker({ storePath: fx!.storePath, hmacKey: fx!.hmacKey, worker, count, group: 100 }),
      ),
    );

    expect(fx.logger.head().seq).toBe(threads * count);
    const lastSeen = new Map<string, number>();
    let expected = 1;
    let interleavings = 0;
    let previousWorker = '';
    for (const { key, value } of fx.logger.events.getRange({})) {
      // No gaps and no forks: keys are exactly 1..40000, each record names its own key.
      expect(key).toBe(expected);
      expect(value.seq).toBe(expected);
      expected += 1;
      // Each thread's own events keep their order.
      const worker = value.userId!;
      const n = value.details['n'] as number;
      expect(n).toBe((lastSeen.get(worker) ?? -1) + 1);
      lastSeen.set(worker, n);
      if (worker !== previousWorker) interleavings += 1;
      previousWorker = worker;
    }
    expect(expected - 1).toBe(threads * count);
    expect([...lastSeen.values()]).toEqual(Array(threads).fill(count - 1));
    // The threads really did write concurrently (their batches interleave).
    expect(interleavings).toBeGreaterThan(threads);

    const report = await fx.logger.verify();
    expect(report).toMatchObject({ ok: true, records: threads * count, lastSeq: threads * count });
  });
});
