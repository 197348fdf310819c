/**
 * CLI and API: an output or reject file that exists but is not a regular file is refused before
 * the run. The sink renames a temporary file over its path, which replaced a symbolic link (its
 * target was left unchanged) and, as root, a device node such as /dev/stdout. Links, FIFOs and
 * directories made in a temporary directory stand in for devices here.
 */
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { RunError } from '../../src/errors/run-error.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const rejecting = 'name: p\ninput:\n  format: ndjson\non_error: reject\nstages: []\n';

function setUp() {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.yaml'), rejecting);
  writeFileSync(path.join(dir, 'in.ndjson'), '{"a":1}\n{"a":\n{"a":2}\n');
  mkdirSync(path.join(dir, 'd'));
  writeFileSync(path.join(dir, 'd', 'target'), 'old\n');
  symlinkSync(path.join('d', 'target'), path.join(dir, 'link'));
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  return dir;
}

describe('veil run: an output or reject file that is not a regular file', () => {
  it('refuses an output that is a symbolic link, and leaves the link and its target', () => {
    const dir = setUp();
    const result = veil(['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'link'], { cwd: dir });
    expectCode(result, 2);
    expect(result.stderr).toBe(
      'veil: the output link is a symbolic link: Veil writes only to regular files (it renames ' +
        'a temporary file over the path, which would replace it); give a regular file path, ' +
        "or '-o -' to write to stdout\n",
    );
    expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'd', 'target'), 'utf8')).toBe('old\n');
  });

  it('refuses a reject file that is a FIFO or a link, and an output that is a directory', () => {
    const dir = setUp();
    const cases: [string[], string][] = [
      [['-o', 'out.ndjson', '--reject-file', 'fifo'], 'the reject file fifo is a FIFO'],
      [['-o', 'out.ndjson', '--reject-file', 'link'], 'the reject file link is a symbolic link'],
      [['-o', 'd'], 'the output d is a directory'],
    ];
    for (const [flags, message] of cases) {
      const result = veil(['run', 'p.yaml', '-i', 'in.ndjson', ...flags], { cwd: dir });
      expectCode(result, 2);
      expect(result.stderr).toContain(`veil: ${message}: Veil writes only to regular files`);
    }
    expect(lstatSync(path.join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['d', 'fifo', 'in.ndjson', 'link', 'p.yaml']);
  });

  it('the API refuses a link as output with a stable code', async () => {
    const dir = setUp();
    const run = pipeline({ name: 'p', input: { format: 'ndjson' }, stages: [] }).run({
      input: path.join(dir, 'in.ndjson'),
      output: path.join(dir, 'link'),
      threads: 0,
    });
    await expect(run).rejects.toBeInstanceOf(RunError);
    await expect(run).rejects.toMatchObject({ code: 'VEIL_OUTPUT_NOT_FILE' });
    expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
  });
});
