/**
 * Where a bad input is named: record numbers are 0-based indices (as in reject files, and as
 * documented: "line 1500 (..., record 1499)"), the same whichever JSON parser reads a file
 * (stream-json's said record 0 where Veil's framer said record 1), and a CSV header error names
 * the header line instead of "record -1". Messages never carry the input's values.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { RecordError } from '../../src/errors/record-error.js';
import { tempDir } from '../helpers/temp.js';

async function failure(
  text: string,
  format: 'json' | 'csv' | 'ndjson',
  parser: JsonParser = 'veil',
): Promise<RecordError> {
  const dir = tempDir();
  const input = path.join(dir, `in.${format}`);
  writeFileSync(input, text);
  const error = await pipeline({ name: 'loc', input: { format, parser }, stages: [] })
    .run({ input, output: path.join(dir, 'out.ndjson'), threads: 0 })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(RecordError);
  return error as RecordError;
}

describe('error locations', () => {
  const documents: Array<[string, string, number]> = [
    ['an array closed by }', '[{"a":1},{"b":2}}', 1],
    ['an object closed by ]', '[{"a":1},{"b":2]', 1],
    ['a trailing comma', '[{"a":1},{"b":2},]', 2],
    ['a truncated array', '[{"a":1},\n{"b":2}', 1],
    ['a records wrapper closed by }', '{"records": [{"a":1},\n{"b":2},\n{"c":3}}', 2],
    ['a break in the first record', '[{"a":1]', 0],
  ];
  for (const [name, text, index] of documents) {
    it(`JSON, ${name}: both parsers name record ${index}`, async () => {
      const framer = await failure(text, 'json', 'veil');
      const streamJson = await failure(text, 'json', 'stream-json');
      expect(framer.index).toBe(index);
      expect(streamJson.index).toBe(index);
      expect(streamJson.line).toBe(framer.line);
      expect(streamJson.offset).toBe(framer.offset);
      expect(streamJson.message).toContain(`, record ${index}): malformed JSON at line`);
    });
  }

  it('NDJSON: line N is record N - 1', async () => {
    const error = await failure('{"a":1}\n{"a":2}\n{"a":\n', 'ndjson');
    expect(error.message).toMatch(/in\.ndjson: line 3 \(byte offset 16, record 2\): malformed/);
  });

  it('a CSV header error names the header line, with no record number and no value', async () => {
    for (const [header, reason] of [
      ['secret,secret', 'column 2 repeats a name'],
      ['secret,,x', 'column 2 has no name'],
      ['"secret,x', 'unterminated quoted field 1'],
    ]) {
      const error = await failure(`${header}\r1,2\r`, 'csv');
      expect(error.message).toMatch(new RegExp(`in\\.csv: line 1 \\(the CSV header\\): ${reason}$`));
      expect(error.message).not.toMatch(/record|secret/);
      expect(error.reason).toBe(reason);
    }
  });
});
