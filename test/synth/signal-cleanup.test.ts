/**
 * `veil synth`: SIGINT and SIGTERM remove the temporary output, as for `veil run`. The hidden
 * `.out.ndjson.<hex>.tmp` was left behind (tens of MB for a few million records) with exit 130
 * or 143, because synth wrote through a temporary file the signal handler did not know of.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait-for.js';

const schema = JSON.stringify({
  name: 'people',
  fields: { name: { type: 'fullName' }, email: { type: 'email' }, age: { type: 'integer', min: 18, max: 90 } },
});

const temporaries = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('veil synth: interrupted', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} removes the temporary output and writes none`, async () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 's.json'), schema);
      const child = spawn(process.execPath, [bin, 'synth', 's.json', '-n', '3000000', '-o', 'out.ndjson', '-t', '1'], {
        cwd: dir,
        env: { ...process.env, VEIL_HOME: path.join(dir, 'home') },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

      // Hit while records are being written: the temporary file already holds some.
      await waitFor(() => {
        const [temp] = temporaries(dir);
        return temp !== undefined && statSync(path.join(dir, temp), { throwIfNoEntry: false })?.size !== 0;
      }, 'the temporary output');
      expect(child.kill(signal)).toBe(true);

      expect(await exited).toBe(code);
      expect(stderr).toContain(`interrupted (${signal})`);
      expect(readdirSync(dir)).toEqual(['s.json']);
    });
  }
});
