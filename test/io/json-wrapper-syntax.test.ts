/**
 * The wrapper object of a `{"records": [...]}` document is JSON too: Veil's framer only looked for
 * brackets and the `records` key around the record array, so a bare word, a missing ':' or ','
 * or a trailing ',' beside it went through and the records were written as if the document were
 * valid (stream-json refused the same files). Both parsers now fail such a run, write nothing,
 * and never quote the input.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { RecordError } from '../../src/errors/record-error.js';
import { readBatches } from '../../src/io/reader.js';
import { tempDir } from '../helpers/temp.js';

async function runOver(text: string, parser: JsonParser) {
  const dir = tempDir();
  const input = path.join(dir, 'in.json');
  const output = path.join(dir, 'out.ndjson');
  writeFileSync(input, text);
  const outcome = await pipeline({ name: 'wrap', input: { format: 'json', parser }, on_error: 'reject', stages: [] })
    .run({ input, output, threads: 0 })
    .then(
      (summary) => ({ summary, error: undefined }),
      (error: unknown) => ({ summary: undefined, error }),
    );
  return { ...outcome, written: existsSync(output) };
}

const malformed: Array<[string, string]> = [
  ['a bare word before the records', '{"meta": secretword, "records": [{"a": 1}]}'],
  ['a missing colon before the records', '{"meta" "secretword", "records": [{"a": 1}]}'],
  ['a bare word after the records', '{"records": [{"a": 1}],\n "trailer": secretword}'],
  ['a missing comma after the records', '{"records": [{"a": 1}] "secretword": 1}'],
  ['a trailing comma after the records', '{"records": [{"a": 1}],}'],
];

describe('JSON input: the wrapper object around the records', () => {
  for (const parser of ['veil', 'stream-json'] as JsonParser[]) {
    for (const [name, text] of malformed) {
      it(`${parser}, ${name}: the run fails and writes nothing`, async () => {
        const { error, written } = await runOver(text, parser);
        expect(error).toBeInstanceOf(RecordError);
        expect((error as Error).message).not.toContain('secretword');
        expect(written).toBe(false);
      });
    }
  }

  it('names the line, column and byte offset of the fault after the records', async () => {
    const { error } = await runOver('{"records": [{"a": 1}]\n "x": 1}', 'veil');
    expect((error as RecordError).message).toContain(
      "line 2, column 2 (byte offset 24): in the wrapper object after the 'records' array",
    );
  });

  it('finds the same fault after the records at every split position and batch size', async () => {
    const text = '{"m": "é", "records": [{"a": "é"},\n {"b": 2}],\n "x": 1 "y": 2}';
    const bytes = Buffer.from(text, 'utf8');
    const messageFor = async (cut: number, batchBytes: number): Promise<string> => {
      async function* chunks(): AsyncGenerator<Uint8Array> {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      }
      try {
        for await (const _ of readBatches(chunks(), {
          format: 'json',
          quote: '"',
          batchBytes,
          maxRecordBytes: 1 << 20,
          header: false,
          fragment: false,
        }));
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const expected = await messageFor(bytes.length, 1 << 20);
    expect(expected).toContain("line 3, column 9 (byte offset 57): in the wrapper object after the 'records' array");
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await messageFor(cut, 1 << 20), `cut at ${cut}`).toBe(expected);
      expect(await messageFor(cut, 1), `cut at ${cut}, 1-byte batches`).toBe(expected);
    }
  });

  it('keeps reading a valid wrapper with metadata on both sides', async () => {
    const meta = JSON.stringify({ note: 'x'.repeat(3000), nested: [1, { y: null }], n: -1.5e3 });
    const records = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: i, text: 'é'.repeat(i % 7) }));
    const text = `{"head": ${meta},\n"records": [\n${records.join(',\n')}\n],\n"tail": ${meta}}\n`;
    for (const parser of ['veil', 'stream-json'] as JsonParser[]) {
      const { summary, error } = await runOver(text, parser);
      expect(error).toBeUndefined();
      expect(summary?.recordsOut).toBe(2000);
    }
  });
});
