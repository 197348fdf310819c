/**
 * A wrapper object with two `records` keys: Veil's framer read the first array and dropped the
 * second without a word, stream-json read both, and JSON.parse keeps only the last. No reading is
 * safe, so the run fails with both parsers, naming the position, and writes no output. Since
 * round 12 stream-json names the second key's line and column as the default parser does (it
 * said "within the first N bytes": its Verifier accepts the document).
 */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { RecordError } from '../../src/errors/record-error.js';
import { tempDir } from '../helpers/temp.js';

const TWICE = /'records' more than once/;
// stream-json refuses `"records": 5` as a non-array before it reaches the second key.
const documents: Array<[string, string, RegExp]> = [
  ['two record arrays', '{"records":[{"id":"first"}],\n"records":[{"id":"second-secret"}]}', TWICE],
  ['a record array, then a number', '{"records":[{"id":"first"}],"records":5}', TWICE],
  ['a number, then a record array', '{"records":5,"records":[{"id":"second-secret"}]}', /records' more than once|should be an array/],
  // The same key written with a JSON escape is the same key to JSON.parse.
  ['an escaped key second', '{"records":[{"id":"first"}],"rec\\u006frds":[{"id":"second-secret"}]}', TWICE],
  ['an escaped key first', '{"rec\\u006frds":[{"id":"first-secret"}],"records":[{"id":"second"}]}', TWICE],
];

describe('JSON input: a wrapper object with two records keys', () => {
  for (const parser of ['veil', 'stream-json'] as JsonParser[]) {
    for (const [name, text, reason] of documents) {
      it(`${parser}, ${name}: fails the run and writes nothing`, async () => {
        const dir = tempDir();
        const input = path.join(dir, 'in.json');
        const output = path.join(dir, 'out.ndjson');
        writeFileSync(input, text);
        const run = pipeline({ name: 'dup', input: { format: 'json', parser }, on_error: 'reject', stages: [] }).run({
          input,
          output,
          threads: 0,
        });
        const error = await run.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RecordError);
        expect((error as Error).message).toMatch(parser === 'veil' ? TWICE : reason);
        expect((error as Error).message).not.toContain('secret');
        expect(existsSync(output)).toBe(false);
      });
    }
  }
});

describe('JSON input: the second records key is located by both parsers alike', () => {
  const located = [documents[0], documents[1], documents[3], documents[4]] as Array<
    [string, string, RegExp]
  >;
  const atSecondKey = /line 500\d, column \d+ \(byte offset \d+\): the key 'records' more than/;

  for (const [name, text] of located) {
    it(`${name}: stream-json names the default parser's line and column`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.json');
      const output = path.join(dir, 'out.ndjson');
      // 5,000 records before the second key, so that it lies past stream-json's first chunk.
      const before = '{"id":"first"},\n'.repeat(5000);
      writeFileSync(input, text.replace('[{"id":"first', `[\n${before}{"id":"first`));
      const failure = (parser: JsonParser, source: 'file' | 'stream'): Promise<string> =>
        pipeline({ name: 'dup', input: { format: 'json', parser }, stages: [] })
          .run({ input: source === 'file' ? input : createReadStream(input), output, threads: 1 })
          .then(
            () => 'no error',
            (e: Error) => e.message,
          );

      const expected = await failure('veil', 'file');
      expect(expected).toMatch(atSecondKey);
      expect(await failure('stream-json', 'file')).toBe(expected);
      expect(await failure('stream-json', 'stream')).toBe(expected.replace(input, 'input stream'));
      expect(expected).not.toContain('secret');
      expect(existsSync(output)).toBe(false);
    });
  }
});
