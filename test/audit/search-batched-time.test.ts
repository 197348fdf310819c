import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';
import type { AuditSearchQuery } from '../../src/security/audit/audit-logger.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

// Batched appends share one time per transaction, and the time index keeps one entry per
// distinct millisecond; these queries cut through such groups and compare with a full scan.
let fx: AuditFixture;
let clock = 0;
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const types = ['user_login', 'data_access', 'data_modification'] as const;

beforeAll(async () => {
  clock = T0;
  fx = makeAuditFixture({ checkpointEvery: 0, now: () => clock });
  let i = 0;
  for (let batch = 0; batch < 40; batch += 1) {
    // Every fourth batch keeps the previous time: two transactions in the same millisecond.
    if (batch % 4 !== 3) clock += 1000;
    const size = 5 + (batch % 7);
    await fx.logger.logEvents(
      Array.from({ length: size }, () => {
        i += 1;
        return {
          type: types[i % 3]!,
          userId: `user-${i % 6}`,
          resource: i % 5 === 0 ? 'settings' : 'documents',
          status: i % 13 === 0 ? ('failure' as const) : ('success' as const),
          details: { i },
        };
      }),
    );
  }
});
afterAll(async () => {
  await fx.cleanup();
});

function all(): AuditRecord[] {
  return [...fx.logger.events.getRange({}).map(({ value }) => value)];
}

function expected(query: AuditSearchQuery): number[] {
  const from = query.startTime === undefined ? -Infinity : Number(query.startTime);
  const to = query.endTime === undefined ? Infinity : Number(query.endTime);
  return all()
    .filter(
      (r) =>
        (query.userId === undefined || r.userId === query.userId) &&
        (query.type === undefined || r.type === query.type) &&
        (query.resource === undefined || r.resource === query.resource) &&
        (query.status === undefined || r.status === query.status) &&
        Date.parse(r.time) >= from &&
        Date.parse(r.time) <= to,
    )
    .map((r) => r.seq);
}

function collect(query: AuditSearchQuery): number[] {
  const out: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = fx.logger.searchEvents({ ...query, cursor, limit: 4 });
    out.push(...page.events.map((r) => r.seq));
    if (page.nextCursor === undefined) return out;
    cursor = page.nextCursor;
  }
}

describe('audit search: batches that share a time', () => {
  it('time bounds that fall inside, at and between batch times select whole groups', () => {
    const times = [...new Set(all().map((r) => Date.parse(r.time)))];
    expect(times.length).toBeLessThan(40);
    const bounds = [T0, times[0]!, times[3]!, times[3]! + 1, times[10]! - 1, times[20]!];
    for (const startTime of bounds) {
      for (const endTime of [times[5]!, times[5]! - 1, times[29]!, clock + 10_000]) {
        for (const extra of [{}, { userId: 'user-2' }, { type: 'data_access' as const }]) {
          const query = { startTime, endTime, ...extra };
          expect(collect(query)).toEqual(expected(query));
        }
      }
    }
  });

  it('multi-field queries return the same events whichever index drives them', () => {
    const queries: AuditSearchQuery[] = [
      { type: 'user_login', status: 'failure' },
      { resource: 'settings', type: 'data_modification', userId: 'user-1' },
      { userId: 'user-3', status: 'failure', startTime: T0 + 5000, endTime: T0 + 25_000 },
      { resource: 'documents', status: 'success', type: 'data_access' },
      { userId: 'user-4', resource: 'nowhere' },
    ];
    for (const query of queries) expect(collect(query)).toEqual(expected(query));
  });
});

describe('audit retention: batches that share a time', () => {
  it('cuts after the last record older than the cutoff, whole groups at a time', async () => {
    const DAY = 86_400_000;
    let now = T0;
    const local = makeAuditFixture({ checkpointEvery: 0, now: () => now });
    try {
      const batch = (n: number) =>
        local.logger.logEvents(Array.from({ length: n }, () => ({ type: 'data_access' as const })));
      await batch(5);
      await batch(3);
      now += 20 * DAY;
      await batch(4);
      now += 10 * DAY;
      const result = await local.logger.applyRetention({ maxAgeDays: 15 });
      expect(result.removed).toBe(8);
      expect(result.anchor).toMatchObject({ seq: 8 });
      expect((await local.logger.verify()).ok).toBe(true);
      const left = local.logger.searchEvents({ type: 'data_access', startTime: T0 });
      expect(left.events.map((r) => r.seq)).toEqual([9, 10, 11, 12]);
    } finally {
      await local.cleanup();
    }
  });
});
