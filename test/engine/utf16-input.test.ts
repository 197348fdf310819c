/**
 * Engine: an NDJSON file saved as UTF-16 (Windows editors and PowerShell's `>` write it) is
 * rejected with a reason that says so. Before round 13 its first line was "invalid UTF-8" and
 * the others "malformed JSON", with no clue why; the reasons never quote the line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { PipelineSpec } from '../../src/engine/spec.js';
import { tempDir } from '../helpers/temp.js';

const spec: PipelineSpec = {
  name: 'utf16',
  input: { format: 'ndjson' },
  output: { format: 'ndjson' },
  on_error: 'reject',
  stages: [],
};

/** `text` as UTF-16 with a byte-order mark, little- or big-endian. */
function utf16(text: string, bigEndian: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (bigEndian) body.swap16();
  return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), body]);
}

describe('engine: UTF-16 input', () => {
  for (const bigEndian of [false, true]) {
    for (const threads of [0, 2]) {
      it(`names the byte-order mark and the NUL characters (${bigEndian ? 'BE' : 'LE'}, ${threads} threads)`, async () => {
        const dir = tempDir();
        const input = path.join(dir, 'in.ndjson');
        writeFileSync(input, utf16('{"a":"bob@example.com"}\n{"a":"carol@example.com"}\n', bigEndian));
        const rejectFile = path.join(dir, 'rejects.ndjson');
        const summary = await pipeline(spec).run({ input, output: path.join(dir, 'out.ndjson'), rejectFile, threads });
        expect(summary.recordsOut).toBe(0);
        const rejects = readFileSync(rejectFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { reason: string });
        expect(rejects[0]!.reason).toMatch(/^invalid UTF-8 \(the input starts with a UTF-16 byte-order mark: convert it to UTF-8 first/);
        for (const later of rejects.slice(1)) expect(later.reason).toMatch(/NUL characters: UTF-16 text\?/);
        expect(readFileSync(rejectFile, 'utf8')).not.toContain('example');
      });
    }
  }

  it('gives no hint for ordinary bad lines', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, Buffer.concat([Buffer.from('{"a":1}\n{"a":\n'), Buffer.from([0xc3, 0x28, 0x0a])]));
    const rejectFile = path.join(dir, 'rejects.ndjson');
    await pipeline(spec).run({ input, output: path.join(dir, 'out.ndjson'), rejectFile, threads: 0 });
    const reasons = readFileSync(rejectFile, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons).toEqual(['malformed JSON: unexpected end of record', 'invalid UTF-8']);
  });
});
