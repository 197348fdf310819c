import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';
import { indexKeysOf } from '../../src/security/audit/audit-logger.js';
import { hashRecord, recordBody } from '../../src/security/audit/hash-chain.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture;

async function seed(count: number): Promise<void> {
  await fx.logger.logEvents(
    Array.from({ length: count }, (_, i) => ({
      type: 'data_access' as const,
      userId: `user-${i % 3}`,
      resource: 'documents',
      action: 'read',
      details: { row: i },
    })),
  );
}

function put(record: AuditRecord): Promise<boolean> {
  return fx.logger.events.put(record.seq, record);
}

function kinds(report: { problems: { kind: string }[] }): string[] {
  return [...new Set(report.problems.map((p) => p.kind))];
}

beforeEach(async () => {
  fx = makeAuditFixture({ checkpointEvery: 0 });
  await seed(20);
});
afterEach(async () => {
  await fx.cleanup();
});

describe('audit chain: tamper detection', () => {
  it('verifies an untouched chain', async () => {
    const report = await fx.logger.verify();
    expect(report).toMatchObject({ ok: true, records: 20, firstSeq: 1, lastSeq: 20, problems: [] });
    expect(report.bytes).toBeGreaterThan(0);
  });

  it('detects an edited record', async () => {
    const record = fx.logger.getEvent(7)!;
    await put({ ...record, details: { row: 999 } });
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'hash-mismatch', seq: 7 }),
    );
  });

  it('detects a deleted head (records and checkpoints left after it)', async () => {
    await fx.logger.checkpoint();
    await fx.logger.meta.remove('head');
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toContain('head-behind');
    // Deleting the last record as well still leaves records after the (missing) head.
    await fx.logger.events.remove(20);
    expect(kinds(await fx.logger.verify())).toContain('head-behind');
  });

  it('detects a deleted record', async () => {
    await fx.logger.events.remove(10);
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(expect.arrayContaining(['sequence-gap', 'broken-link']));
  });

  it('detects an inserted record', async () => {
    // Shift records 11..20 up by one and insert a forged record 11 with a plausible link.
    for (let seq = 20; seq >= 11; seq -= 1) {
      const record = fx.logger.getEvent(seq)!;
      await put({ ...record, seq: seq + 1 });
    }
    const prev = fx.logger.getEvent(10)!;
    const forged = {
      ...fx.logger.getEvent(12)!,
      seq: 11,
      prevHash: prev.hash,
      details: { row: 'forged' },
    };
    await put(forged);
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(expect.arrayContaining(['hash-mismatch']));
  });

  it('detects reordered records', async () => {
    const a = fx.logger.getEvent(4)!;
    const b = fx.logger.getEvent(5)!;
    await fx.logger.events.put(4, b);
    await fx.logger.events.put(5, a);
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(expect.arrayContaining(['key-mismatch', 'broken-link']));
  });

  it('detects a reorder that renumbers and relinks (the keyed hash breaks)', async () => {
    const a = fx.logger.getEvent(4)!;
    const b = fx.logger.getEvent(5)!;
    await put({ ...b, seq: 4, prevHash: a.prevHash });
    await put({ ...a, seq: 5, prevHash: b.hash });
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(kinds(report)).toContain('hash-mismatch');
  });

  it('detects a truncated tail against an exported checkpoint', async () => {
    const exported = await fx.logger.checkpoint();
    expect(exported.seq).toBe(20);
    // The attacker removes the last 5 records, their index entries and stored checkpoint, and
    // rewrites the head.
    for (let seq = 16; seq <= 20; seq += 1) {
      for (const key of indexKeysOf(fx.logger.getEvent(seq)!)) await fx.logger.index.remove(key);
      await fx.logger.events.remove(seq);
    }
    await fx.logger.checkpoints.remove(20);
    const newLast = fx.logger.getEvent(15)!;
    await fx.logger.meta.put('head', {
      seq: 15,
      hash: newLast.hash,
      timeMs: Date.parse(newLast.time),
    });

    const withoutCheckpoint = await fx.logger.verify();
    expect(withoutCheckpoint.ok).toBe(true);
    const report = await fx.logger.verify({ checkpoints: [exported] });
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'truncated', seq: 20 }));
  });

  it('detects a truncated tail when the head was left alone', async () => {
    await fx.logger.events.remove(20);
    const report = await fx.logger.verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'head-mismatch' }));
  });

  it('detects a forger who recomputes every hash without the key', async () => {
    const forgerKey = new Uint8Array(randomBytes(32));
    let prevHash = fx.logger.getEvent(7)!.prevHash;
    for (let seq = 7; seq <= 20; seq += 1) {
      const original = fx.logger.getEvent(seq)!;
      const body = recordBody({
        ...original,
        prevHash,
        details: seq === 7 ? { row: 'rewritten' } : original.details,
      });
      const forged: AuditRecord = { ...body, hash: hashRecord(forgerKey, body) };
      await put(forged);
      prevHash = forged.hash;
    }
    const last = fx.logger.getEvent(20)!;
    await fx.logger.meta.put('head', { seq: 20, hash: last.hash, timeMs: Date.parse(last.time) });
    const report = await fx.logger.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.filter((p) => p.kind === 'hash-mismatch').map((p) => p.seq)).toEqual(
      Array.from({ length: 14 }, (_, i) => 7 + i),
    );
    expect(kinds(report)).toEqual(['hash-mismatch']);
  });

  it('detects a forged checkpoint signature and a checkpoint that disagrees with the chain', async () => {
    const good = await fx.logger.checkpoint();
    const badSignature = {
      ...good,
      signature: good.signature.slice(0, -2) + (good.signature.endsWith('AA') ? 'BA' : 'AA'),
    };
    const otherHash = { ...good, hash: 'f'.repeat(64) };
    const report = await fx.logger.verify({ checkpoints: [badSignature, otherHash] });
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual(['checkpoint-signature']);
  });

  it('signs periodic checkpoints that verify() checks', async () => {
    const periodic = makeAuditFixture({ checkpointEvery: 5 });
    try {
      await periodic.logger.logEvents(
        Array.from({ length: 12 }, () => ({ type: 'user_login' as const })),
      );
      for (let i = 0; i < 3; i += 1) await periodic.logger.logEvent({ type: 'user_logout' });
      const stored = periodic.logger.listCheckpoints();
      expect(stored.map((c) => c.seq)).toEqual([12, 15]);
      const report = await periodic.logger.verify();
      expect(report).toMatchObject({ ok: true, checkpointsVerified: 2 });
      // Editing the record a stored checkpoint covers is caught twice: hash and checkpoint.
      const record = periodic.logger.getEvent(12)!;
      await periodic.logger.events.put(12, { ...record, hash: 'a'.repeat(64) });
      const after = await periodic.logger.verify();
      expect(kinds(after)).toEqual(
        expect.arrayContaining(['hash-mismatch', 'checkpoint-mismatch']),
      );
    } finally {
      await periodic.cleanup();
    }
  });
});
