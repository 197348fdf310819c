/** Keyring: rotation makes a new primary; new ciphertexts carry its id; old ones still decrypt. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { envelopeFromString, parseEnvelope } from '../../src/crypto/envelope.js';
import { tempKeyring, type TempKeyring } from './helpers.js';

describe('keyring: rotation', () => {
  let t: TempKeyring;
  beforeEach(async () => {
    t = await tempKeyring();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('creates a key with one enabled primary version and lists it without material', async () => {
    const created = await t.keyring.create('customers');
    expect(created.primaryId).toBe('customers/v1');
    expect(created.versions).toHaveLength(1);
    expect(created.versions[0]?.state).toBe('enabled');
    const listed = t.keyring.list();
    expect(listed.map((k) => k.name)).toEqual(['customers']);
    expect(JSON.stringify(listed)).not.toMatch(/wrapped|material/);
  });

  it('refuses a duplicate name and an invalid name', async () => {
    await t.keyring.create('orders');
    await expect(t.keyring.create('orders')).rejects.toMatchObject({ code: 'VEIL_KEYRING_EXISTS' });
    await expect(t.keyring.create('../etc')).rejects.toMatchObject({ code: 'VEIL_KEYRING_INPUT' });
  });

  it('new ciphertexts carry the new key id and old ones still decrypt', async () => {
    await t.keyring.create('customers');
    const before = new EncryptionManager({ keys: t.keyring.keySet('customers') });
    const oldCiphertext = await before.encryptSymmetric('alice@example.com', { aad: 'r1' });
    expect(parseEnvelope(envelopeFromString(oldCiphertext)).header.keyId).toBe('customers/v1');

    const rotated = await t.keyring.rotate('customers');
    expect(rotated.primaryId).toBe('customers/v2');

    const after = new EncryptionManager({ keys: t.keyring.keySet('customers') });
    const newCiphertext = await after.encryptSymmetric('bob@example.com', { aad: 'r2' });
    expect(parseEnvelope(envelopeFromString(newCiphertext)).header.keyId).toBe('customers/v2');
    expect(await after.decryptSymmetric(oldCiphertext, { aad: 'r1' })).toBe('alice@example.com');
    expect(await after.decryptSymmetric(newCiphertext, { aad: 'r2' })).toBe('bob@example.com');
  });

  it('a key set loaded before rotation cannot read the new version (it was loaded once)', async () => {
    await t.keyring.create('k');
    const stale = new EncryptionManager({ keys: t.keyring.keySet('k') });
    await t.keyring.rotate('k');
    const fresh = new EncryptionManager({ keys: t.keyring.keySet('k') });
    const ciphertext = await fresh.encryptSymmetric('x');
    await expect(stale.decryptSymmetric(ciphertext)).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_KEY',
    });
  });

  it('keeps the keyring across close and reopen with the same master key', async () => {
    await t.keyring.create('persisted');
    await t.keyring.rotate('persisted');
    const { closeStore } = await import('../../src/store/environment.js');
    const { openKeyring } = await import('../../src/keyring/keyring.js');
    await closeStore(t.storePath);
    const reopened = await openKeyring({
      storePath: t.storePath,
      masterKey: { kind: 'key', key: t.masterKey },
    });
    expect(reopened.info('persisted').primaryVersion).toBe(2);
    expect(reopened.keySet('persisted').versions()).toHaveLength(2);
  });
});
