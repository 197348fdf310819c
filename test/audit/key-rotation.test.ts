import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { auditKeyId, hashRecord, recordBody } from '../../src/security/audit/hash-chain.js';
import type { VerifyReport } from '../../src/security/audit/verify.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;
let k0: Uint8Array;
const k1 = new Uint8Array(randomBytes(32));
const k2 = new Uint8Array(randomBytes(32));

function loggerWith(current: Uint8Array, ...previous: Uint8Array[]): AuditLogger {
  return new AuditLogger({
    store: fx.logger.root,
    hmacKey: current,
    previousHmacKeys: previous,
    signingKey: fx.signingKey,
    checkpointEvery: 0,
  });
}

async function seed(logger: AuditLogger, count: number, tag: string): Promise<AuditRecord[]> {
  return logger.logEvents(
    Array.from({ length: count }, (_, i) => ({
      type: 'data_access' as const,
      userId: `user-${i % 3}`,
      resource: 'documents',
      details: { row: `${tag}-${i}` },
    })),
  );
}

/** Re-signs a stored record with `key` under `kid` (as a holder of that key could). */
async function resign(seq: number, key: Uint8Array, changes: Partial<AuditRecord> = {}) {
  const body = recordBody({ ...fx.logger.getEvent(seq)!, ...changes });
  const forged = { ...body, hash: hashRecord(key, body) } as AuditRecord;
  await fx.logger.events.put(seq, forged);
  return forged;
}

function kinds(report: VerifyReport): string[] {
  return [...new Set(report.problems.map((p) => p.kind))];
}

/** No configured key, in any encoding, appears in `text`. */
function expectNoKeyBytes(text: string): void {
  for (const key of [k0, k1, k2]) {
    const bytes = Buffer.from(key);
    const forms = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
    for (const form of forms) {
      expect(text).not.toContain(form);
      expect(text).not.toContain(form.slice(0, 16));
    }
  }
}

beforeEach(async () => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
  k0 = fx.hmacKey;
  await seed(fx.logger, 10, 'k0');
});
afterEach(async () => {
  await fx.cleanup();
});

