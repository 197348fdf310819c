import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/security/audit/canonical-json.js';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { makeAuditFixture, type AuditFixture } from './helpers.js';

let fx: AuditFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

// JSON.parse makes `__proto__` an own data property, as a request body or a record would carry it.
const details = (): Record<string, unknown> =>
  JSON.parse('{"field":"notes","__proto__":{"polluted":true,"$__proto__":1},"nested":[{"__proto__":null}],"__proto_":"x"}');

describe('audit: details with a __proto__ key', () => {
  it('stores the key as an own property, with no prototype change, and verifies', async () => {
    fx = makeAuditFixture();
    const logged = await fx.logger.logEvent({ type: 'data_access', resource: 'tickets', details: details() });

    expect(Object.getPrototypeOf(logged.details)).toBe(Object.prototype);
    expect(Object.hasOwn(logged.details, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const expected =
      '{"__proto_":"x","__proto__":{"$__proto__":1,"polluted":true},"field":"notes","nested":[{"__proto__":null}]}';
    expect(canonicalize(logged.details)).toBe(expected);

    // Read back from LMDB (a fresh environment, so nothing comes from a cache).
    await fx.logger.flush();
    await closeStore(fx.storePath);
    fx.logger = new AuditLogger({ store: openStore(fx.storePath), hmacKey: fx.hmacKey, verifyKey: fx.publicKey });
    const read = fx.logger.getEvent(logged.seq);
    expect(read?.hash).toBe(logged.hash);
    expect(canonicalize(read?.details)).toBe(expected);
    expect(Object.getPrototypeOf(read?.details)).toBe(Object.prototype);

    const found = fx.logger.searchEvents({ resource: 'tickets' });
    expect(found.events.map((e) => canonicalize(e.details))).toEqual([expected]);

    const report = await fx.logger.verify();
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await fx.logger.exportEvents({ output: out, format: 'jsonl' });
    const line = JSON.parse(Buffer.concat(chunks).toString('utf8').trim()) as { details: unknown };
    expect(canonicalize(line.details)).toBe(expected);
  });

  it('still redacts a secret under a __proto__ key', async () => {
    fx = makeAuditFixture();
    const logged = await fx.logger.logEvent({
      type: 'data_access',
      details: JSON.parse('{"__proto__":{"apiKey":"k-123","ok":1}}') as Record<string, unknown>,
    });
    expect(canonicalize(logged.details)).toBe('{"__proto__":{"apiKey":"[REDACTED]","ok":1}}');
  });
});
