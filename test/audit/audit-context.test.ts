import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../src/errors/authorization-error.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
beforeEach(() => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
});
afterEach(async () => {
  await fx.cleanup();
});

describe('auditContext', () => {
  it('records one success event and returns the result', async () => {
    const result = await fx.logger.auditContext(
      {
        type: 'data_export',
        userId: 'u1',
        resource: 'crm',
        action: 'export',
        details: { rows: 10 },
      },
      async () => 42,
    );
    expect(result).toBe(42);
    const events = fx.logger.searchEvents({}).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: 'success',
      severity: 'info',
      type: 'data_export',
      details: { rows: 10 },
    });
  });

  it('records one failure event with the error class and code, and rethrows the same error', async () => {
    const thrown = new AuthorizationError('u1', 'crm', 'read');
    await expect(
      fx.logger.auditContext({ type: 'data_access', userId: 'u1', resource: 'crm' }, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    const plain = new TypeError('boom with secret value 123-45-6789');
    await expect(
      fx.logger.auditContext({ type: 'data_access', userId: 'u2' }, async () =>
        Promise.reject(plain),
      ),
    ).rejects.toBe(plain);

    const events = fx.logger.searchEvents({ status: 'failure' }).events;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      severity: 'error',
      details: { error: { class: 'AuthorizationError', code: 'VEIL_AUTHZ_DENIED' } },
    });
    expect(events[1]!.details).toEqual({ error: { class: 'TypeError' } });
    // The error message (which may carry data) is never recorded.
    expect(JSON.stringify(events)).not.toContain('123-45-6789');
    expect(fx.logger.head().seq).toBe(2);
  });
});