describe('audit chain: HMAC key rotation', () => {
  it('writes a rotation record with the new key and verifies across two rotations', async () => {
    expect(await fx.logger.rotateKey()).toBeUndefined();

    const second = loggerWith(k1, k0);
    const rotation = (await second.rotateKey())!;
    expect(rotation).toMatchObject({
      seq: 11,
      v: 2,
      kid: auditKeyId(k1),
      type: 'key_rotated',
      resource: 'audit:hmac-key',
      details: { fromKeyId: auditKeyId(k0), toKeyId: auditKeyId(k1) },
    });
    expect(await second.rotateKey()).toBeUndefined();
    await seed(second, 5, 'k1');

    // The second rotation happens on its own before the first append with the new key.
    const third = loggerWith(k2, k1, k0);
    const [first] = await seed(third, 5, 'k2');
    expect(first!.seq).toBe(18);
    expect(third.getEvent(17)).toMatchObject({
      kid: auditKeyId(k2),
      details: { fromKeyId: auditKeyId(k1), toKeyId: auditKeyId(k2) },
    });

    const report = await third.verify();
    expect(report).toMatchObject({ ok: true, records: 22, problems: [] });
    expect(third.keyIds).toEqual([auditKeyId(k2), auditKeyId(k1), auditKeyId(k0)]);
    expectNoKeyBytes(JSON.stringify([...third.events.getRange({}).map(({ value }) => value)]));
  });

  it('catches tampering on either side of the rotation point', async () => {
    const second = loggerWith(k1, k0);
    await seed(second, 5, 'k1');
    expect((await second.verify()).ok).toBe(true);

    // 11 is the rotation record: an edit breaks its HMAC and its rotation details.
    for (const seq of [4, 11, 14]) {
      const record = fx.logger.getEvent(seq)!;
      await fx.logger.events.put(seq, { ...record, details: { row: 'edited' } });
    }
    const report = await second.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['hash-mismatch', 4],
      ['hash-mismatch', 11],
      ['wrong-key-id', 11],
      ['hash-mismatch', 14],
    ]);
  });

  it('refuses a record re-signed with the old key after the rotation point', async () => {
    const second = loggerWith(k1, k0);
    await seed(second, 5, 'k1');
    // Record 13 is after the rotation (11): its HMAC under the old key is valid, its key is not.
    await resign(13, k0, { kid: auditKeyId(k0), details: { row: 'rewritten' } });
    const report = await second.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'wrong-key-id', seq: 13 }),
      // Its successor still names the honest hash of 13.
      expect.objectContaining({ kind: 'broken-link', seq: 14 }),
    ]);
    expect(report.problems[0]!.message).toContain('record 13');
    expectNoKeyBytes(JSON.stringify(report));
  });

  it('refuses a rewrite that drops the rotation, and a rotation back to the old key', async () => {
    const second = loggerWith(k1, k0);
    await seed(second, 5, 'k1');

    // Forger with the old key: a rotation record back to it, then records under it.
    await resign(16, k0, {
      type: 'key_rotated',
      resource: 'audit:hmac-key',
      kid: auditKeyId(k0),
      details: { fromKeyId: auditKeyId(k1), toKeyId: auditKeyId(k0) },
    });
    const back = await second.verify();
    expect(back.problems).toContainEqual(
      expect.objectContaining({ kind: 'wrong-key-id', seq: 16 }),
    );
    expect(kinds(back)).not.toContain('key-not-current');
    expect(back.problems[0]!.message).toContain('rotates back to the older key id');

    // Forger with the old key rewrites everything from the rotation on, as version 2 records
    // under the old key id, and the head: every HMAC and link verifies, but the key never moved
    // to the configured one.
    let prevHash = fx.logger.getEvent(10)!.hash;
    for (let seq = 11; seq <= 16; seq += 1) {
      const forged = await resign(seq, k0, {
        kid: auditKeyId(k0),
        type: 'data_access',
        resource: 'documents',
        details: { row: `forged-${seq}` },
        prevHash,
      });
      prevHash = forged.hash;
    }
    await fx.logger.meta.put('head', {
      seq: 16,
      hash: prevHash,
      timeMs: Date.parse(fx.logger.getEvent(16)!.time),
    });
    // The forger did not rewrite the index: verify() reports that too, after the chain's problems.
    const rewritten = await second.verify();
    expect(rewritten.problems.filter((p) => !p.kind.startsWith('index-'))).toEqual([
      expect.objectContaining({ kind: 'key-not-current', seq: 16 }),
    ]);
  });

  it('fails on an unknown key id naming the record; a stale writer refuses to append', async () => {
    const second = loggerWith(k1, k0);
    await seed(second, 2, 'k1');

    // Configured without the old key: the first ten records name an unknown key.
    const forgetful = loggerWith(k1);
    const report = await forgetful.verify();
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual(
      Array.from({ length: 10 }, (_, i) => ['unknown-key-id', i + 1]),
    );
    expect(report.problems[0]!.message).toMatch(/^record 1 names HMAC key id [0-9a-f]{16}/);

    // A record claiming a key id nobody configured.
    await resign(12, k1, { kid: 'ffffffffffffffff' });
    expect((await second.verify()).problems).toContainEqual(
      expect.objectContaining({ kind: 'unknown-key-id', seq: 12 }),
    );
    await resign(12, k1, { kid: auditKeyId(k1) });

    // A writer still on the old key must not rotate the chain back to it.
    await expect(fx.logger.logEvent({ type: 'user_login' })).rejects.toMatchObject({
      code: 'VEIL_AUDIT_KEY',
      message: expect.stringContaining('record 13'),
    });
    expect((await second.verify()).ok).toBe(true);
  });

  it('keeps verifying version 1 records (no key id) in single-key and legacy setups', async () => {
    // Rewrite the chain as an older version stored it: version 1 bodies without kid.
    let prevHash = '0'.repeat(64);
    for (let seq = 1; seq <= 10; seq += 1) {
      const { kid: _kid, ...rest } = fx.logger.getEvent(seq)!;
      const body = recordBody({ ...rest, v: 1, prevHash } as AuditRecord);
      expect('kid' in body).toBe(false);
      const record = { ...body, hash: hashRecord(k0, body) } as AuditRecord;
      await fx.logger.events.put(seq, record);
      prevHash = record.hash;
    }
    await fx.logger.meta.put('head', { seq: 10, hash: prevHash, timeMs: Date.now() });
    expect(await fx.logger.verify()).toMatchObject({ ok: true, records: 10 });

    // Same single key: new records are version 2, no rotation record is needed.
    await seed(fx.logger, 2, 'same');
    expect(fx.logger.getEvent(11)).toMatchObject({ v: 2, kid: auditKeyId(k0) });
    expect((await fx.logger.verify()).ok).toBe(true);

    // A new key with the old one as legacy: the rotation is from the legacy key id.
    const second = loggerWith(k1, k0);
    await seed(second, 2, 'k1');
    expect(second.getEvent(13)!.details).toEqual({
      fromKeyId: auditKeyId(k0),
      toKeyId: auditKeyId(k1),
    });
    expect(await second.verify()).toMatchObject({ ok: true, records: 15 });

    // A version 1 record after the rotation is refused (written with the legacy key).
    await resign(14, k0, { v: 1, kid: undefined });
    const report = await second.verify();
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'wrong-key-id', seq: 14 }),
    );
  });

  it('reads previous keys from the environment and rejects bad key lists', async () => {
    const env = {
      VEIL_AUDIT_HMAC_KEY: `base64:${Buffer.from(k2).toString('base64')}`,
      VEIL_AUDIT_HMAC_PREVIOUS_KEY_1: `hex:${Buffer.from(k1).toString('hex')}`,
      VEIL_AUDIT_HMAC_PREVIOUS_KEY_2: `hex:${Buffer.from(k0).toString('hex')}`,
    };
    const logger = AuditLogger.fromEnvironment({ store: fx.logger.root, checkpointEvery: 0 }, env);
    expect(logger.keyIds).toEqual([auditKeyId(k2), auditKeyId(k1), auditKeyId(k0)]);
    await seed(logger, 1, 'env');
    expect((await logger.verify()).ok).toBe(true);

    let message = '';
    try {
      loggerWith(k1, k0, k1);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('audit previousHmacKeys[1]: the same key is listed twice');
    expect(() => loggerWith(k1, new Uint8Array(8))).toThrow(/previousHmacKeys\[0\]: at least 32/);
    await expect(
      logger.logEvent({ type: 'key_rotated', resource: 'audit:hmac-key' }),
    ).rejects.toMatchObject({ code: 'VEIL_AUDIT_INPUT' });
  });
});
