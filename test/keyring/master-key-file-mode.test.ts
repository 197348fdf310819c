/**
 * CLI: the master key file follows the rule of every other key file. A file that group or others
 * can access, or that does not exist, is a configuration error (exit 2) naming the variable (or
 * flag), the mode and the chmod that fixes it; the key never reaches the output.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, expectKeyFileRefused, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

function keyFile(dir: string, mode: number): { file: string; secret: string } {
  const secret = randomBytes(32).toString('hex');
  const file = path.join(dir, 'master.key');
  writeFileSync(file, `${secret}\n`, { mode });
  return { file, secret };
}

const noMaster = {
  VEIL_MASTER_KEY: undefined,
  VEIL_MASTER_PASSPHRASE: undefined,
  VEIL_MASTER_KEY_FILE: undefined,
};

describe('veil keys: the master key file mode', () => {
  it('exits 2 for a 0644 VEIL_MASTER_KEY_FILE, naming it, the mode and chmod 600', () => {
    const dir = tempDir();
    const { file, secret } = keyFile(dir, 0o644);
    const result = veil(['keys', 'create', 'customers', '--store', path.join(dir, 'store')], {
      cwd: dir,
      env: { ...noMaster, VEIL_HOME: path.join(dir, 'home'), VEIL_MASTER_KEY_FILE: file },
    });
    expectKeyFileRefused(result, 'VEIL_MASTER_KEY_FILE', file, '644', secret);
  });

  it('exits 2 for a missing VEIL_MASTER_KEY_FILE, naming the variable', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'missing.key');
    const result = veil(['keys', 'create', 'customers', '--store', path.join(dir, 'store')], {
      cwd: dir,
      env: { ...noMaster, VEIL_HOME: path.join(dir, 'home'), VEIL_MASTER_KEY_FILE: missing },
    });
    expectCode(result, 2);
    expect(result.stderr).toBe(
      `veil: VEIL_MASTER_KEY_FILE: key file ${missing} cannot be read (ENOENT)\n`,
    );
  });

  it('names --master-key-file when the flag gave the path; a 0600 file works', () => {
    const dir = tempDir();
    const { file, secret } = keyFile(dir, 0o640);
    const args = ['keys', 'create', 'customers', '--store', path.join(dir, 'store')];
    const env = { ...noMaster, VEIL_HOME: path.join(dir, 'home') };
    const refused = veil([...args, '--master-key-file', file], { cwd: dir, env });
    expectKeyFileRefused(refused, '--master-key-file', file, '640', secret);

    const ok = keyFile(tempDir(), 0o600);
    expectCode(veil(args, { cwd: dir, env: { ...env, VEIL_MASTER_KEY_FILE: ok.file } }), 0);
  });
});
