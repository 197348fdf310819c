/**
 * stream-json input: a structural error is named by byte offset, line and byte column as Veil's
 * framer counts them. stream-json's Verifier counts UTF-16 code units, so a file with multi-byte
 * characters before the error got an offset short by their extra bytes (from a file and from a
 * stream alike); and a range of a distributed run was only "within the first N bytes" (round 12
 * fixes both).
 */
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonParser } from '../../src/engine/spec.js';
import { findRecordBoundaries } from '../../src/io/boundaries.js';
import { tempDir } from '../helpers/temp.js';

const spec = (parser: JsonParser) => ({
  name: 'offsets',
  input: { format: 'json' as const, parser },
  stages: [],
});

async function failure(
  parser: JsonParser,
  input: string,
  output: string,
  inputRange?: { start: number; end: number; firstIndex: number; firstLine: number },
  asStream = false,
): Promise<string> {
  const source = asStream ? createReadStream(input) : input;
  const range = inputRange === undefined ? {} : { inputRange };
  const options = { input: source, output, threads: 1, ...range };
  return pipeline(spec(parser))
    .run(options)
    .then(
      () => 'no error',
      (e: Error) => e.message,
    );
}

describe('json input, stream-json parser: error positions in bytes', () => {
  it("multi-byte characters before the error: the default parser's position", async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    // é is 2 bytes and 1 code unit, 😀 4 bytes and 2 code units: 6 bytes more than code units.
    writeFileSync(input, '[{"ééé":"😀"},\n{"secret":1]');
    const output = path.join(dir, 'out.ndjson');

    const veil = await failure('veil', input, output);
    const streamJson = await failure('stream-json', input, output);

    const at = Buffer.from('[{"ééé":"😀"},\n{"secret":1]').indexOf(']', 20);
    expect(veil).toContain(`line 2, column 12 (byte offset ${at})`);
    expect(streamJson).toBe(
      `${input}: line 2 (byte offset ${at}, record 1): malformed JSON at line 2, column 12 ` +
        `(byte offset ${at}): expected '}'`,
    );
  });

  for (const [name, text] of [
    ['no byte order mark', ''],
    ['a byte order mark', '\ufeff'],
  ]) {
    it(`a stream (read once) with ${name}: the same position as the file`, async () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.json');
      writeFileSync(input, `${text}[{"ééé":"😀"},\n{"s":1},\n  {"secret":"é" ]`);
      const output = path.join(dir, 'out.ndjson');

      const fromFile = await failure('stream-json', input, output);
      const fromStream = await failure('stream-json', input, output, undefined, true);

      const at = Buffer.from(`${text}[{"ééé":"😀"},\n{"s":1},\n  {"secret":"é" ]`).lastIndexOf(']');
      expect(fromFile).toContain(`line 3, column 18 (byte offset ${at}): expected '}'`);
      expect(fromStream).toBe(fromFile.replace(input, 'input stream'));
      expect(fromStream).not.toContain('secret');
    });
  }

  it('a range of a distributed run: the same line, column and record as the file', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.json');
    const lines = Array.from({ length: 400 }, (_, i) => `{"n":"é${i}😀","v":${i}}`);
    // Veil's framer frames it (the error is inside an element); stream-json refuses `tru`.
    lines[300] = '{"n":"éé😀","v":tru}';
    const text = `[\n${lines.join(',\n')}\n]\n`;
    writeFileSync(input, text);
    const output = path.join(dir, 'out.ndjson');

    const whole = await failure('stream-json', input, output);
    const bad = Buffer.from(text).indexOf('tru}');
    // Named as the default parser's reject: the record's line and offset, the column counted in
    // characters from the record's start; then the error's own line and byte offset.
    const record = Buffer.from(text).indexOf(lines[300]!);
    const where = new RegExp(
      `line 302 \\(byte offset ${record}, record 300\\): malformed JSON at column (\\d+) ` +
        `\\(line 302, byte offset (\\d+)\\)`,
    );
    const [, column, offset] = where.exec(whole) ?? [];
    expect(Number(offset)).toBeGreaterThanOrEqual(bad);
    expect(Number(offset)).toBeLessThanOrEqual(bad + 3);
    expect(Number(column)).toBe('{"n":"éé😀","v":'.length + Number(offset) - bad + 1);

    const ranges = await findRecordBoundaries(input, 'json', 4096);
    const holding = ranges.find((r) => r.start <= bad && bad < r.end);
    expect(holding).toBeDefined();
    expect(holding?.start).toBeGreaterThan(0);
    const { start, end, firstIndex, firstLine } = holding!;
    const range = { start, end, firstIndex, firstLine };
    const inRange = await failure('stream-json', input, output, range);
    expect(inRange).toBe(whole);
    expect(inRange).not.toContain('within the first');
  });
});
