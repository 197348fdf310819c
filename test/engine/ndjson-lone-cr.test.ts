/**
 * NDJSON records end at `\n`. A file written with lone `\r` line ends reads as one long line that
 * JSON.parse refuses; the reject reason now says so (round 12), never quoting the line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
