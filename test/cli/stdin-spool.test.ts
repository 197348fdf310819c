/**
 * CLI: stdin into a barrier pipeline is spooled to a temporary file (raw, un-anonymized input).
 * SIGINT, SIGTERM and SIGHUP remove that spool as a failed run does (BR-33: it stayed on disk after
 * Ctrl-C), tested with a real child process and a real signal; and messages call the input
 * `stdin`, never the spool's path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait-for.js';

const barrier =
  'name: ka\ninput:\n  format: ndjson\non_error: fail\nstages:\n  - type: k-anonymize\n' +
  "    quasi_identifiers:\n      age: { interval: [5, 10, 20, '*'] }\n    k: 2\n";

function spoolsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('veil-spool-'));
}

describe('veil run from stdin with a barrier stage', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    // A closed terminal or SSH session: it left the spool behind before round 12.
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} removes the stdin spool and leaves no output`, async () => {
      const dir = tempDir();
      // The child's temporary directory, so that its spool is the only one there.
      const tmp = path.join(dir, 'tmp');
      mkdirSync(tmp);
      const p = path.join(dir, 'ka.yaml');
      writeFileSync(p, barrier);
      const child = spawn(process.execPath, [bin, 'run', p, '-i', '-', '-o', 'out.ndjson'], {
        cwd: dir,
        env: { ...process.env, TMPDIR: tmp, VEIL_HOME: path.join(dir, 'home') },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

      // Stdin stays open: the run is spooling, with part of the input on disk, when it is hit.
      child.stdin.write('{"age":31,"name":"Ann"}\n'.repeat(1000));
      await waitFor(() => {
        const [spool] = spoolsIn(tmp);
        return spool !== undefined && existsSync(path.join(tmp, spool, 'input'));
      }, 'the spool');
      expect(child.kill(signal)).toBe(true);

      expect(await exited).toBe(code);
      child.stdin.destroy();
      expect(stderr).toContain(`interrupted (${signal})`);
      expect(readdirSync(tmp)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['ka.yaml', 'tmp']);
    });
  }

  it('names the input stdin in record and header errors, not the spool', () => {
    const dir = tempDir();
    const p = path.join(dir, 'ka.yaml');
    writeFileSync(p, barrier);
    const env = { TMPDIR: dir, VEIL_HOME: path.join(dir, 'home') };
    const bad = veil(['run', p, '-i', '-', '-o', path.join(dir, 'o.ndjson')], {
      input: '{"age":31}\n{"age":32}\n{"age":\n',
      env,
    });
    expectCode(bad, 1);
    expect(bad.stderr).toBe(
      'veil: stdin: line 3 (byte offset 22, record 2): malformed JSON: unexpected end of record\n',
    );

    writeFileSync(p, barrier.replace('format: ndjson', 'format: csv'));
    const header = veil(['run', p, '-i', '-', '-o', path.join(dir, 'o.ndjson')], {
      input: 'age,age\n31,32\n',
      env,
    });
    expectCode(header, 1);
    expect(header.stderr).toBe('veil: stdin: line 1 (the CSV header): column 2 repeats a name\n');
    expect(spoolsIn(dir)).toEqual([]);
  });
});
