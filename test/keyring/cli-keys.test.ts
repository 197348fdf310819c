/**
 * `veil keys` on the command line (compiled CLI, `npm run build` first): create, rotate, list as
 * JSON, export-public; destroy without --yes is a usage error (exit 2); a wrong master key
 * fails (exit 1) without printing any key; a key named but missing is a configuration error
 * (exit 2), in `veil keys` and in a run whose pipeline names it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(refused.stderr).toBe(
      "veil: destroying 'customers' (every version) cannot be undone; repeat with --yes to confirm\n",
    );
    // The question names the version that would go, not only the key.
    const oneVersion = await veil(['keys', 'destroy', 'customers', '--key-version', '1']);
    expect(oneVersion.code).toBe(2);
    expect(oneVersion.stderr).toBe(
      "veil: destroying version 1 of 'customers' cannot be undone; repeat with --yes to confirm\n",
    );

    const wrongKey = toHex(randomBytes(32));
    const wrong = await veil(['keys', 'list'], wrongKey);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('does not open the keyring');
    expect(wrong.stderr + wrong.stdout).not.toContain(wrongKey);
  });

  it('a keyring key that is named but missing exits 2, in keys commands and in a run', async () => {
    expect((await veil(['keys', 'create', 'present'])).code).toBe(0);
    const rotate = await veil(['keys', 'rotate', 'nosuch']);
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toContain("no key named 'nosuch'");

    const pipeline = path.join(dir, 'encrypt.yaml');
    writeFileSync(
      pipeline,
      'name: enc\ninput:\n  format: ndjson\nstages:\n  - type: encrypt-field\n    fields: [email]\n    key: keyring:nosuch\n',
    );
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"email":"someone@example.com"}\n');
    const env: NodeJS.ProcessEnv = { ...process.env, VEIL_MASTER_KEY: masterKey, VEIL_HOME: dir };
    delete env['VEIL_MASTER_KEY_FILE'];
    delete env['VEIL_MASTER_PASSPHRASE'];
    const args = [BIN, 'run', pipeline, '-i', input, '-o', path.join(dir, 'out.ndjson'), '-q'];
    const result = await run(process.execPath, args, { env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("stage 'encrypt-field' (#1): no key named 'nosuch'");
    expect(result.stderr).not.toContain('someone@example.com');
    expect(result.stderr).not.toContain(masterKey);
  });
});
