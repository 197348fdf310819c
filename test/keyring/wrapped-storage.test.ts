/**
 * Keyring: envelope encryption at rest. Key material is stored only wrapped under the master
 * key; the LMDB file never holds it in clear, and a wrapped blob moved onto another key fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, openSubDatabase } from '../../src/store/environment.js';
import { tempKeyring, type TempKeyring } from './helpers.js';

describe('keyring: wrapped storage', () => {
  let t: TempKeyring;
  beforeEach(async () => {
    t = await tempKeyring();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('never writes key material or the master key to the store file in clear', async () => {
    await t.keyring.create('secret-a');
    await t.keyring.create('pair', { purpose: 'hpke' });
    const materials = [
      t.keyring.keySet('secret-a').primary().material,
      t.keyring.keySet('pair').primary().material,
      t.masterKey,
    ];
    const files = readdirSync(t.storePath).map((f) => readFileSync(path.join(t.storePath, f)));
    for (const material of materials) {
      expect(material).toBeDefined();
      for (const file of files)
        expect(file.includes(Buffer.from(material as Uint8Array))).toBe(false);
    }
  });

  it('a wrapped key copied onto another key name fails to unwrap', async () => {
    await t.keyring.create('one');
    await t.keyring.create('two');
    const db = openSubDatabase<{ versions: { wrapped?: string }[] }, string>(
      openStore(t.storePath),
      'keyring',
    );
    const one = db.get('key:one');
    const two = db.get('key:two');
    if (one === undefined || two === undefined) throw new Error('keys not stored');
    const [first] = two.versions;
    if (first === undefined) throw new Error('no version');
    first.wrapped = one.versions[0]?.wrapped as string;
    await db.put('key:two', two);
    expect(() => t.keyring.keySet('two')).toThrow("key 'two/v1' failed to unwrap");
  });

  it('exports the public key of an hpke key and refuses it for a symmetric key', async () => {
    await t.keyring.create('recipient', { purpose: 'hpke' });
    await t.keyring.create('sym');
    expect(t.keyring.exportPublic('recipient')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => t.keyring.exportPublic('sym')).toThrow(
      "key 'sym' is a symmetric key; only hpke keys have a public key",
    );
  });
});
