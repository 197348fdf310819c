/**
 * Integers beyond 2^53 pass through a pipeline with their input text: `JSON.parse` rounds
 * `9007199254740993` to `...992`, and the output used to write the rounded id. A number a stage
 * changed or removed is written as the stage left it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeIntegerTexts, stringifyKeepingNumbers } from '../../src/engine/number-text.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { PipelineSpec } from '../../src/engine/spec.js';
import { setTestKey } from '../helpers/records.js';
import { tempDir } from '../helpers/temp.js';

const lines = [
  '{"id":9007199254740993,"n":[1,-12345678901234567891,{"x":90071992547409931}],"s":"9007199254740993","f":1.5}',
  '{"id":5,"__proto__":{"k":18446744073709551615},"d":1,"d":18446744073709551617}',
  '{"id":18446744073709551615,"id":7,"t":"a\\"12345678901234567890"}',
  '{"id":9007199254740992,"m":-9007199254740993}',
];

async function run(spec: Omit<PipelineSpec, 'name'>, text: string, threads: number, ext = 'ndjson'): Promise<string> {
  const dir = tempDir();
  const input = path.join(dir, `in.${spec.input?.format ?? 'ndjson'}`);
  const output = path.join(dir, `out.${ext}`);
  writeFileSync(input, text);
  await pipeline({ name: 'big', ...spec } as PipelineSpec).run({ input, output, threads });
  return readFileSync(output, 'utf8');
}

describe('engine: integers beyond 2^53 keep their text', () => {
  for (const threads of [0, 2]) {
    it(`NDJSON passes through byte for byte (${threads} threads)`, async () => {
      const out = await run({ input: { format: 'ndjson' }, stages: [] }, `${lines.join('\n')}\n`, threads);
      expect(out).toBe(
        [
          lines[0],
          '{"id":5,"__proto__":{"k":18446744073709551615},"d":18446744073709551617}',
          '{"id":7,"t":"a\\"12345678901234567890"}',
          lines[3],
          '',
        ].join('\n'),
      );
    });

    it(`a JSON array to a JSON array and to CSV (${threads} threads)`, async () => {
      const text = '[{"id":12345678901234567890,"v":{"w":[98765432109876543210]}},\n{"id":1,"v":null}]';
      const json = await run({ input: { format: 'json' }, output: { format: 'json' }, stages: [] }, text, threads, 'json');
      expect(json).toBe('[\n{"id":12345678901234567890,"v":{"w":[98765432109876543210]}},\n{"id":1,"v":null}\n]\n');
      const csv = await run({ input: { format: 'json' }, output: { format: 'csv' }, stages: [] }, text, threads, 'csv');
      // A nested value is JSON text in a cell, with the same numbers.
      expect(csv.split('\n')[1]).toBe('12345678901234567890,"{""w"":[98765432109876543210]}"');
    });
  }

  it('a field a stage changed or dropped is written as the stage left it; the others keep their text', async () => {
    const key = setTestKey('VEIL_TEST_BIG_INTEGER', '0123456789abcdef0123456789abcdef');
    const text = '{"id":9007199254740993,"account":18446744073709551615,"other":18446744073709551617}\n';
    const out = await run(
      {
        input: { format: 'ndjson' },
        stages: [
          { type: 'drop', fields: ['other'] },
          { type: 'pseudonymize', key, fields: ['account'] },
        ],
      },
      text,
      0,
    );
    const [line] = out.split('\n');
    expect(line).toMatch(/^\{"id":9007199254740993,"account":"[^"]+"\}$/);
  });

  it('finds literals by their path, outside strings, the last of a repeated key', () => {
    expect(largeIntegerTexts('{"a":"-9007199254740993","b":[0,{"c":-9007199254740993}],"d":1e30}')).toEqual([
      { path: ['b', 1, 'c'], text: '-9007199254740993', value: -9007199254740992 },
    ]);
    expect(largeIntegerTexts('{"a":{"b":9007199254740993},"a":{"b":9007199254740992}}')).toEqual([]);
    expect(largeIntegerTexts('{"k\\"":[9007199254740995]}')).toEqual([
      { path: ['k"', 0], text: '9007199254740995', value: 9007199254740996 },
    ]);
    const record = { a: 9007199254740992, b: 'x' };
    expect(stringifyKeepingNumbers(record, [{ path: ['a'], text: '9007199254740993', value: 9007199254740992 }])).toBe(
      '{"a":9007199254740993,"b":"x"}',
    );
    expect(record.a).toBe(9007199254740992);
  });
});

describe('engine: large integers, hostile shapes', () => {
  it('stays linear in the number of literals (20,000 keys, 20,000 array elements)', () => {
    const n = 20_000;
    const keys = `{${Array.from({ length: n }, (_, i) => `"k${i}":1${String(i).padStart(19, '0')}`).join(',')}}`;
    const array = `{"a":[${Array.from({ length: n }, () => '90071992547409931').join(',')}]}`;
    const started = performance.now();
    for (const text of [keys, array]) {
      expect(stringifyKeepingNumbers(JSON.parse(text) as Record<string, never>, largeIntegerTexts(text))).toBe(text);
    }
    // Quadratic, this took about 40 s; linear, well under one.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('past a million path steps the record is written rounded, not held in memory', () => {
    const depth = 900;
    const text = `{"a":${'['.repeat(depth)}${Array.from({ length: 1200 }, () => '90071992547409931').join(',')}${']'.repeat(depth)}}`;
    expect(largeIntegerTexts(text)).toEqual([]);
    expect(largeIntegerTexts(`{"a":${'['.repeat(depth)}90071992547409931${']'.repeat(depth)}}`)).toHaveLength(1);
  });
});
