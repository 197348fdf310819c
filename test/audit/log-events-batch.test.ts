import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;

beforeEach(() => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
});
afterEach(async () => {
  await fx.cleanup();
});

describe('audit logEvents: one call, one transaction', () => {
  it('refuses the whole call for one bad event, naming its index; writes nothing', async () => {
    const events = [
      { type: 'data_access' as const, userId: 'u1' },
      { type: 'nope' as never, userId: 'secret-looking-user' },
    ];
    await expect(fx.logger.logEvents(events)).rejects.toThrow(/^events\[1\]\.type: /);
    await expect(fx.logger.logEvents(events)).rejects.not.toThrow(/secret-looking-user/);
    expect(fx.logger.head().seq).toBe(0);
  });

  it('interleaves with logEvent calls of the same turn in call order, in one chain', async () => {
    const [a, batch, b] = await Promise.all([
      fx.logger.logEvent({ type: 'user_login' }),
      fx.logger.logEvents([{ type: 'data_access' }, { type: 'data_export' }]),
      fx.logger.logEvent({ type: 'user_logout' }),
    ]);
    expect([a.seq, ...batch.map((r) => r.seq), b.seq]).toEqual([1, 2, 3, 4]);
    expect(batch.map((r) => r.type)).toEqual(['data_access', 'data_export']);
    expect(new Set([a.time, ...batch.map((r) => r.time), b.time]).size).toBe(1);
    expect(await fx.logger.logEvents([])).toEqual([]);
    expect((await fx.logger.verify()).ok).toBe(true);
  });
});
