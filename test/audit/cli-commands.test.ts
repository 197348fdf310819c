import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/store/environment.js';
import { openSubDatabase } from '../../src/store/environment.js';
import type { AuditRecord } from '../../src/security/audit/audit-event.js';
import { useCliEnvironment } from './cli-helpers.js';

const PASSWORD = 'violet-harbour-57-quill';
const cli = useCliEnvironment('veil-cli-security-');
const veil = cli.veil;

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

    const checkpointFile = path.join(cli.dir, 'checkpoint.json');
    expect((await veil(['audit', 'checkpoint', '--output', checkpointFile])).code).toBe(0);
    const verified = await veil(['audit', 'verify', '--checkpoint', checkpointFile]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: 4 records/);

    // Tamper with record 2 directly in LMDB, then verify must fail with exit code 1.
    const storePath = path.join(cli.dir, 'home', 'store');
    const events = openSubDatabase<AuditRecord, number>(openStore(storePath), 'audit-events');
    const record = events.get(2)!;
    await events.put(2, { ...record, status: 'success' });
    await closeStore(storePath);
    const failed = await veil(['audit', 'verify', '--checkpoint', checkpointFile]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('hash-mismatch at 2');

    const exported = path.join(cli.dir, 'audit.ocsf.jsonl');
    expect((await veil(['audit', 'export', '--format', 'ocsf', '--output', exported])).code).toBe(
      0,
    );
    expect(readFileSync(exported, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('rotates the audit HMAC key with veil audit rotate-key', async () => {
    const saved = cli.env;
    const oldKey = `hex:${randomBytes(32).toString('hex')}`;
    const newKey = `hex:${randomBytes(32).toString('hex')}`;
    cli.env = {
      ...saved,
      VEIL_HOME: path.join(cli.dir, 'rotation-home'),
      VEIL_AUDIT_HMAC_KEY_FILE: undefined,
    };
    try {
      cli.env.VEIL_AUDIT_HMAC_KEY = oldKey;
      const created = await veil(
        ['users', 'create', 'bob', '--email', 'bob@example.com', '--role', 'operator'],
        `${PASSWORD}\n`,
      );
      expect(created.code).toBe(0);

      cli.env.VEIL_AUDIT_HMAC_KEY = newKey;
      // Without the old key the records it wrote name an unknown key id.
      const unknown = await veil(['audit', 'verify']);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('unknown-key-id at 1');

      cli.env.VEIL_AUDIT_HMAC_PREVIOUS_KEY_1 = oldKey;
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
      cli.env = saved;
    }
  });

  it('refuses to run without the audit key, naming the variable', async () => {
    const saved = cli.env;
    cli.env = { ...cli.env, VEIL_AUDIT_HMAC_KEY_FILE: undefined };
    const result = await veil(['users', 'list']);
    cli.env = saved;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('VEIL_AUDIT_HMAC_KEY');
  });
});
