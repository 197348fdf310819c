import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/append-process.ts', import.meta.url));
let fx: AuditFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
});

function runProcess(args: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(args)], (error) =>
      error === null ? resolve() : reject(error),
    );
  });
}

describe('audit chain: concurrent processes', () => {
  it('3 processes appending at once (with this process also appending) give one valid chain', async () => {
    fx = makeAuditFixture({ checkpointEvery: 0 });
    const hmacKeyHex = Buffer.from(fx.hmacKey).toString('hex');
    const count = 2000;
    const children = ['p0', 'p1', 'p2'].map((writer) =>
      runProcess({ storePath: fx!.storePath, hmacKeyHex, writer, count }),
    );
    // This process writes too, through its own environment handle.
    for (let i = 0; i < 200; i += 1) await fx.logger.logEvent({ type: 'user_login', userId: 'parent' });
    await Promise.all(children);

    const total = 3 * count + 200;
    // head() reads a fresh snapshot; the walk below reads the same one. The chain is checked
    // first (no gap, no fork, every writer's records all there), then the head.
    const head = fx.logger.head();
    const perWriter = new Map<string, number>();
    let expected = 1;
    for (const { key, value } of fx.logger.events.getRange({})) {
      if (key !== expected || value.seq !== expected) throw new Error(`gap or fork at ${expected}`);
      expected += 1;
      perWriter.set(value.userId!, (perWriter.get(value.userId!) ?? 0) + 1);
    }
    expect(Object.fromEntries(perWriter)).toEqual({ p0: count, p1: count, p2: count, parent: 200 });
    expect(head.seq).toBe(total);
    const report = await fx.logger.verify();
    expect(report).toMatchObject({ ok: true, records: total });
  });

  it('head() sees appends another process committed within the same event-loop turn', async () => {
    fx = makeAuditFixture({ checkpointEvery: 0 });
    await fx.logger.logEvent({ type: 'user_login', userId: 'parent' });
    const hmacKeyHex = Buffer.from(fx.hmacKey).toString('hex');
    // A read opens this turn's read transaction; the child then appends while it is still open.
    expect(fx.logger.getEvent(1)?.userId).toBe('parent');
    execFileSync(process.execPath, [
      '--import',
      'tsx',
      FIXTURE,
      JSON.stringify({ storePath: fx.storePath, hmacKeyHex, writer: 'p0', count: 25 }),
    ]);
    expect(fx.logger.head().seq).toBe(26);
    expect(fx.logger.getEvent(26)?.userId).toBe('p0');
  });

  it('head() while a range read is open leaves that read whole and in order', async () => {
    fx = makeAuditFixture({ checkpointEvery: 0 });
    await fx.logger.logEvents(
      Array.from({ length: 300 }, (_, i) => ({ type: 'data_access' as const, details: { i } })),
    );
    const seen: number[] = [];
    for (const { key } of fx.logger.events.getRange({})) {
      seen.push(key);
      // Each call replaces the shared read snapshot under the open cursor.
      expect(fx.logger.head().seq).toBe(seen.length <= 150 ? 300 : 301);
      if (seen.length === 150) await fx.logger.logEvent({ type: 'user_login', userId: 'mid' });
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(fx.logger.head().seq).toBe(301);
  });
});
