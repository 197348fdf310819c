/**
 * JSON input through stream-json (`input: { parser: stream-json }`): the same output bytes as
 * Veil's framer for arrays and `{ "records": [...] }` documents at 0 and 2 threads, a parse error
 * naming the file and position (and no output file) for BR-18's malformed documents, and the
 * option refused with its YAML position when the value is unknown.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import { RecordError } from '../../src/errors/record-error.js';
import { parsePipelineYaml } from '../../src/engine/loader.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { sampleRecords, toJsonArray } from '../helpers/records.js';

async function convert(
  text: string,
  parser: JsonParser,
  threads: number,
  output: 'json' | 'ndjson' = 'json',
): Promise<string> {
  const dir = tempDir();
  const input = path.join(dir, 'in.json');
  const out = path.join(dir, `out.${output}`);
  writeFileSync(input, text);
  await pipeline({
    name: 'sj',
    input: { format: 'json', parser },
    output: { format: output },
    batch_size: '2KiB',
    stages: [],
  }).run({ input, output: out, threads });
  return readFileSync(out, 'utf8');
}

describe('json input: stream-json parser', () => {
  const records = sampleRecords(400);
  const array = toJsonArray(records);
  const wrapped = `{"version": 3, "records": ${JSON.stringify(records, null, 2)}, "next": null}`;

  for (const threads of [0, 2]) {
    it(`an array gives the framer's output bytes (${threads} threads)`, async () => {
      const expected = await convert(array, 'veil', threads);
      expect(JSON.parse(expected)).toHaveLength(400);
      expect(await convert(array, 'stream-json', threads)).toBe(expected);
    });

    it(`a records wrapper gives the framer's output bytes (${threads} threads)`, async () => {
      const expected = await convert(wrapped, 'veil', threads, 'ndjson');
      expect(expected.trim().split('\n')).toHaveLength(400);
      expect(await convert(wrapped, 'stream-json', threads, 'ndjson')).toBe(expected);
    });
  }

  it('strings with escapes and multibyte characters, nested values, an empty array', async () => {
    const text = '[{"s":"a\\"b\\u00e9\\n","t":"Zoë 日本","n":[1,-2.5e3,null,true],"o":{"x":{}}}]';
    expect(await convert(text, 'stream-json', 0)).toBe(await convert(text, 'veil', 0));
    expect(await convert(' [ ] ', 'stream-json', 0)).toBe('[]\n');
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['BR-18 object closed by ]', '{"x":1]', /line 1, column 7 \(byte offset 6\): expected '}'/],
    [
      'BR-18 array closed by }',
      '[{"a":1},{"b":2}}',
      /line 1, column 17 \(byte offset 16\): expected ']'/,
    ],
    ['a wrapper without records', '{"rows": [{"a": 1}]}', /expected a JSON array or an object/],
    ['a scalar document', '42', /expected a JSON array/],
    ['a truncated array', '[{"a":1},', /line 1, column 10 \(byte offset 9\): expected a value/],
  ];
  for (const [name, text, where] of malformed) {
    it(`fails on ${name}: parse error with the file, no output file`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'bad.json');
      const output = path.join(dir, 'out.json');
      writeFileSync(input, text);
      const run = pipeline({
        name: 'bad',
        input: { format: 'json', parser: 'stream-json' },
        on_error: 'reject',
        stages: [],
      }).run({ input, output, threads: 0 });
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RecordError);
      const message = (error as Error).message;
      expect(message).toContain(input);
      expect(message).toMatch(where);
      // Never the values of the document.
      expect(message).not.toMatch(/"a"|"x"|"b"|rows|42/);
      expect(existsSync(output)).toBe(false);
    });
  }

  it('a stream cannot be re-read: its error is located as the bytes pass', async () => {
    const dir = tempDir();
    const output = path.join(dir, 'out.json');
    const run = pipeline({
      name: 'bad',
      input: { format: 'json', parser: 'stream-json' },
      stages: [],
    }).run({
      input: Readable.from([Buffer.from('[{"a":1},'), Buffer.from('{"b":2}}')]),
      output,
      threads: 0,
    });
    await expect(run).rejects.toThrow(
      "input stream: line 1 (byte offset 16, record 1): malformed JSON at line 1, column 17 " +
        "(byte offset 16): expected ']'",
    );
    expect(existsSync(output)).toBe(false);
  });

  it('an unknown parser is refused at its position in the pipeline file', () => {
    const yaml = 'name: p\ninput:\n  format: json\n  parser: oboe\nstages: []\n';
    let message = '';
    try {
      parsePipelineYaml(yaml, 'pipelines/p.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(PipelineError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^pipelines\/p\.yaml:4:11: input\.parser: .*veil.*stream-json/);
  });
});

describe('json input: stream-json parser on stdin', () => {
  it('names the 1-based line and the record of a structural error, as for a file', () => {
    const dir = tempDir();
    const yaml = 'name: aj2\ninput:\n  format: json\n  parser: stream-json\nstages: []\n';
    writeFileSync(path.join(dir, 'aj2.yaml'), yaml);
    const text = '[{"x":1},\n{"y":2},\n{"z":3]';
    const result = veil(['run', 'aj2.yaml', '-i', '-', '-o', '-'], { cwd: dir, input: text });
    expectCode(result, 1);
    expect(result.stderr).toBe(
      "veil: stdin: line 3 (byte offset 25, record 2): malformed JSON at line 3, column 7 " +
        "(byte offset 25): expected '}'\n",
    );
  });
});
