/**
 * stream-json input: an error inside a record is named as the default parser names its reject
 * (the record's line, offset and index; the column in characters from the record's start), from
 * a file and from the same bytes on a stream alike. The index used to be stream-json's count of
 * assembled elements, which depended on where its chunks ended: "record 1" from the file,
 * "record 0" from a stream, "record 2" from 1-byte chunks; and the column was counted in bytes
 * from the line's start.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const spec = (parser: JsonParser) => ({
  name: 'record',
  input: { format: 'json' as const, parser },
  on_error: 'reject' as const,
  stages: [],
});

/** The run's error message over `input` (a file path or a stream), on a worker thread. */
async function failure(input: string | Readable, dir: string): Promise<string> {
  const output = path.join(dir, 'out.ndjson');
  return pipeline(spec('stream-json'))
    .run({ input, output, threads: 1 })
    .then(
      () => 'no error',
      (e: Error) => e.message,
    );
}

/** The default parser's reject entry for the same file. */
async function reject(input: string, dir: string): Promise<Record<string, unknown>> {
  const output = path.join(dir, 'out.ndjson');
  const rejectFile = path.join(dir, 'rejects.ndjson');
  await pipeline(spec('veil')).run({ input, output, rejectFile, threads: 1 });
  return JSON.parse(readFileSync(rejectFile, 'utf8').trim()) as Record<string, unknown>;
}

function byteChunks(text: string): Readable {
  const bytes = Buffer.from(text);
  return Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    })(),
  );
}

describe('stream-json: an error inside a record', () => {
  for (const [name, text, index, column] of [
    ['two records without a comma', '[{"a":1},{"secret":2} {"c":3}]', 1, 14],
    ['a key without its colon, after multi-byte text', '[{"a":"é"},\n  {"b":"é😀", "x" 2}]', 1, 17],
    ['a wrapper object', '{"meta":{"k":[1]},"records":[{"a":1},\n{"b":2},{"c":3}{"d":4}]}', 2, 8],
  ] as const) {
    it(`${name}: record ${index}, column ${column}, from a file and from streams alike`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.json');
      writeFileSync(input, text);

      const fromFile = await failure(input, dir);
      const expected = await reject(input, dir);
      expect(expected.index).toBe(index);
      expect(expected.reason).toBe(`malformed JSON at column ${column}`);
      expect(fromFile).toMatch(
        new RegExp(
          `^${input}: line ${expected.line} \\(byte offset ${expected.offset}, record ${index}\\): ` +
            `malformed JSON at column ${column} \\(line \\d+, byte offset \\d+\\): expected `,
        ),
      );
      const asStream = fromFile.replace(input, 'input stream');
      expect(await failure(createReadStream(input), dir)).toBe(asStream);
      expect(await failure(byteChunks(text), dir)).toBe(asStream);
      expect(fromFile).not.toContain('secret');
    });
  }

  it("the error's line counts LF line ends only, as the default parser does", async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    // The Verifier ends a line at the lone CR too: it said line 2.
    writeFileSync(input, '[{"a":1},\r{"b":2 "c":3}]');
    expect(await failure(input, dir)).toBe(
      `${input}: line 1 (byte offset 10, record 1): malformed JSON at column 8 ` +
        `(line 1, byte offset 17): expected ','`,
    );
  });

  it('far into a large stream: the bytes kept for it are enough, and the index is exact', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    const records = Array.from({ length: 40_000 }, (_, i) => `{"n":${i},"t":"é${'x'.repeat(80)}"}`);
    records[39_000] = '{"n":39000 "t":"x"}';
    const text = `[\n${records.join(',\n')}\n]\n`;
    writeFileSync(input, text);
    const offset = Buffer.from(text).indexOf(records[39_000]!);

    const fromFile = await failure(input, dir);
    expect(fromFile).toContain(`: line 39002 (byte offset ${offset}, record 39000): malformed JSON at column 12 `);
    expect(await failure(createReadStream(input, { highWaterMark: 4096 }), dir)).toBe(
      fromFile.replace(input, 'input stream'),
    );
  });

  it('the CLI: a file and the same bytes on stdin give the same message', () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    const text = '[{"a":1},{"secret":2} {"c":3}]';
    writeFileSync(input, text);
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, 'name: p\ninput: { format: json, parser: stream-json }\nstages: []\n');
    const output = path.join(dir, 'out.ndjson');
    const fromFile = veil(['run', file, '-i', input, '-o', output, '-t', '2', '-q']);
    const fromStdin = veil(['run', file, '-i', '-', '-o', output, '-t', '2', '-q'], { input: text });
    expectCode(fromFile, 1);
    expectCode(fromStdin, 1);
    expect(fromFile.stderr).toContain('(byte offset 9, record 1): malformed JSON at column 14 ');
    expect(fromStdin.stderr.replace('stdin', input)).toBe(fromFile.stderr);
  });
});
