/**
 * NDJSON line ends. A file written with lone `\r` line ends (classic Mac OS) used to read as one
 * long line, rejected whole: every record lost. Its records are now read, from a file, from
 * stdin and from a range of the file alike, with the lines of their rejects. A stray CR in an LF
 * file keeps the LF reading: its line is rejected with a reason naming the carriage return
 * (round 12), never quoting the line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { findRecordBoundaries } from '../../src/io/boundaries.js';
import { expectCode, rejectingAnonymizePipeline, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** Runs the input through a rejecting anonymize pipeline inline; the output and the rejects. */
function runRejecting(input: string): { output: string; rejects: string } {
  const dir = tempDir();
  const inputFile = path.join(dir, 'in.ndjson');
  writeFileSync(inputFile, input);
  const output = path.join(dir, 'out.ndjson');
  const rejects = path.join(dir, 'rejects.ndjson');
  const args = ['run', rejectingAnonymizePipeline(dir), '-i', inputFile, '-o', output, '--reject-file', rejects, '-t', '0', '-q'];
  expectCode(veil(args), 0);
  return { output: readFileSync(output, 'utf8'), rejects: readFileSync(rejects, 'utf8') };
}

describe('NDJSON: a line holding a lone carriage return', () => {
  it('is rejected with a reason naming the carriage return; the next line is kept', () => {
    const { output, rejects } = runRejecting('{"a":"bob@example.com"}\r{"a":"x"}\n{"a":"mail carol@example.com"}\r\n');
    expect(output).toBe('{"a":"mail [REDACTED EMAIL]"}\n');
    const reject = JSON.parse(rejects.trim()) as { line: number; reason: string };
    expect(reject.line).toBe(1);
    expect(reject.reason).toMatch(/^malformed JSON at column \d+ \(the line holds a carriage return before its end/);
    expect(reject.reason).not.toContain('bob');
  });

  it('gives no such hint for a raw carriage return inside a string (no line end there)', () => {
    const reject = JSON.parse(runRejecting('{"a":"x\ry"}\n').rejects.trim()) as { reason: string };
    expect(reject.reason).toMatch(/^malformed JSON at column \d+$/);
  });
});

describe('NDJSON: a file written with lone carriage return line ends', () => {
  const lines = [
    '{"a":"bob@example.com"}',
    '{"a":"x"',
    '',
    '{"a":"mail carol@example.com"}',
    '{"a":"last"}',
  ];
  const text = lines.join('\r');
  const expected = '{"a":"[REDACTED EMAIL]"}\n{"a":"mail [REDACTED EMAIL]"}\n{"a":"last"}\n';

  /** Runs the CLI on worker threads over `text`, from the file or from stdin. */
  function runCr(fromStdin: boolean): { output: string; rejects: Array<Record<string, unknown>> } {
    const dir = tempDir();
    const inputFile = path.join(dir, 'in.ndjson');
    writeFileSync(inputFile, text);
    const output = path.join(dir, 'out.ndjson');
    const rejects = path.join(dir, 'rejects.ndjson');
    const source = fromStdin ? ['-i', '-'] : ['-i', inputFile];
    const args = ['run', rejectingAnonymizePipeline(dir), ...source, '-o', output];
    const result = veil([...args, '--reject-file', rejects, '-t', '2', '-q'], fromStdin ? { input: text } : {});
    expectCode(result, 0);
    const entries = readFileSync(rejects, 'utf8').trim().split('\n');
    return { output: readFileSync(output, 'utf8'), rejects: entries.map((l) => JSON.parse(l)) };
  }

  it('reads every record; the reject names its line, byte offset and index (file and stdin)', () => {
    const fromFile = runCr(false);
    expect(fromFile.output).toBe(expected);
    expect(fromFile.rejects).toEqual([
      { line: 2, offset: lines[0]!.length + 1, index: 1, reason: 'malformed JSON at column 9' },
    ]);
    expect(runCr(true)).toEqual(fromFile);
  });

  it('a range of the file reads with the convention of the file', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    // The range from the third record on starts with an LF line, which alone would read as LF.
    const records = ['{"n":1}', '{"n":2}', '{"n":3}\n{"n":4}', '{"n":5}', '{"n":6}'];
    writeFileSync(input, records.join('\r') + '\r');
    const spec = { name: 'cr', input: { format: 'ndjson' as const }, stages: [] };
    const whole = path.join(dir, 'whole.ndjson');
    await pipeline(spec).run({ input, output: whole, threads: 1 });
    expect(readFileSync(whole, 'utf8')).toBe([1, 2, 3, 4, 5, 6].map((n) => `{"n":${n}}\n`).join(''));

    // Cut before the third record: the second range's first line end is the LF.
    const cut = records[0]!.length + records[1]!.length + 2;
    const size = Buffer.byteLength(readFileSync(input));
    const ranges = [
      { start: 0, end: cut, firstIndex: 0, firstLine: 1 },
      { start: cut, end: size, firstIndex: 2, firstLine: 3 },
    ];
    // The boundaries a distributed run finds agree with the whole-file reading.
    const found = await findRecordBoundaries(input, 'ndjson', 1);
    expect(found.reduce((sum, r) => sum + r.records, 0)).toBe(6);
    const parts: string[] = [];
    for (const [i, range] of ranges.entries()) {
      const output = path.join(dir, `part-${i}.ndjson`);
      await pipeline(spec).run({ input, output, threads: 1, inputRange: range });
      parts.push(readFileSync(output, 'utf8'));
    }
    expect(parts.join('')).toBe(readFileSync(whole, 'utf8'));
  });
});
