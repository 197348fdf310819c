import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
let clock = Date.parse('2026-01-01T00:00:00.000Z');
const types = ['user_login', 'data_access', 'data_modification'] as const;

beforeAll(async () => {
  clock = Date.parse('2026-01-01T00:00:00.000Z');
  fx = makeAuditFixture({ checkpointEvery: 0, now: () => clock });
  // 300 events, one second apart, over 5 users, 3 types, 2 resources, both statuses.
  for (let i = 0; i < 300; i += 1) {
    clock += 1000;
    await fx.logger.logEvent({
      type: types[i % 3]!,
      userId: `user-${i % 5}`,
      resource: i % 2 === 0 ? 'documents' : 'settings',
      status: i % 7 === 0 ? 'failure' : 'success',
      details: { i },
    });
  }
});
afterAll(async () => {
  await fx.cleanup();
});

function all(): AuditRecord[] {
  return [...fx.logger.events.getRange({}).map(({ value }) => value)];
}

function collect(query: Parameters<typeof fx.logger.searchEvents>[0]): AuditRecord[] {
  const out: AuditRecord[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = fx.logger.searchEvents({ ...query, cursor });
    out.push(...page.events);
    if (page.nextCursor === undefined) return out;
    cursor = page.nextCursor;
  }
}

describe('audit search', () => {
  it('returns exactly the matching events, in time order, across pages', () => {
    const start = new Date(Date.parse('2026-01-01T00:00:00Z') + 50_000);
    const end = new Date(Date.parse('2026-01-01T00:00:00Z') + 250_000);
    const queries = [
      { userId: 'user-3' },
      { type: 'data_access' as const },
      { resource: 'settings', status: 'failure' as const },
      { userId: 'user-1', type: 'data_modification' as const, startTime: start, endTime: end },
      { startTime: start, endTime: end },
      { severity: 'warning' as const },
      { userId: 'nobody' },
    ];
    for (const query of queries) {
      const expected = all().filter((r) => {
        const ms = Date.parse(r.time);
        return (
          (query.userId === undefined || r.userId === query.userId) &&
          (!('type' in query) || r.type === query.type) &&
          (!('resource' in query) || r.resource === query.resource) &&
          (!('status' in query) || r.status === query.status) &&
          (!('severity' in query) || r.severity === query.severity) &&
          (!('startTime' in query) || ms >= query.startTime!.getTime()) &&
          (!('endTime' in query) || ms <= query.endTime!.getTime())
        );
      });
      const found = collect({ ...query, limit: 7 });
      expect(found.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
      const times = found.map((r) => r.time);
      expect([...times].sort()).toEqual(times);
    }
  });

  it('pages with a cursor and refuses a forged cursor without echoing it', () => {
    const first = fx.logger.searchEvents({ userId: 'user-0', limit: 10 });
    expect(first.events).toHaveLength(10);
    expect(first.nextCursor).toBeDefined();
    const second = fx.logger.searchEvents({
      userId: 'user-0',
      limit: 10,
      cursor: first.nextCursor,
    });
    expect(second.events[0]!.seq).toBeGreaterThan(first.events[9]!.seq);
    expect(() => fx.logger.searchEvents({ cursor: 'not-a-cursor<script>' })).toThrow(
      /cursor: not a cursor/,
    );
    try {
      fx.logger.searchEvents({ cursor: 'not-a-cursor<script>' });
    } catch (error) {
      expect((error as Error).message).not.toContain('<script>');
    }
  });

  it('validates the query', () => {
    expect(() => fx.logger.searchEvents({ limit: 0 })).toThrow(/limit/);
    expect(() => fx.logger.searchEvents({ type: 'nope' as never })).toThrow(/type/);
    expect(() => fx.logger.searchEvents({ startTime: 'yesterday' })).toThrow(/startTime/);
  });

  it('an empty time window returns nothing', () => {
    expect(fx.logger.searchEvents({ startTime: '2030-01-01T00:00:00Z' }).events).toEqual([]);
    expect(fx.logger.searchEvents({ endTime: '2020-01-01T00:00:00Z' }).events).toEqual([]);
  });
});
