/**
 * The `encrypt-field` and `decrypt-field` stages, run by the real engine on worker threads with
 * a real LMDB keyring: fields encrypted and bound to path and record id, decrypted after a key
 * rotation, moved values rejected with the line and field (never the value), keys loaded once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';
import { Keyring, openKeyring } from '../../src/keyring/keyring.js';
import { forgetKeyrings } from '../../src/keyring/load.js';
import { closeStore } from '../../src/store/environment.js';

const RECORDS = 300;
let dir: string;
let storePath: string;

function records(): JsonRecord[] {
  return Array.from({ length: RECORDS }, (_, i) => ({
    id: `c-${i}`,
    email: `person${i}@example.com`,
    card: `4111 1111 1111 ${String(1000 + i).padStart(4, '0')}`,
    profile: { age: 20 + (i % 50), city: 'Lyon' },
  }));
}

function readNdjson(file: string): JsonRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as JsonRecord);
}

const encryptSpec = {
  name: 'encrypt-customers',
  input: { format: 'ndjson' as const },
  stages: [
    {
      type: 'encrypt-field',
      fields: ['email', 'profile.age'],
      key: 'keyring:customers',
      record_id_field: 'id',
    },
    {
      type: 'encrypt-field',
      fields: ['card'],
      key: 'keyring:customers',
      algorithm: 'ff1',
      record_id_field: 'id',
    },
  ],
};

const decryptSpec = {
  name: 'decrypt-customers',
  input: { format: 'ndjson' as const },
  stages: [
    {
      type: 'decrypt-field',
      fields: ['email', 'profile.age'],
      key: 'keyring:customers',
      record_id_field: 'id',
    },
    {
      type: 'decrypt-field',
      fields: ['card'],
      key: 'keyring:customers',
      algorithm: 'ff1',
      record_id_field: 'id',
      key_version: 'customers/v1',
    },
  ],
};

describe('encrypt-field / decrypt-field stages', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-field-stage-'));
    storePath = path.join(dir, 'store');
    process.env['VEIL_MASTER_KEY'] = toHex(randomBytes(32));
    const keyring = await openKeyring({
      storePath,
      masterKey: { kind: 'env', name: 'VEIL_MASTER_KEY' },
    });
    await keyring.create('customers');
    writeFileSync(
      path.join(dir, 'in.ndjson'),
      records()
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
  });

  afterAll(async () => {
    forgetKeyrings();
    await closeStore(storePath);
    delete process.env['VEIL_MASTER_KEY'];
    delete process.env['VEIL_TEST_FIELD_KEY'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('encrypts on 2 worker threads, then decrypts after a rotation', async () => {
    const encrypted = path.join(dir, 'enc.ndjson');
    const summary = await pipeline(encryptSpec, { storePath }).run({
      input: path.join(dir, 'in.ndjson'),
      output: encrypted,
      threads: 2,
    });
    expect(summary.recordsOut).toBe(RECORDS);

    const text = readFileSync(encrypted, 'utf8');
    expect(text).not.toContain('@example.com');
    const rows = readNdjson(encrypted);
    expect(rows[0]?.['email']).toMatch(/^veil\./);
    expect((rows[0]?.['profile'] as JsonRecord)['city']).toBe('Lyon');
    for (const row of rows) expect(row['card']).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(rows.filter((row, i) => row['card'] === records()[i]?.['card']).length).toBeLessThan(3);

    // Rotate: the decrypt run loads v1 and v2; AEAD values name v1 and still open.
    const { keyringForStore } = await import('../../src/keyring/load.js');
    await (await keyringForStore(storePath)).rotate('customers');
    forgetKeyrings();

    const decrypted = path.join(dir, 'dec.ndjson');
    await pipeline(decryptSpec, { storePath }).run({
      input: encrypted,
      output: decrypted,
      threads: 2,
    });
    expect(readNdjson(decrypted)).toEqual(records());
  });

  it('rejects a value moved to another record, naming the line and field, never the value', async () => {
    const encrypted = path.join(dir, 'enc-moved.ndjson');
    await pipeline(encryptSpec, { storePath }).run({
      input: path.join(dir, 'in.ndjson'),
      output: encrypted,
      threads: 0,
    });
    const rows = readNdjson(encrypted);
    const [first, second] = rows;
    if (first === undefined || second === undefined) throw new Error('no rows');
    const stolen = first['email'] as string;
    first['email'] = second['email'] as string;
    second['email'] = stolen;
    writeFileSync(encrypted, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

    const output = path.join(dir, 'dec-moved.ndjson');
    const rejectFile = path.join(dir, 'rejects.ndjson');
    const summary = await pipeline(decryptSpec, { storePath }).run({
      input: encrypted,
      output,
      threads: 2,
      onError: 'reject',
      rejectFile,
    });
    expect(summary.recordsOut).toBe(RECORDS - 2);
    const rejects = readFileSync(rejectFile, 'utf8');
    expect(rejects).toContain("field 'email'");
    expect(rejects).toMatch(/"line":1\b/);
    expect(rejects).not.toContain(stolen.slice(5, 25));
    expect(rejects).not.toContain('person0@example.com');
  });

  it('rejects a record whose selected path meets a value of the wrong shape, never passing it in clear', async () => {
    const input = path.join(dir, 'shapes.ndjson');
    writeFileSync(
      input,
      [
        { id: 'a', contacts: [{ email: 'first@example.com' }] },
        { id: 'b', contacts: 'SECRET-NOT-AN-ARRAY' },
        { id: 'c' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const spec = {
      name: 'encrypt-contacts',
      input: { format: 'ndjson' as const },
      stages: [{ type: 'encrypt-field', fields: ['contacts[].email'], key: 'keyring:customers' }],
    };
    for (const threads of [0, 2]) {
      const output = path.join(dir, `shapes-${threads}.ndjson`);
      const rejectFile = path.join(dir, `shapes-${threads}.rejects.ndjson`);
      const summary = await pipeline(spec, { storePath }).run({
        input,
        output,
        threads,
        onError: 'reject',
        rejectFile,
      });
      expect(summary.recordsOut).toBe(2);
      expect(summary.recordsRejected).toBe(1);
      const written = readFileSync(output, 'utf8');
      expect(written).not.toContain('SECRET-NOT-AN-ARRAY');
      expect(written).not.toContain('first@example.com');
      const rejects = readFileSync(rejectFile, 'utf8');
      expect(rejects).toContain("field 'contacts' is not an array");
      expect(rejects).toMatch(/"line":2\b/);
      expect(rejects).not.toContain('SECRET-NOT-AN-ARRAY');
    }
  });

  it('loads keys once per stage instance, not per record', async () => {
    const spy = vi.spyOn(Keyring.prototype, 'keySet');
    const run = pipeline(encryptSpec, { storePath });
    for (const [i, record] of records().entries()) await run.transform(record, { index: i });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('takes a raw key from env: and refuses a malformed one without echoing it', async () => {
    process.env['VEIL_TEST_FIELD_KEY'] = toHex(randomBytes(32));
    const spec = {
      name: 'env-key',
      input: { format: 'ndjson' as const },
      stages: [
        {
          type: 'encrypt-field',
          fields: ['email'],
          key: 'env:VEIL_TEST_FIELD_KEY',
          algorithm: 'aes-256-gcm-siv',
        },
      ],
    };
    const a = await pipeline(spec).transform({ email: 'x@example.com' });
    const b = await pipeline(spec).transform({ email: 'x@example.com' });
    expect(a?.['email']).toBe(b?.['email']);

    process.env['VEIL_TEST_FIELD_KEY'] = 'short-s3cret';
    const error = await pipeline(spec)
      .transform({ email: 'x@example.com' })
      .then(
        () => new Error('expected a rejection'),
        (e: unknown) => e as Error,
      );
    expect(error.message).toContain('env:VEIL_TEST_FIELD_KEY');
    expect(error.message).not.toContain('s3cret');
  });

  it('refuses a literal key in the pipeline file', () => {
    expect(() =>
      pipeline({
        name: 'literal',
        input: { format: 'ndjson' },
        stages: [
          {
            type: 'encrypt-field',
            fields: ['email'],
            key: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
          },
        ],
      }),
    ).toThrow(/secret reference/);
  });
});
