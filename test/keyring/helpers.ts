/** Test helpers for the keyring: a temp store per test, a random master key, cleanup. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from '../../src/crypto/bytes.js';
import { openKeyring, type Keyring } from '../../src/keyring/keyring.js';
import { closeStore } from '../../src/store/environment.js';

export interface TempKeyring {
  readonly dir: string;
  readonly storePath: string;
  readonly masterKey: Uint8Array;
  readonly keyring: Keyring;
  cleanup(): Promise<void>;
}

export async function tempKeyring(prefix = 'veil-keyring-'): Promise<TempKeyring> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const storePath = path.join(dir, 'store');
  const masterKey = randomBytes(32);
  const keyring = await openKeyring({ storePath, masterKey: { kind: 'key', key: masterKey } });
  return {
    dir,
    storePath,
    masterKey,
    keyring,
    async cleanup() {
      await closeStore(storePath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
