/**
 * Field encryption: only a non-empty string or a finite number is a record id, and the id's JSON
 * type is bound. An array id would otherwise bind its first element (`[1, 2]` decrypting in the
 * record whose id is 1); the number 1 and the string "1" are different records. Ciphertexts
 * written with the original (v1) binding still decrypt.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import { EncryptionManager, EncryptionType } from '../../src/crypto/encryption-manager.js';
import { fieldAad, fieldAadV1 } from '../../src/crypto/field-binding.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord, JsonValue } from '../../src/engine/stage.js';

const manager = new EncryptionManager({ keys: randomBytes(32), password: 'a long test passphrase' });

const BAD_IDS: ReadonlyArray<[string, JsonValue]> = [
  ['an array', [1, 2]],
  ['an array', [[3]]],
  ['an array', [1]],
  ['an array', ['SECRET-ID']],
  ['a boolean', true],
  ['null', null],
  ['an empty string', ''],
  ['an object', { v: 'SECRET-ID' }],
];

const TYPES = [EncryptionType.SYMMETRIC, EncryptionType.DETERMINISTIC, EncryptionType.PASSWORD];

function field(type: EncryptionType, data: JsonRecord, direction: 'encrypt' | 'decrypt') {
  const options = { data, field: 'email', encryptionType: type, recordId: 'id' };
  return direction === 'encrypt' ? manager.encryptField(options) : manager.decryptField(options);
}

describe('field encryption: record id types (EncryptionManager)', () => {
  it.each(BAD_IDS)('refuses an id that is %s, on encrypt and decrypt, never echoing it', async (found, id) => {
    const sealed = await manager.encryptField({
      data: { id: 'x', email: 'a@example.com' },
      field: 'email',
      encryptionType: EncryptionType.SYMMETRIC,
      recordId: 'id',
    });
    for (const [direction, data] of [
      ['encrypt', { id, email: 'a@example.com' }],
      ['decrypt', { id, email: sealed['email'] as string }],
    ] as const) {
      const error: Error & { code?: string } = await field(EncryptionType.SYMMETRIC, data, direction).then(
        () => new Error('expected a rejection'),
        (e: unknown) => e as Error & { code?: string },
      );
      expect(error.code).toBe('VEIL_CRYPTO_INPUT');
      expect(error.message).toBe(`record id field 'id' must be a string or a number, found ${found}`);
      expect(error.message).not.toContain('SECRET');
    }
  });

  it('refuses a non-finite number id given through the API', async () => {
    await expect(
      field(EncryptionType.SYMMETRIC, { id: Number.NaN, email: 'a@example.com' }, 'encrypt'),
    ).rejects.toThrow("record id field 'id' must be a string or a number, found a non-finite number");
  });

  it.each(TYPES)('%s: a value moved between records with ids 1 and 2 fails', async (type) => {
    const one = await field(type, { id: 1, email: 'a@example.com' }, 'encrypt');
    await expect(field(type, { id: 2, email: one['email'] as string }, 'decrypt')).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_AUTH',
    });
    expect((await field(type, one, 'decrypt'))['email']).toBe('a@example.com');
  });

  it.each(TYPES)('%s: the number 1 and the string "1" are different records', async (type) => {
    const asNumber = await field(type, { id: 1, email: 'a@example.com' }, 'encrypt');
    const asString = await field(type, { id: '1', email: 'a@example.com' }, 'encrypt');
    await expect(
      field(type, { id: '1', email: asNumber['email'] as string }, 'decrypt'),
    ).rejects.toMatchObject({ code: 'VEIL_CRYPTO_AUTH' });
    await expect(
      field(type, { id: 1, email: asString['email'] as string }, 'decrypt'),
    ).rejects.toMatchObject({ code: 'VEIL_CRYPTO_AUTH' });
    expect((await field(type, asString, 'decrypt'))['email']).toBe('a@example.com');
  });

  it('a value sealed under id [1] can no longer be made, so none opens under id 1', async () => {
    await expect(
      field(EncryptionType.SYMMETRIC, { id: [1], email: 'a@example.com' }, 'encrypt'),
    ).rejects.toMatchObject({ code: 'VEIL_CRYPTO_INPUT' });
  });
});

describe('field encryption: known answers for the binding', () => {
  it('keeps the v1 layout byte for byte, and types the id in v2', () => {
    // "veil/v1/field" || u32be(5) || "email" || u32be(4) || "c-42"
    expect(toHex(fieldAadV1('email', 'c-42'))).toBe(
      '7665696c2f76312f6669656c64' + '00000005' + '656d61696c' + '00000004' + '632d3432',
    );
    expect(toHex(fieldAadV1('email'))).toBe(
      '7665696c2f76312f6669656c64' + '00000005' + '656d61696c' + 'ffffffff',
    );
    // Without an id, new ciphertexts keep the v1 bytes (nothing to type).
    expect(fieldAad('email')).toEqual(fieldAadV1('email'));
    expect(toHex(fieldAad('email', 1))).toBe(
      '7665696c2f76322f6669656c64' + '00000005' + '656d61696c' + '02' + '00000001' + '31',
    );
    expect(toHex(fieldAad('email', '1'))).toBe(
      '7665696c2f76322f6669656c64' + '00000005' + '656d61696c' + '01' + '00000001' + '31',
    );
  });

  // Written by Veil before ids were typed (v1 binding), key bytes 0..31, field `email` holding
  // "jane@example.com" and `card` holding "4111 1111 1111 1111".
  const legacyKey = new Uint8Array(32).map((_, i) => i);
  const legacy = new EncryptionManager({ keys: legacyKey });
  const LEGACY: ReadonlyArray<[string | number, EncryptionType, string, string]> = [
    ['c-42', EncryptionType.DETERMINISTIC, 'email', 'veil.VgEDAAEQcmF3LTJjZDI1OWQ0NGViZgiARu9HHu1HkQx8aw_vZ4NvM6kdWU1CWNRSLnBoz3YQ2g82BApGrWx35Raa'],
    ['c-42', EncryptionType.SYMMETRIC, 'email', 'veil.VgEBAAEQcmF3LTJjZDI1OWQ0NGViZiopHIyCqD0evAFW3cK9WMkcXltSdgDpcj6XPXnXpLyqE9zo35XI5lTmH_q5tqez-aw3wDXU937d'],
    ['c-42', EncryptionType.FORMAT_PRESERVING, 'card', '6543 1120 9185 3285'],
    [1, EncryptionType.DETERMINISTIC, 'email', 'veil.VgEDAAEQcmF3LTJjZDI1OWQ0NGViZt9aTWNlpV5OzJ1HimjBMeypT5P9K8UPEoR5mdRrIOV4SCLyxJ2CHMWZzhVt'],
    [1, EncryptionType.SYMMETRIC, 'email', 'veil.VgEBAAEQcmF3LTJjZDI1OWQ0NGViZgSxU5bD_pZvnLtRpT59Bq-FtNi-qrtswCQTWESG11sFnhv1aeKjHqEvqWoN_6bbcYGuNmVt2qW7'],
    [1, EncryptionType.FORMAT_PRESERVING, 'card', '3133 3808 1602 2976'],
    [7.5, EncryptionType.DETERMINISTIC, 'email', 'veil.VgEDAAEQcmF3LTJjZDI1OWQ0NGViZsGKefYL12HKXe9mJUXk3e5rh51vDZp6GFYYa4-H5e97v0FgbJi1kXIjqLBe'],
    [7.5, EncryptionType.SYMMETRIC, 'email', 'veil.VgEBAAEQcmF3LTJjZDI1OWQ0NGViZlTjnZjsau7Qkv5npfLNBSmmJZ4zkN4_Jxn_6DtdIREdmw70_TCi64KwfKHkvl1Ws71b3azVA73a'],
    [7.5, EncryptionType.FORMAT_PRESERVING, 'card', '5499 5279 7925 9274'],
  ];

  it.each(LEGACY)('id %s, %s: a v1 ciphertext still decrypts', async (id, type, name, value) => {
    const opened = await legacy.decryptField({
      data: { id, [name]: value },
      field: name,
      encryptionType: type,
      recordId: 'id',
    });
    expect(opened[name]).toBe(name === 'email' ? 'jane@example.com' : '4111 1111 1111 1111');
  });

  it('a v1 ciphertext still refuses another record id', async () => {
    await expect(
      legacy.decryptField({
        data: { id: 2, email: LEGACY[4]![3] },
        field: 'email',
        encryptionType: EncryptionType.SYMMETRIC,
        recordId: 'id',
      }),
    ).rejects.toMatchObject({ code: 'VEIL_CRYPTO_AUTH' });
  });

  it('FF1 keeps the v1 tweak: its output is unchanged for string and number ids', async () => {
    for (const [id, type, name, value] of LEGACY) {
      if (type !== EncryptionType.FORMAT_PRESERVING) continue;
      const sealed = await legacy.encryptField({
        data: { id, [name]: '4111 1111 1111 1111' },
        field: name,
        encryptionType: type,
        recordId: 'id',
      });
      expect(sealed[name]).toBe(value);
    }
  });
});

describe('field encryption: record id types (encrypt-field / decrypt-field stages)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-record-id-'));
    process.env['VEIL_TEST_RECORD_ID_KEY'] = toHex(randomBytes(32));
  });

  afterAll(() => {
    delete process.env['VEIL_TEST_RECORD_ID_KEY'];
    rmSync(dir, { recursive: true, force: true });
  });

  const spec = (type: 'encrypt-field' | 'decrypt-field', algorithm: string) => ({
    name: `${type}-ids`,
    input: { format: 'ndjson' as const },
    stages: [
      {
        type,
        fields: ['email'],
        key: 'env:VEIL_TEST_RECORD_ID_KEY',
        algorithm,
        record_id_field: 'id',
      },
    ],
  });

  const lines = (rows: readonly JsonRecord[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const read = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it.each(['xchacha20-poly1305', 'aes-256-gcm-siv', 'ff1'])(
    '%s: rejects array, boolean, null and empty ids per record on encrypt and decrypt',
    async (algorithm) => {
      const email = algorithm === 'ff1' ? '5551234' : 'SECRET@example.com';
      const ids: JsonValue[] = [7, [1, 2], [[3]], true, null, '', 'ok'];
      const input = path.join(dir, `${algorithm}-in.ndjson`);
      writeFileSync(input, lines(ids.map((id) => ({ id, email }))));

      const encrypted = path.join(dir, `${algorithm}-enc.ndjson`);
      const encRejects = path.join(dir, `${algorithm}-enc.rejects.ndjson`);
      const summary = await pipeline(spec('encrypt-field', algorithm)).run({
        input,
        output: encrypted,
        threads: 0,
        onError: 'reject',
        rejectFile: encRejects,
      });
      expect(summary.recordsOut).toBe(2);
      expect(summary.recordsRejected).toBe(5);
      const rejected = read(encRejects);
      expect(rejected.map((r) => r['line'])).toEqual([2, 3, 4, 5, 6]);
      const text = readFileSync(encRejects, 'utf8');
      expect(text).toContain("record id field 'id' must be a string or a number, found an array");
      expect(text).toContain('found a boolean');
      expect(text).toContain('found null');
      expect(text).toContain('found an empty string');
      expect(text).not.toContain(email);
      expect(readFileSync(encrypted, 'utf8')).not.toContain(email);

      // Decrypt: the good rows open; the same sealed value under a bad id is rejected per record.
      const good = read(encrypted) as JsonRecord[];
      const sealed = good[0]!['email'] as string;
      const tampered = path.join(dir, `${algorithm}-tampered.ndjson`);
      writeFileSync(
        tampered,
        lines([good[0]!, { id: [7], email: sealed }, { id: [7, 8], email: sealed }, { id: false, email: sealed }, { id: null, email: sealed }, good[1]!]),
      );
      const decrypted = path.join(dir, `${algorithm}-dec.ndjson`);
      const decRejects = path.join(dir, `${algorithm}-dec.rejects.ndjson`);
      const after = await pipeline(spec('decrypt-field', algorithm)).run({
        input: tampered,
        output: decrypted,
        threads: 0,
        onError: 'reject',
        rejectFile: decRejects,
      });
      expect(after.recordsOut).toBe(2);
      expect(read(decrypted)).toEqual([
        { id: 7, email },
        { id: 'ok', email },
      ]);
      expect(read(decRejects).map((r) => r['line'])).toEqual([2, 3, 4, 5]);
      const decText = readFileSync(decRejects, 'utf8');
      expect(decText).toContain("record id field 'id' must be a string or a number");
      expect(decText).not.toContain(email);
    },
  );

  it('rejects a value moved from the record with id 1 to the record with id 2', async () => {
    const input = path.join(dir, 'moved-in.ndjson');
    writeFileSync(input, lines([{ id: 1, email: 'one@example.com' }, { id: 2, email: 'two@example.com' }]));
    const encrypted = path.join(dir, 'moved-enc.ndjson');
    await pipeline(spec('encrypt-field', 'xchacha20-poly1305')).run({ input, output: encrypted, threads: 0 });
    const [one, two] = read(encrypted) as JsonRecord[];
    writeFileSync(encrypted, lines([one!, { ...two!, email: one!['email'] as string }]));
    const rejectFile = path.join(dir, 'moved.rejects.ndjson');
    const summary = await pipeline(spec('decrypt-field', 'xchacha20-poly1305')).run({
      input: encrypted,
      output: path.join(dir, 'moved-dec.ndjson'),
      threads: 0,
      onError: 'reject',
      rejectFile,
    });
    expect(summary.recordsOut).toBe(1);
    const rejects = readFileSync(rejectFile, 'utf8');
    expect(rejects).toMatch(/"line":2\b/);
    expect(rejects).toContain("field 'email'");
    expect(rejects).not.toContain('one@example.com');
  });
});
