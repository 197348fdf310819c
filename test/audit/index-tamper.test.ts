import { open, type RootDatabase } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { copyAuditStore, makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
let copyPath: string;
let copy: AuditLogger;

type IndexKey = [string, string | number, number];

/** Runs `edit` on the copy's `audit-index` through the lmdb package alone, as an intruder would. */
async function tamper(edit: (index: ReturnType<RootDatabase['openDB']>) => Promise<void>) {
  await closeStore(copyPath);
  const root = open({ path: copyPath, maxDbs: 64 });
  await edit(root.openDB({ name: 'audit-index' }));
  await root.close();
  copy = new AuditLogger({ store: openStore(copyPath), hmacKey: fx.hmacKey, checkpointEvery: 0 });
}

const kinds = (report: { problems: { kind: string }[] }): string[] => [
  ...new Set(report.problems.map((p) => p.kind)),
];

beforeEach(async () => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
  await fx.logger.logEvents([
    { type: 'user_created', userId: 'admin', resource: 'user:ada' },
    { type: 'user_created', userId: 'admin', resource: 'user:bob' },
    { type: 'login_failed', userId: 'ada', status: 'failure', details: { reason: 'secret-7' } },
    { type: 'data_access', userId: 'bob', resource: 'documents' },
  ]);
  await fx.logger.logEvent({ type: 'login_failed', userId: 'bob', status: 'failure' });
  copyPath = await copyAuditStore(fx);
  copy = new AuditLogger({ store: openStore(copyPath), hmacKey: fx.hmacKey, checkpointEvery: 0 });
});
afterEach(async () => {
  await closeStore(copyPath);
  await fx.cleanup();
});

describe('audit index: verify() compares it with the chain', () => {
  it('passes an untouched copy', async () => {
    const report = await copy.verify();
    expect(report).toMatchObject({ ok: true, records: 5, problems: [] });
  });

  it('reports a deleted type entry as index-missing, by sequence, not content', async () => {
    await tamper(async (index) => {
      expect(await index.remove(['t', 'login_failed', 3] as IndexKey)).toBe(true);
    });
    expect(copy.searchEvents({ type: 'login_failed' }).events.map((e) => e.seq)).toEqual([5]);

    const report = await copy.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'index-missing', seq: 3, message: 'record 3 has no type index entry' },
    ]);
    // Hex digests are masked first: one may hold "ada" by chance (a flaky failure once in ~70 runs).
    const text = JSON.stringify(report).replace(/\b[0-9a-f]{64}\b/g, '<hash>');
    for (const value of ['login_failed', 'ada', 'secret-7']) expect(text).not.toContain(value);
  });

  it('reports deleted user, resource, status, severity and time entries', async () => {
    await tamper(async (index) => {
      await index.remove(['u', 'bob', 4] as IndexKey);
      await index.remove(['r', 'user:bob', 2] as IndexKey);
      await index.remove(['s', 'failure', 5] as IndexKey);
      await index.remove(['v', 'warning', 5] as IndexKey);
      // Record 5 was logged alone, so it starts a millisecond of its own (or shares record 1's).
      for (const { key } of index.getRange({ start: ['T'], end: ['U'] })) {
        await index.remove(key);
      }
    });
    const report = await copy.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(['index-missing']);
    const messages = report.problems.map((p) => `${p.seq}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '2: record 2 has no resource index entry',
        '4: record 4 has no userId index entry',
        '5: record 5 has no status index entry',
        '5: record 5 has no severity index entry',
        '1: record 1 is the first of its millisecond and has no time index entry',
      ]),
    );
  });

  it('reports forged entries as index-extra; search never returns them', async () => {
    const later = Date.parse(copy.getEvent(5)!.time) + 86_400_000;
    await tamper(async (index) => {
      // Points at an unrelated record, at no record, and a field that does not exist.
      await index.put(['t', 'login_failed', 4] as IndexKey, null);
      await index.put(['u', 'ada', 99] as IndexKey, null);
      await index.put(['x', 'anything', 2] as IndexKey, null);
      // A time entry placing record 1 a day later, to pull old records into a time-bounded search.
      await index.put(['T', later, 1] as IndexKey, null);
    });

    expect(copy.searchEvents({ type: 'login_failed' }).events.map((e) => e.seq)).toEqual([3, 5]);
    expect(copy.searchEvents({ userId: 'ada' }).events.map((e) => e.seq)).toEqual([3]);
    const window = { startTime: later - 1000, endTime: later + 1000 };
    expect(copy.searchEvents(window).events).toEqual([]);
    expect(copy.searchEvents({ startTime: later - 1000 }).events).toEqual([]);

    const report = await copy.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(['index-extra']);
    expect(report.problems.map((p) => [p.seq, p.message])).toEqual(
      expect.arrayContaining([
        [4, 'a type index entry points to record 4, which does not match it'],
        [99, 'a userId index entry points to record 99, which does not exist'],
        [1, 'a time index entry points to record 1, which does not match it'],
        [2, 'an index entry of no known field'],
      ]),
    );
    expect(report.problems).toHaveLength(4);
    expect(JSON.stringify(report)).not.toContain('login_failed');
  });

  it('a swapped entry (one removed, one forged) reports both', async () => {
    await tamper(async (index) => {
      await index.remove(['t', 'login_failed', 3] as IndexKey);
      await index.put(['t', 'user_created', 3] as IndexKey, null);
    });
    const report = await copy.verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['index-missing', 3],
      ['index-extra', 3],
    ]);
  });

  it('accepts the dense time index of older stores (one time entry per record)', async () => {
    const times = [1, 2, 3, 4, 5].map((seq) => Date.parse(copy.getEvent(seq)!.time));
    await tamper(async (index) => {
      for (const [i, ms] of times.entries()) await index.put(['T', ms, i + 1] as IndexKey, null);
    });
    expect((await copy.verify()).problems).toEqual([]);
  });

  it('index: false skips the comparison', async () => {
    await tamper(async (index) => {
      await index.remove(['t', 'login_failed', 3] as IndexKey);
    });
    expect((await copy.verify({ index: false })).ok).toBe(true);
  });
});
