import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/security/audit/redaction.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
beforeEach(() => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
});
afterEach(async () => {
  await fx.cleanup();
});

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('audit hygiene and export', () => {
  it('redacts secret keys and secret-looking values before hashing', async () => {
    const record = await fx.logger.logEvent({
      type: 'user_login',
      userId: 'u1',
      details: {
        password: 'hunter2hunter2',
        newPassword: 'x',
        api_key: 'k',
        'X-Api-Key': 'k2',
        nested: { refreshToken: 'r', list: [{ client_secret: 's' }], note: JWT },
        header: 'Bearer abc.def',
        totpCode: '123456',
        ip: '127.0.0.1',
        count: 3,
      },
    });
    const stored = JSON.stringify(fx.logger.getEvent(record.seq));
    for (const secret of [
      'hunter2hunter2',
      JWT,
      'Bearer abc',
      '123456',
      '"k"',
      '"k2"',
      '"r"',
      '"s"',
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(record.details).toMatchObject({
      password: REDACTED,
      newPassword: REDACTED,
      api_key: REDACTED,
      'X-Api-Key': REDACTED,
      nested: { refreshToken: REDACTED, list: [{ client_secret: REDACTED }], note: REDACTED },
      header: REDACTED,
      totpCode: REDACTED,
      ip: '127.0.0.1',
      count: 3,
    });
  });

  it('refuses non-JSON details naming the field, not the value', async () => {
    await expect(
      fx.logger.logEvent({ type: 'user_login', details: { a: { b: Number.NaN } } }),
    ).rejects.toThrow(/details\.a\.b: number is not finite/);
    await expect(
      fx.logger.logEvent({ type: 'user_login', details: { f: () => 1 } }),
    ).rejects.toThrow(/details\.f/);
    await expect(fx.logger.logEvent({ type: 'nope' as never })).rejects.toThrow(/type/);
    await expect(fx.logger.logEvent({ type: 'user_login', userId: '' })).rejects.toThrow(/userId/);
  });

  it('exports JSON Lines with control characters escaped, atomically', async () => {
    await fx.logger.logEvent({
      type: 'data_access',
      resource: 'documents',
      details: { note: 'line1\r\n2026-01-01 INFO forged entry\u2028\u0085\u007f\u0000' },
    });
    await fx.logger.logEvent({ type: 'user_logout', userId: 'u2' });
    const output = path.join(fx.dir, 'audit.jsonl');
    const result = await fx.logger.exportEvents({ output });
    expect(result.events).toBe(2);
    const text = readFileSync(output, 'utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const first = JSON.parse(lines[0]!);
    expect(first.details.note).toBe(
      'line1\r\n2026-01-01 INFO forged entry\u2028\u0085\u007f\u0000',
    );
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    // No temporary file is left behind.
    expect(readdirSync(fx.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exports OCSF-shaped events with the right classes', async () => {
    await fx.logger.logEvent({ type: 'user_login', userId: 'u1', status: 'failure' });
    await fx.logger.logEvent({ type: 'user_created', userId: 'admin', resource: 'user:u2' });
    await fx.logger.logEvent({ type: 'pipeline_run', userId: 'u1', severity: 'critical' });
    await fx.logger.logEvent({ type: 'data_deletion', userId: 'u1', resource: 'documents' });
    const output = path.join(fx.dir, 'audit.ocsf.jsonl');
    await fx.logger.exportEvents({ output, format: 'ocsf' });
    const events = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.class_uid, e.activity_id, e.type_uid])).toEqual([
      [3002, 1, 300201],
      [3001, 1, 300101],
      [6003, 99, 600399],
      [6005, 7, 600507],
    ]);
    expect(events[0]).toMatchObject({
      status_id: 2,
      status: 'Failure',
      category_uid: 3,
      actor: { user: { uid: 'u1' } },
    });
    expect(events[2]).toMatchObject({ severity_id: 5, category_uid: 6 });
    expect(typeof events[0].time).toBe('number');
  });
});
