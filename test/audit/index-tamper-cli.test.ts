import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from './cli-helpers.js';

const PASSWORD = 'violet-harbour-57-quill';
const cli = useCliEnvironment('veil-audit-index-cli-');
const veil = cli.veil;

describe('veil audit verify: the search index', () => {
  it('exits 1 naming index-missing when an index entry of a copied store is deleted', async () => {
    for (const name of ['ada', 'bob']) {
      const args = ['users', 'create', name, '--email', `${name}@example.com`];
      expect((await veil(args, `${PASSWORD}\n`)).code).toBe(0);
    }
    expect((await veil(['login', 'ada'], 'not-the-password-99\n')).code).toBe(1);
    const checkpoint = path.join(cli.dir, 'cp.json');
    expect((await veil(['audit', 'checkpoint', '--output', checkpoint])).code).toBe(0);

    const copy = path.join(cli.dir, 'copy');
    mkdirSync(copy);
    copyFileSync(path.join(cli.dir, 'home', 'store', 'data.mdb'), path.join(copy, 'data.mdb'));
    const untouched = await veil(['audit', 'verify', '--store', copy, '--checkpoint', checkpoint]);
    expect(untouched.stdout).toMatch(/^ok: /);
    expect(untouched.code).toBe(0);
    const found = await veil(['audit', 'search', '--store', copy, '--type', 'login_failed']);
    expect(found.stdout.trim().split('\n')).toHaveLength(1);

    // The intruder deletes the login_failed entry from the copy's index.
    const root = open({ path: copy, maxDbs: 64 });
    const index = root.openDB({ name: 'audit-index' });
    const end = ['t', 'login_failed', Number.MAX_SAFE_INTEGER];
    const keys = [...index.getKeys({ start: ['t', 'login_failed'], end })];
    expect(keys).toHaveLength(1);
    const seq = (keys[0] as [string, string, number])[2];
    await index.remove(keys[0]!);
    await root.close();

    // search trusts what the index lists: the event is hidden from it ...
    const hidden = await veil(['audit', 'search', '--store', copy, '--type', 'login_failed']);
    expect(hidden.stdout).toBe('');
    // ... and verify says so, by sequence number, without the event.
    const failed = await veil(['audit', 'verify', '--store', copy, '--checkpoint', checkpoint]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED: /);
    expect(failed.stdout).toContain(
      `index-missing at ${seq}: record ${seq} has no type index entry`,
    );
    expect(failed.stdout).not.toContain('login_failed');
    const json = await veil(['audit', 'verify', '--store', copy, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).problems).toEqual([
      { kind: 'index-missing', seq, message: `record ${seq} has no type index entry` },
    ]);
  });
});
