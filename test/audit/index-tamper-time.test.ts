import { open, type RootDatabase } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { copyAuditStore, makeAuditFixture, type AuditFixture } from './helpers.js';

// Records 1..7 at T0 + 1000 * (seq - 1) ms; records 3 and 4 share a millisecond.
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const TIMES = [0, 1000, 2000, 2000, 4000, 5000, 6000].map((offset) => T0 + offset);

let fx: AuditFixture;
let copyPath: string;
let copy: AuditLogger;

type Index = ReturnType<RootDatabase['openDB']>;

/** Edits the copy's `audit-index` through the lmdb package alone, as an intruder would. */
async function tamper(edit: (index: Index) => Promise<void>): Promise<void> {
  await closeStore(copyPath);
  const root = open({ path: copyPath, maxDbs: 64 });
  await edit(root.openDB({ name: 'audit-index' }));
  await root.close();
  copy = new AuditLogger({ store: openStore(copyPath), hmacKey: fx.hmacKey, checkpointEvery: 0 });
}

const seqs = (result: { events: { seq: number }[] }): number[] => result.events.map((e) => e.seq);

beforeEach(async () => {
  let clock = 0;
  fx = makeAuditFixture({ checkpointEvery: 0, now: () => TIMES[clock]! });
  const types = ['user_created', 'login_failed', 'login_failed', 'data_access'] as const;
  for (let i = 0; i < TIMES.length; i += 1) {
    clock = i;
    await fx.logger.logEvent({ type: i === 6 ? 'user_logout' : types[i % 4]!, userId: 'ada' });
  }
  copyPath = await copyAuditStore(fx);
  copy = new AuditLogger({ store: openStore(copyPath), hmacKey: fx.hmacKey, checkpointEvery: 0 });
});
afterEach(async () => {
  await closeStore(copyPath);
  await fx.cleanup();
});

describe('audit search: time bounds come from the records, not the time index', () => {
  const all = { startTime: T0 - 60_000, endTime: T0 + 60_000 };

  it('an untouched copy answers every window exactly', () => {
    expect(seqs(copy.searchEvents(all))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 2000, endTime: T0 + 4000 }))).toEqual([
      3, 4, 5,
    ]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 2001, endTime: T0 + 3999 }))).toEqual([]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 500 }))).toEqual([2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ endTime: T0 + 1999 }))).toEqual([1, 2]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 7000 }))).toEqual([]);
  });

  it('a forged early time entry does not hide the first records', async () => {
    await tamper(async (index) => {
      await index.put(['T', T0 - 30_000, 4], null);
    });
    expect(seqs(copy.searchEvents(all))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0 - 30_000 }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ ...all, type: 'login_failed' }))).toEqual([2, 3, 6]);
  });

  it('a forged late time entry does not cut the end', async () => {
    await tamper(async (index) => {
      await index.put(['T', T0 + 50_000, 2], null);
      await index.put(['T', T0 + 1000, 6], null);
    });
    expect(seqs(copy.searchEvents(all))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 1000, endTime: T0 + 5000 }))).toEqual([
      2, 3, 4, 5, 6,
    ]);
  });

  it('deleted time entries neither hide nor add records', async () => {
    await tamper(async (index) => {
      for (const { key } of index.getRange({ start: ['T'], end: ['U'] })) await index.remove(key);
    });
    expect(seqs(copy.searchEvents(all))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 2000, endTime: T0 + 2000 }))).toEqual([3, 4]);
  });

  it('a time entry of the wrong shape is ignored', async () => {
    await tamper(async (index) => {
      await index.put(['T', T0 - 1, 'x'] as unknown as [string, number, number], null);
      await index.put(['T', T0 + 1000, 6, 1] as unknown as [string, number, number], null);
    });
    expect(seqs(copy.searchEvents(all))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0 + 1000 }))).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('finds the bounds when retention removed the oldest records', async () => {
    const signed = new AuditLogger({
      store: openStore(copyPath),
      hmacKey: fx.hmacKey,
      signingKey: fx.signingKey,
      checkpointEvery: 0,
      now: () => T0 + 1500 + 86_400_000,
    });
    expect((await signed.applyRetention({ maxAgeDays: 1 })).removed).toBe(2);
    expect(seqs(copy.searchEvents({ ...all, limit: 10 })).slice(0, 5)).toEqual([3, 4, 5, 6, 7]);
    expect(seqs(copy.searchEvents({ startTime: T0, endTime: T0 + 2000 }))).toEqual([3, 4]);
  });
});

describe('audit search: index keys of the wrong shape', () => {
  it('never returns a sequence twice or a cursor to an empty page', async () => {
    await tamper(async (index) => {
      await index.put(['t', 'login_failed', 3, 5] as unknown as [string, string, number], null);
      await index.put(['t', 'login_failed', 2, 'x'] as unknown as [string, string, number], null);
    });
    const result = copy.searchEvents({ type: 'login_failed' });
    expect(seqs(result)).toEqual([2, 3, 6]);
    expect(result.nextCursor).toBeUndefined();

    const page = copy.searchEvents({ type: 'login_failed', limit: 3 });
    expect(seqs(page)).toEqual([2, 3, 6]);
    expect(page.nextCursor).toBeUndefined();

    const first = copy.searchEvents({ type: 'login_failed', userId: 'ada', limit: 2 });
    expect(seqs(first)).toEqual([2, 3]);
    const second = copy.searchEvents({
      type: 'login_failed',
      userId: 'ada',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(seqs(second)).toEqual([6]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('a forged entry to a non-matching record yields no spurious cursor', async () => {
    await tamper(async (index) => {
      await index.put(['t', 'login_failed', 7], null);
    });
    const page = copy.searchEvents({ type: 'login_failed', limit: 3 });
    expect(seqs(page)).toEqual([2, 3, 6]);
    expect(page.nextCursor).toBeUndefined();
  });
});
