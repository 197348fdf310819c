/**
 * synth: the same seed gives byte-identical records whatever the wall clock (reported failure
 * BR-24) and whatever the thread count; a different seed gives different records.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSyntheticData } from '../../src/synth/generate.js';
import { FAKER_VERSION } from '../../src/synth/generator.js';
import { writeSyntheticData } from '../../src/synth/write.js';
import { customerSchema } from './_schemas.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-det-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('synth determinism', () => {
  it('BR-24: two runs at different wall clocks give identical output, dates included', () => {
    // The case from the report: person names, a past date and a birthdate, seed 200.
    const schema = {
      fields: { name: { type: 'fullName' }, signup: { type: 'date' }, birth: { type: 'birthdate' } },
    } as const;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-01-01T00:00:00.000Z'));
    const first = JSON.stringify(generateSyntheticData(schema, { count: 3, seed: 200 }));
    vi.setSystemTime(new Date('2024-01-02T13:37:05.123Z'));
    const second = JSON.stringify(generateSyntheticData(schema, { count: 3, seed: 200 }));
    expect(second).toBe(first);

    vi.setSystemTime(new Date('2031-06-30T23:59:59.999Z'));
    expect(JSON.stringify(generateSyntheticData(customerSchema, { count: 50, seed: 200 }))).toBe(
      (vi.setSystemTime(new Date('2019-02-03T04:05:06.007Z')),
      JSON.stringify(generateSyntheticData(customerSchema, { count: 50, seed: 200 }))),
    );
  });

  it('a different seed changes the output; string and numeric seeds both work', () => {
    const a = generateSyntheticData(customerSchema, { count: 20, seed: 1 });
    const b = generateSyntheticData(customerSchema, { count: 20, seed: 2 });
    const c = generateSyntheticData(customerSchema, { count: 20, seed: 'release-2024' });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(JSON.stringify(generateSyntheticData(customerSchema, { count: 20, seed: 'release-2024' }))).toBe(
      JSON.stringify(c),
    );
    // Seeds above 2^32 are not truncated onto smaller ones.
    const high = generateSyntheticData(customerSchema, { count: 5, seed: 2 ** 32 + 1 });
    expect(JSON.stringify(high)).not.toBe(JSON.stringify(generateSyntheticData(customerSchema, { count: 5, seed: 1 })));
  });

  it('record i does not depend on how many records are asked for (no unique fields)', () => {
    const schema = { fields: { name: { type: 'fullName' }, n: { type: 'integer', min: 0, max: 9 } } } as const;
    const ten = generateSyntheticData(schema, { count: 10, seed: 5 });
    const hundred = generateSyntheticData(schema, { count: 100, seed: 5 });
    expect(hundred.slice(0, 10)).toEqual(ten);
  });

  it('writes identical bytes with 0 (inline), 1, 2 and 3 worker threads, equal to the in-memory API', async () => {
    const dir = tempDir();
    const count = 3_000;
    const expected =
      generateSyntheticData(customerSchema, { count, seed: 77 })
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    for (const threads of [0, 1, 2, 3]) {
      const output = path.join(dir, `out-${threads}.ndjson`);
      // An odd batch size so that batches end mid-way through every pattern.
      const summary = await writeSyntheticData(customerSchema, { count, seed: 77, output, threads, batchRecords: 997 });
      expect(summary.records).toBe(count);
      expect(summary.info).toMatchObject({ seed: 77, refDate: '2024-01-01T00:00:00.000Z', fakerVersion: FAKER_VERSION });
      expect(readFileSync(output, 'utf8'), `threads=${threads}`).toBe(expected);
    }
  });
});
