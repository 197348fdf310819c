import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
let clock = 0;
const DAY = 86_400_000;

beforeEach(async () => {
  clock = Date.parse('2025-01-01T00:00:00Z');
  fx = makeAuditFixture({ checkpointEvery: 10, now: () => clock });
  // 30 events a day apart.
  for (let i = 0; i < 30; i += 1) {
    await fx.logger.logEvent({ type: 'data_access', userId: `u${i % 2}`, details: { day: i } });
    clock += DAY;
  }
});
afterEach(async () => {
  await fx.cleanup();
});

describe('audit retention', () => {
  it('prunes old records behind a signed anchor and the chain still verifies', async () => {
    const exportedBefore = await fx.logger.checkpoint();
    // now = day 30; keep 10 days: days 0..19 go (time < day 20).
    const result = await fx.logger.applyRetention({ maxAgeDays: 10 });
    expect(result.removed).toBe(20);
    expect(result.anchor).toMatchObject({ kind: 'retention', seq: 20 });
    expect(fx.logger.getEvent(20)).toBeUndefined();
    expect(fx.logger.getEvent(21)).toBeDefined();
    // The retention itself is audited.
    expect(fx.logger.searchEvents({ type: 'audit_retention' }).events).toHaveLength(1);
    // Pruned records are gone from the indexes too.
    expect(fx.logger.searchEvents({ userId: 'u0' }).events.every((e) => e.seq > 20)).toBe(true);

    const report = await fx.logger.verify({ checkpoints: [exportedBefore] });
    expect(report).toMatchObject({ ok: true, firstSeq: 21, lastSeq: 31, records: 11 });
  });

  it('detects a forged anchor and deletion beyond the anchor', async () => {
    await fx.logger.applyRetention({ maxAgeDays: 10 });
    const anchor = fx.logger.anchor()!;
    await fx.logger.meta.put('anchor', { ...anchor, seq: 22 });
    const forged = await fx.logger.verify();
    expect(forged.problems.map((p) => p.kind)).toContain('anchor-signature');

    await fx.logger.meta.put('anchor', anchor);
    await fx.logger.events.remove(21);
    const deleted = await fx.logger.verify();
    expect(deleted.problems.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['sequence-gap', 'broken-link']),
    );
  });

  it('needs a signing key and a sane policy', async () => {
    await expect(fx.logger.applyRetention({ maxAgeDays: 0 })).rejects.toThrow(/maxAgeDays/);
    await expect(fx.logger.applyRetention({ maxAgeDays: Number.NaN })).rejects.toThrow(
      /maxAgeDays/,
    );
  });
});
