/**
 * CLI: a run whose files overlap is refused before it reads anything (BR-32: `--reject-file`
 * equal to `--output` exited 0 and the rejects were lost). Input, output and reject file are
 * compared as real paths, so `./x`, `dir/../x` and a symbolic link to `x` are `x`; each refusal
 * is a usage error (exit 2) that names the roles, and no file is written or replaced.
 */
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { RunError } from '../../src/errors/run-error.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const records = '{"a":1}\n{"a":\n{"a":2}\n';
const rejecting = 'name: an\ninput:\n  format: ndjson\non_error: reject\nstages: []\n';

function setUp() {
  const dir = tempDir();
  const p = path.join(dir, 'an.yaml');
  writeFileSync(p, rejecting);
  const input = path.join(dir, 'c.ndjson');
  writeFileSync(input, records);
  const output = path.join(dir, 'o5.ndjson');
  writeFileSync(output, 'kept from an earlier run\n');
  symlinkSync(input, path.join(dir, 'link-to-input.ndjson'));
  symlinkSync(output, path.join(dir, 'link-to-output.ndjson'));
  return { dir, p, input, output };
}

describe('veil run: overlapping input, output and reject file', () => {
  it('refuses a reject file that is the output, however it is spelled', () => {
    const { dir, p, input, output } = setUp();
    const spellings = [
      output,
      path.join(dir, 'o5.ndjson'),
      './o5.ndjson',
      'missing/../o5.ndjson',
      'link-to-output.ndjson',
    ];
    for (const rejectFile of spellings) {
      const result = veil(['run', p, '-i', input, '-o', 'o5.ndjson', '--reject-file', rejectFile], {
        cwd: dir,
      });
      expectCode(result, 2);
      expect(result.stderr).toBe(
        'veil: the reject file is the output file: one would overwrite the other; ' +
          'choose another reject file\n',
      );
    }
    expect(readFileSync(output, 'utf8')).toBe('kept from an earlier run\n');
    expect(readdirSync(dir).sort()).toEqual([
      'an.yaml',
      'c.ndjson',
      'link-to-input.ndjson',
      'link-to-output.ndjson',
      'o5.ndjson',
    ]);
  });

  it('refuses an output or reject file that is the input through a symbolic link', () => {
    const { dir, p, input } = setUp();
    const cases: Array<[string[], string]> = [
      [['-o', 'link-to-input.ndjson'], 'the output would overwrite the input'],
      [['-o', './c.ndjson'], 'the output would overwrite the input'],
      [['-o', 'x.ndjson', '--reject-file', 'link-to-input.ndjson'], 'the reject file would'],
    ];
    for (const [flags, message] of cases) {
      const result = veil(['run', p, '-i', 'c.ndjson', ...flags], { cwd: dir });
      expectCode(result, 2);
      expect(result.stderr).toContain(message);
    }
    // Reading through the link while writing the real file would replace the input too.
    const linked = veil(['run', p, '-i', 'link-to-input.ndjson', '-o', 'c.ndjson'], { cwd: dir });
    expectCode(linked, 2);
    expect(readFileSync(input, 'utf8')).toBe(records);
  });

  it('from stdin, still refuses a reject file that is the output', () => {
    const { dir, p, output } = setUp();
    const result = veil(['run', p, '-i', '-', '-o', output, '--reject-file', output], {
      input: records,
    });
    expectCode(result, 2);
    expect(readFileSync(output, 'utf8')).toBe('kept from an earlier run\n');
    expect(readdirSync(dir)).not.toContain('o5.ndjson.rejects.ndjson');
  });

  it('distinct files still run: the rejects reach their own file', () => {
    const { dir, p, input, output } = setUp();
    const rejects = path.join(dir, 'r.ndjson');
    expectCode(veil(['run', p, '-i', input, '-o', output, '--reject-file', rejects]), 0);
    expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(readFileSync(rejects, 'utf8')).toMatch(/^\{"line":2,"offset":8,"index":1,/);
  });

  it("the API refuses a pipeline's reject_file that names the output, with a stable code", async () => {
    const { dir, input, output } = setUp();
    const run = pipeline({
      name: 'an',
      input: { format: 'ndjson' },
      on_error: 'reject',
      reject_file: output,
      stages: [],
    }).run({ input, output, threads: 0 });
    await expect(run).rejects.toBeInstanceOf(RunError);
    await expect(run).rejects.toMatchObject({ code: 'VEIL_PATH_CONFLICT' });
    expect(readFileSync(output, 'utf8')).toBe('kept from an earlier run\n');
    expect(readdirSync(dir)).toHaveLength(5);
  });
});
