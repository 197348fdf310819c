import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/environment.js';
import { openSubDatabase } from '../../src/store/environment.js';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';

// Runs the built CLI (`npm test` builds first), as a user would.
const BIN = fileURLToPath(new URL('../../bin/veil.js', import.meta.url));
const PASSWORD = 'violet-harbour-57-quill';
let dir: string;
let env: NodeJS.ProcessEnv;

function veil(
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env, cwd: dir },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : Number((error as { code?: number }).code ?? 1),
          stdout,
          stderr,
        });
      },
    );
    child.stdin!.end(stdin ?? '');
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-cli-security-'));
  const hmacFile = path.join(dir, 'audit-hmac.key');
  writeFileSync(hmacFile, `base64:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const signing = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const { PATH, HOME } = process.env;
  env = {
    PATH,
    HOME,
    VEIL_HOME: path.join(dir, 'home'),
    VEIL_AUDIT_HMAC_KEY_FILE: hmacFile,
    VEIL_AUDIT_SIGNING_KEY: signing,
    VEIL_JWT_SECRET: `hex:${randomBytes(32).toString('hex')}`,
  };
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('veil users / login / audit', () => {
  it('creates a user, logs in, grants, and the audit chain verifies; tampering fails verify', async () => {
    const created = await veil(
      ['users', 'create', 'ada', '--email', 'ada@example.com', '--role', 'operator', '--json'],
      `${PASSWORD}\n`,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain(PASSWORD);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'ada', roles: ['operator'] });

    const bad = await veil(['login', 'ada'], 'not-the-password-99\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid username or password');
    expect(bad.stderr).not.toContain('not-the-password-99');
    const good = await veil(['login', 'ada'], `${PASSWORD}\n`);
    expect(good.code).toBe(0);
    expect(good.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

    expect((await veil(['users', 'grant', 'ada', 'documents', 'read,write'])).code).toBe(0);
    expect((await veil(['users', 'grant', 'ada', 'documents', 'fly'])).code).toBe(2);

    const checkpointFile = path.join(dir, 'checkpoint.json');
    expect((await veil(['audit', 'checkpoint', '--output', checkpointFile])).code).toBe(0);
    const verified = await veil(['audit', 'verify', '--checkpoint', checkpointFile]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: 4 records/);

    // Tamper with record 2 directly in LMDB, then verify must fail with exit code 1.
    const storePath = path.join(dir, 'home', 'store');
    const events = openSubDatabase<AuditRecord, number>(openStore(storePath), 'audit-events');
    const record = events.get(2)!;
    await events.put(2, { ...record, status: 'success' });
    await closeStore(storePath);
    const failed = await veil(['audit', 'verify', '--checkpoint', checkpointFile]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('hash-mismatch at 2');

    const exported = path.join(dir, 'audit.ocsf.jsonl');
    expect((await veil(['audit', 'export', '--format', 'ocsf', '--output', exported])).code).toBe(
      0,
    );
    expect(readFileSync(exported, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('rotates the audit HMAC key with veil audit rotate-key', async () => {
    const saved = env;
    const oldKey = `hex:${randomBytes(32).toString('hex')}`;
    const newKey = `hex:${randomBytes(32).toString('hex')}`;
    env = {
      ...saved,
      VEIL_HOME: path.join(dir, 'rotation-home'),
      VEIL_AUDIT_HMAC_KEY_FILE: undefined,
    };
    try {
      env.VEIL_AUDIT_HMAC_KEY = oldKey;
      const created = await veil(
        ['users', 'create', 'bob', '--email', 'bob@example.com', '--role', 'operator'],
        `${PASSWORD}\n`,
      );
      expect(created.code).toBe(0);

      env.VEIL_AUDIT_HMAC_KEY = newKey;
      // Without the old key the records it wrote name an unknown key id.
      const unknown = await veil(['audit', 'verify']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('unknown-key-id at 1');

      env.VEIL_AUDIT_HMAC_PREVIOUS_KEY_1 = oldKey;
      const rotated = await veil(['audit', 'rotate-key']);
      expect(rotated.code).toBe(0);
      expect(rotated.stderr).toMatch(/^rotated to key id [0-9a-f]{16} at record \d+/);
      const again = await veil(['audit', 'rotate-key']);
      expect(again.stderr).toContain('already in force');
      const verified = await veil(['audit', 'verify']);
      expect(verified.code).toBe(0);
      for (const out of [rotated, again, verified, unknown]) {
        for (const key of [oldKey, newKey]) {
          expect(out.stdout + out.stderr).not.toContain(key.slice(4, 20));
        }
      }
    } finally {
      env = saved;
    }
  });

  it('refuses to run without the audit key, naming the variable', async () => {
    const saved = env;
    env = { ...env, VEIL_AUDIT_HMAC_KEY_FILE: undefined };
    const result = await veil(['users', 'list']);
    env = saved;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('VEIL_AUDIT_HMAC_KEY');
  });
});
