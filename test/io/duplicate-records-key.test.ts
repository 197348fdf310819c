/**
 * A wrapper object with two `records` keys: Veil's framer read the first array and dropped the
 * second without a word, stream-json read both, and JSON.parse keeps only the last. No reading is
 * safe, so the run fails with both parsers, naming the position, and writes no output.
 */
import { existsSync, writeFileSync } from 'node:fs';
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
