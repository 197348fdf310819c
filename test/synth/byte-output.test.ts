/**
 * synth: records written straight to bytes (the file and worker path) are byte-identical to
 * `JSON.stringify` of the records the in-memory API builds, for every field type, nulls, nesting,
 * non-ASCII text and schemas whose generation order differs from their declared order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/synth/byte-writer.js';
import { generateSyntheticData } from '../../src/synth/generate.js';
import { RecordGenerator } from '../../src/synth/generator.js';
import { parseSynthSchema, type SynthSchemaInput } from '../../src/synth/schema.js';
import { writeSyntheticData } from '../../src/synth/write.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every field type, in an order the byte path can follow (references after their targets). */
const everyType: SynthSchemaInput = {
  locale: 'de',
  fields: {
    text: { type: 'string', minLength: 10, maxLength: 30, nullRate: 0.1 },
    hex: { type: 'string', charset: 'hex' },
    name: { type: 'fullName' },
    ja: { type: 'fullName', locale: 'ja' },
    ratio: { type: 'number', min: -5, max: 5, precision: 2 },
    wait: { type: 'number', distribution: 'exponential' },
    big: { type: 'integer', min: -1e12, max: 1e12 },
    flag: { type: 'boolean', nullRate: 0.3 },
    pick: { type: 'enum', values: ['ä', 1, true, 'q"x', 'tab\there'], weights: [1, 2, 3, 4, 5] },
    at: { type: 'date', format: 'datetime' },
    epoch: { type: 'date', format: 'timestamp' },
    nearEpoch: { type: 'date', from: '1969-12-25', to: '1970-01-05T00:00:00Z', format: 'datetime' },
    wide: { type: 'date', format: 'date', from: '0001-01-01', to: '9999-12-31' },
    email: { type: 'email', from: 'name' },
    jaEmail: { type: 'email', from: 'ja' },
    freeEmail: { type: 'email' },
    address: {
      type: 'object',
      nullRate: 0.2,
      fields: { first: { type: 'firstName' }, city: { type: 'city' }, street: { type: 'streetAddress' } },
    },
    safeEmail: { type: 'email', safeDomain: true, from: { firstName: 'address.first', lastName: 'name' } },
    greeting: { type: 'template', template: 'Hallo {name} aus {address.city}' },
    phone: { type: 'phone' },
    frPhone: { type: 'phone', locale: 'fr' },
    id: { type: 'uuid' },
    contacts: {
      type: 'array',
      maxItems: 4,
      items: { type: 'object', fields: { phone: { type: 'phone' }, rank: { type: 'integer' } } },
    },
    iban: { type: 'iban', country: 'DE' },
    card: { type: 'creditCard', formatted: true },
    ssn: { type: 'ssn' },
    born: { type: 'birthdate' },
    user: { type: 'username', from: 'name' },
    company: { type: 'company', nullRate: 0.5 },
  },
};

async function written(schema: SynthSchemaInput, format: 'ndjson' | 'json', threads: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-bytes-'));
  dirs.push(dir);
  const output = path.join(dir, `out.${format}`);
  await writeSyntheticData(schema, { count: 2000, seed: 11, output, format, threads, batchRecords: 333 });
  return readFileSync(output, 'utf8');
}

describe('synth byte output', () => {
  it('writes every field type straight to bytes, equal to JSON.stringify of the records', async () => {
    expect(new RecordGenerator(parseSynthSchema(everyType), 1).writable).toBe(true);
    const records = generateSyntheticData(everyType, { count: 2000, seed: 11 });
    // The sample does exercise the slow paths: non-ASCII, escapes and nulls.
    const ndjson = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    expect(ndjson).toMatch(/[^\x00-\x7f]/);
    expect(ndjson).toContain('\\"');
    expect(ndjson).toContain('"address":null');

    expect(await written(everyType, 'ndjson', 0)).toBe(ndjson);
    expect(await written(everyType, 'ndjson', 2)).toBe(ndjson);
    expect(await written(everyType, 'json', 0)).toBe(`[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
  });

  it('gives the same bytes when workers write batches into recycled buffers', async () => {
    // Many more batches than the window in flight, so written buffers go back to the workers.
    const schema: SynthSchemaInput = {
      fields: {
        id: { type: 'uuid' },
        name: { type: 'fullName', locale: 'de' },
        email: { type: 'email', from: 'name' },
        note: { type: 'string', minLength: 0, maxLength: 400 },
      },
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-bytes-'));
    dirs.push(dir);
    const outputs: string[] = [];
    for (const threads of [0, 2]) {
      const output = path.join(dir, `out-${threads}.ndjson`);
      await writeSyntheticData(schema, { count: 30_000, seed: 8, output, threads, batchRecords: 250 });
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[0]!.split('\n')).toHaveLength(30_001);
    expect(outputs[1] === outputs[0]).toBe(true);
  });

  it('falls back to building the record when generation order differs from declared order', async () => {
    const reordered: SynthSchemaInput = {
      fields: {
        email: { type: 'email', from: 'name' },
        name: { type: 'fullName' },
        label: { type: 'template', template: '{place}' },
        place: { type: 'object', fields: { city: { type: 'city' } } },
      },
    };
    expect(new RecordGenerator(parseSynthSchema(reordered), 1).writable).toBe(false);
    const expected =
      generateSyntheticData(reordered, { count: 2000, seed: 11 })
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    expect(await written(reordered, 'ndjson', 0)).toBe(expected);
  });

  it('an email derived from a full name uses the name as drawn', () => {
    const records = generateSyntheticData(
      { fields: { name: { type: 'fullName' }, email: { type: 'email', from: 'name', safeDomain: true } } },
      { count: 500, seed: 4 },
    );
    for (const r of records) {
      const local = String(r['email']).split('@')[0]!;
      const last = String(r['name']).split(' ').at(-1)!.toLowerCase().replace(/[^a-z0-9]/g, '');
      expect(local, `record ${records.indexOf(r)}`).toContain(last);
    }
  });
});

describe('ByteWriter', () => {
  const decode = (w: ByteWriter): string => Buffer.from(w.take()).toString('utf8');

  it('writes strings as JSON.stringify does, escapes and non-ASCII included', () => {
    const samples = ['', 'plain', 'quo"te', 'back\\slash', 'tab\t', '\u0000\u001f', 'äöü', '日本', '\u{1f600}', '\ud800', 'del\u007f'];
    for (const text of samples) {
      const w = new ByteWriter(4);
      w.string(text);
      expect(decode(w), JSON.stringify(text)).toBe(JSON.stringify(text));
    }
    const w = new ByteWriter(2);
    for (const [a, b] of [['Ann', 'Lee'], ['Zoë', 'Ng'], ['a"b', 'c'], ['x', 'y\n']] as const) w.stringParts(a, ' ', b);
    expect(decode(w)).toBe(['"Ann Lee"', '"Zoë Ng"', '"a\\"b c"', '"x y\\n"'].join(''));
  });

  it('writes numbers and any value as JSON.stringify does, growing as needed', () => {
    const values = [0, -0, 1.5, -1e21, 1e-7, Number.NaN, Infinity, true, false, null, [1, 'ü'], { a: { b: [null] } }];
    const w = new ByteWriter(1);
    for (const value of values) w.value(value);
    expect(decode(w)).toBe(values.map((v) => JSON.stringify(v)).join(''));
  });
});
