/**
 * Keyring: the master key comes from an environment variable, a 0600 key file or a passphrase;
 * loose file permissions and wrong keys are refused with errors that name the source only.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url, toHex } from '../../src/crypto/bytes.js';
import { openKeyring } from '../../src/keyring/keyring.js';
import { masterKeyFromEnvironment } from '../../src/keyring/master-key.js';
import { closeStore } from '../../src/store/environment.js';

describe('keyring: master key sources', () => {
  let dir: string;
  let storePath: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-master-'));
    storePath = path.join(dir, 'store');
  });
  afterEach(async () => {
    await closeStore(storePath);
    rmSync(dir, { recursive: true, force: true });
    delete process.env['VEIL_TEST_MASTER'];
  });

  it('reads a hex or base64url key from an environment variable', async () => {
    const key = randomBytes(32);
    process.env['VEIL_TEST_MASTER'] = toHex(key);
    const keyring = await openKeyring({
      storePath,
      masterKey: { kind: 'env', name: 'VEIL_TEST_MASTER' },
    });
    await keyring.create('a');
    await closeStore(storePath);
    process.env['VEIL_TEST_MASTER'] = toBase64Url(key);
    const again = await openKeyring({
      storePath,
      masterKey: { kind: 'env', name: 'VEIL_TEST_MASTER' },
    });
    expect(again.keySet('a').primary().material).toHaveLength(32);
  });

  it('accepts a 0600 key file and refuses a group- or world-readable one, naming the file and mode', async () => {
    const file = path.join(dir, 'master.key');
    const key = randomBytes(32);
    writeFileSync(file, toHex(key) + '\n');
    chmodSync(file, 0o644);
    const refused = openKeyring({ storePath, masterKey: { kind: 'file', path: file } });
    await expect(refused).rejects.toThrow(
      `master key: key file ${file} is accessible by group or others (mode 644); ` +
        'run chmod 600 on it',
    );
    await expect(refused).rejects.toMatchObject({ code: 'VEIL_SECURITY_KEY_FILE' });
    await expect(refused).rejects.not.toThrow(toHex(key));

    chmodSync(file, 0o600);
    const keyring = await openKeyring({ storePath, masterKey: { kind: 'file', path: file } });
    expect((await keyring.create('b')).primaryId).toBe('b/v1');
  });

  it('opens with a passphrase (scrypt) and refuses a wrong one', async () => {
    const keyring = await openKeyring({
      storePath,
      masterKey: { kind: 'passphrase', passphrase: 'correct horse battery staple' },
    });
    await keyring.create('c');
    await closeStore(storePath);
    await expect(
      openKeyring({
        storePath,
        masterKey: { kind: 'passphrase', passphrase: 'wrong horse battery staple' },
      }),
    ).rejects.toMatchObject({
      code: 'VEIL_KEYRING_MASTER_KEY',
    });
  });

  it('refuses a wrong raw master key at open, without echoing either key', async () => {
    const right = randomBytes(32);
    const wrong = randomBytes(32);
    await openKeyring({ storePath, masterKey: { kind: 'key', key: right } });
    await closeStore(storePath);
    const error = await openKeyring({ storePath, masterKey: { kind: 'key', key: wrong } }).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/does not open the keyring/);
    for (const key of [right, wrong]) {
      expect(error.message).not.toContain(toHex(key));
      expect(error.message).not.toContain(toBase64Url(key));
    }
  });

  it('names a missing or malformed environment variable without printing its value', async () => {
    await expect(
      openKeyring({ storePath, masterKey: { kind: 'env', name: 'VEIL_TEST_MASTER' } }),
    ).rejects.toThrow('environment variable VEIL_TEST_MASTER is not set');
    process.env['VEIL_TEST_MASTER'] = 'not-a-key-s3cr3t';
    const error = await openKeyring({
      storePath,
      masterKey: { kind: 'env', name: 'VEIL_TEST_MASTER' },
    }).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain('VEIL_TEST_MASTER');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('finds the source from VEIL_MASTER_KEY, VEIL_MASTER_KEY_FILE or VEIL_MASTER_PASSPHRASE', () => {
    expect(masterKeyFromEnvironment({ VEIL_MASTER_KEY: 'x' })).toEqual({
      kind: 'env',
      name: 'VEIL_MASTER_KEY',
    });
    expect(masterKeyFromEnvironment({ VEIL_MASTER_KEY_FILE: '/k' })).toEqual({
      kind: 'file',
      path: '/k',
      role: 'VEIL_MASTER_KEY_FILE',
    });
    expect(masterKeyFromEnvironment({ VEIL_MASTER_PASSPHRASE: 'p' })).toEqual({
      kind: 'passphrase',
      passphrase: 'p',
    });
    expect(masterKeyFromEnvironment({})).toBeUndefined();
  });
});
