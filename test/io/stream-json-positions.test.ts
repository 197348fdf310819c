/**
 * stream-json input: every record's line and byte offset are those of the input, as Veil's
 * framer gives them, at every chunk boundary (stream-json reports no positions; the records were
 * said to be at line 0). Rejected records and an over-long record name them too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { readBatches } from '../../src/io/reader.js';
import type { FramerOrigin } from '../../src/io/framer.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { tempDir } from '../helpers/temp.js';

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(from, cut);
    from = cut;
  }
}

/** `index:line:offset` of every record, as the reader gives them. */
async function positions(
  text: string,
  parser: JsonParser,
  cuts: number[],
  range?: { origin: FramerOrigin },
): Promise<string[]> {
  const out: string[] = [];
  const items = readBatches(chunksOf(Buffer.from(text, 'utf8'), cuts), {
    format: 'json',
    quote: '"',
    batchBytes: 24,
    maxRecordBytes: 1 << 20,
    header: false,
    fragment: range !== undefined,
    jsonParser: parser,
    ...(range === undefined ? {} : { origin: range.origin }),
  });
  for await (const item of items) {
    if (item.kind !== 'batch') continue;
    const spans = item.spans ?? new Uint32Array(0);
    for (let r = 0; r < item.records; r++) {
      const line = item.locations?.[r * 2] ?? item.firstLine + (spans[r * 3 + 2] as number);
      const offset = item.locations?.[r * 2 + 1] ?? item.byteOffset + (spans[r * 3] as number);
      out.push(`${item.firstIndex + r}:${line}:${offset}`);
    }
  }
  return out;
}

const documents: Array<[string, string]> = [
  ['one record per line', '[\n{"a":1},\n{"b":"x\\ny"},\n{"c":[1,2]}\n]\n'],
  ['records spread over lines, CRLF', '[\r\n  {"a":\r\n 1},\r\n\r\n  {"b":2}, {"c":3}\r\n]'],
  ['scalars and nested arrays', '[1,\n"two",\n[3,[4]],\nnull,\n{"é":"日本"}]'],
  ['a byte order mark', '\ufeff[\n{"a":1},\n{"b":2}]'],
  ['a records wrapper', '{"v":1,\n "records": [\n  {"a":1},\n  {"b":2}\n ],\n "next": null}'],
];

describe('json input: stream-json records carry their input positions', () => {
  for (const [name, text] of documents) {
    it(`${name}: the framer's lines and offsets at every chunk boundary`, async () => {
      const expected = await positions(text, 'veil', []);
      expect(expected.length).toBeGreaterThan(1);
      expect(expected.every((p) => !p.includes(':0:'))).toBe(true);
      const length = Buffer.byteLength(text, 'utf8');
      for (let cut = 1; cut < length; cut++) {
        expect(await positions(text, 'stream-json', [cut]), `cut at ${cut}`).toEqual(expected);
      }
      expect(await positions(text, 'stream-json', Array.from({ length: length - 1 }, (_, i) => i + 1))).toEqual(expected);
    });
  }

  it('a range of a distributed run: positions continue from its origin', async () => {
    const range = '{"a":1},\n{"b":\n2},\n{"c":3}';
    const origin = { offset: 1000, line: 40, index: 7 };
    const expected = ['7:40:1000', '8:41:1009', '9:43:1019'];
    expect(await positions(range, 'veil', [], { origin })).toEqual(expected);
    for (const cut of [1, 8, 9, 12, 20]) {
      expect(await positions(range, 'stream-json', [cut], { origin })).toEqual(expected);
    }
  });
});

describe('json input: stream-json rejects name the record line', () => {
  const deep = `${'['.repeat(1001)}${']'.repeat(1001)}`;
  const text = `[\n{"id":1},\n{"id":2,\n "d":${deep}},\n{"id":3}\n]\n`;

  for (const threads of [0, 2]) {
    it(`a record nested too deeply is rejected at line 3, offset 12 (${threads} threads)`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.json');
      writeFileSync(input, text);
      const rejects = path.join(dir, 'rejects.ndjson');
      const outputs: string[] = [];
      for (const parser of ['veil', 'stream-json'] as const) {
        await pipeline({
          name: 'deep',
          input: { format: 'json', parser },
          on_error: 'reject',
          reject_file: rejects,
          stages: [],
        }).run({ input, output: path.join(dir, `out-${parser}.ndjson`), threads });
        outputs.push(readFileSync(rejects, 'utf8'));
      }
      expect(outputs[1]).toBe(outputs[0]);
      expect(JSON.parse(outputs[1] as string)).toEqual({
        line: 3,
        offset: 12,
        index: 1,
        reason: 'record nested too deeply (more than 1000 levels)',
      });
    });
  }

  it('an over-long record fails the run naming its line, offset and index', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    writeFileSync(input, `[\n{"id":1},\n{"id":2,\n "n":"b"},\n{"id":3,"n":"${'x'.repeat(2000)}"}\n]\n`);
    const run = pipeline({
      name: 'long',
      input: { format: 'json', parser: 'stream-json' },
      max_line_bytes: '1KiB',
      stages: [],
    }).run({ input, output: path.join(dir, 'out.json'), threads: 0 });
    await expect(run).rejects.toThrow(
      `${input}: line 5 (byte offset 32, record 2): record is longer than max_line_bytes (1024 bytes)`,
    );
  });
});
