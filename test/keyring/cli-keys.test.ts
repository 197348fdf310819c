/**
 * `veil keys` on the command line (compiled CLI, `npm run build` first): create, rotate, list as
 * JSON, export-public; destroy without --yes is a usage error (exit 2); a wrong master key
 * fails (exit 1) without printing any key.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/veil.js');
let dir: string;
const masterKey = toHex(randomBytes(32));

async function veil(
  args: string[],
  key = masterKey,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, VEIL_MASTER_KEY: key };
  delete env['VEIL_MASTER_KEY_FILE'];
  delete env['VEIL_MASTER_PASSPHRASE'];
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [BIN, ...args, '--store', path.join(dir, 'store')],
      { env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('veil keys (CLI)', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-cli-keys-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, rotates and lists keys; refuses destroy without --yes; rejects a wrong master key', async () => {
    expect((await veil(['keys', 'create', 'customers'])).code).toBe(0);
    const pair = await veil(['keys', 'create', 'inbox', '--purpose', 'hpke', '--json']);
    const publicKey = (JSON.parse(pair.stdout) as { versions: { publicKey: string }[] }).versions[0]
      ?.publicKey;
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await veil(['keys', 'rotate', 'customers'])).code).toBe(0);

    const listed = await veil(['keys', 'list', '--json']);
    const keys = JSON.parse(listed.stdout) as {
      name: string;
      primaryId: string;
      versions: unknown[];
    }[];
    expect(keys.find((k) => k.name === 'customers')).toMatchObject({ primaryId: 'customers/v2' });
    expect(listed.stdout).not.toContain(masterKey);

    const refused = await veil(['keys', 'destroy', 'customers']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('repeat with --yes');

    const wrongKey = toHex(randomBytes(32));
    const wrong = await veil(['keys', 'list'], wrongKey);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('does not open the keyring');
    expect(wrong.stderr + wrong.stdout).not.toContain(wrongKey);
  });
});
