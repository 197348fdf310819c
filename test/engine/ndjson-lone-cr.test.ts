/**
 * NDJSON records end at `\n`. A file written with lone `\r` line ends reads as one long line that
 * JSON.parse refuses; the reject reason now says so (round 12), never quoting the line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('NDJSON: a line holding a lone carriage return', () => {
  it('is rejected with a reason naming the carriage return; the next line is kept', () => {
    const dir = tempDir();
    const pipelineFile = path.join(dir, 'p.yaml');
    writeFileSync(pipelineFile, 'name: p\ninput: { format: ndjson }\non_error: reject\nstages:\n  - type: anonymize\n');
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":"bob@example.com"}\r{"a":"x"}\n{"a":"mail carol@example.com"}\r\n');
    const output = path.join(dir, 'out.ndjson');
    const rejects = path.join(dir, 'rejects.ndjson');
    expectCode(veil(['run', pipelineFile, '-i', input, '-o', output, '--reject-file', rejects, '-t', '0', '-q']), 0);
    expect(readFileSync(output, 'utf8')).toBe('{"a":"mail [REDACTED EMAIL]"}\n');
    const reject = JSON.parse(readFileSync(rejects, 'utf8').trim()) as { line: number; reason: string };
    expect(reject.line).toBe(1);
    expect(reject.reason).toMatch(/^malformed JSON at column \d+ \(the line holds a carriage return before its end/);
    expect(reject.reason).not.toContain('bob');
  });
});
