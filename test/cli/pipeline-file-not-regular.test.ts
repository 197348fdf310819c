/**
 * CLI: a pipeline or schema file that is a FIFO (or a directory) is refused at once, exit 2.
 * `veil validate some.fifo` read it and waited forever for a writer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// Short: the old code never returned, and a hang must fail the test, not stall the suite.
const veil = (args: string[], cwd: string) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 15_000 });
  return { code: result.status, stderr: result.stderr };
};

describe('veil: a pipeline or schema path that is not a regular file', () => {
  it('refuses a FIFO for validate, run and synth, and a directory for validate', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'p.yaml')]);
    mkdirSync(path.join(dir, 'd.yaml'));

    const cases: [string[], string][] = [
      [['validate', 'p.yaml'], 'veil: p.yaml: the pipeline file is a FIFO; give a regular file\n'],
      [['run', 'p.yaml', '-i', '-', '-o', '-'], 'veil: p.yaml: the pipeline file is a FIFO; give a regular file\n'],
      [['synth', 'p.yaml', '-n', '1', '-o', '-'], 'veil: p.yaml: the schema file is a FIFO; give a regular file\n'],
      [['validate', 'd.yaml'], 'veil: d.yaml: the pipeline file is a directory; give a regular file\n'],
    ];
    for (const [args, message] of cases) {
      const result = veil(args, dir);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(message);
    }
  });
});
