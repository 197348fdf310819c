/** Keyring: a disabled key refuses to encrypt (but decrypts); a destroyed key refuses to decrypt. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { KeyStateError } from '../../src/errors/key-state-error.js';
import { tempKeyring, type TempKeyring } from './helpers.js';

describe('keyring: key states', () => {
  let t: TempKeyring;
  beforeEach(async () => {
    t = await tempKeyring();
    await t.keyring.create('payments');
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('a disabled key refuses to encrypt and still decrypts', async () => {
    const ciphertext = await new EncryptionManager({
      keys: t.keyring.keySet('payments'),
    }).encryptSymmetric('4111');
    const disabled = await t.keyring.disable('payments');
    expect(disabled.versions[0]?.state).toBe('disabled');

    const manager = new EncryptionManager({ keys: t.keyring.keySet('payments') });
    const refused = manager.encryptSymmetric('4222');
    await expect(refused).rejects.toBeInstanceOf(KeyStateError);
    await expect(refused).rejects.toThrow(
      "key 'payments/v1' is disabled: it cannot be used to encrypt",
    );
    expect(await manager.decryptSymmetric(ciphertext)).toBe('4111');

    await t.keyring.enable('payments');
    expect(
      await new EncryptionManager({ keys: t.keyring.keySet('payments') }).encryptSymmetric('ok'),
    ).toMatch(/^veil\./);
  });

  it('format-preserving values still decrypt under a disabled key, and no longer encrypt', async () => {
    const card = await new EncryptionManager({
      keys: t.keyring.keySet('payments'),
    }).encryptFormatPreserving('4111 1111 1111 1111');
    await t.keyring.disable('payments');
    const manager = new EncryptionManager({ keys: t.keyring.keySet('payments') });
    expect(await manager.decryptFormatPreserving(card)).toBe('4111 1111 1111 1111');
    await expect(manager.encryptFormatPreserving('4111 1111 1111 1111')).rejects.toBeInstanceOf(
      KeyStateError,
    );
  });

  it('a destroyed key refuses to decrypt with a clear error, and cannot be re-enabled', async () => {
    const ciphertext = await new EncryptionManager({
      keys: t.keyring.keySet('payments'),
    }).encryptSymmetric('4111');
    await t.keyring.destroy('payments');
    const manager = new EncryptionManager({ keys: t.keyring.keySet('payments') });
    const refused = manager.decryptSymmetric(ciphertext);
    await expect(refused).rejects.toBeInstanceOf(KeyStateError);
    await expect(refused).rejects.toThrow(
      "key 'payments/v1' is destroyed: it cannot be used to decrypt",
    );
    const enabled = await t.keyring.enable('payments');
    expect(enabled.versions[0]?.state).toBe('destroyed');
  });

  it('destroying one old version leaves the others working', async () => {
    const v1 = await new EncryptionManager({ keys: t.keyring.keySet('payments') }).encryptSymmetric(
      'one',
    );
    await t.keyring.rotate('payments');
    const v2 = await new EncryptionManager({ keys: t.keyring.keySet('payments') }).encryptSymmetric(
      'two',
    );
    await t.keyring.destroy('payments', 1);
    const manager = new EncryptionManager({ keys: t.keyring.keySet('payments') });
    expect(await manager.decryptSymmetric(v2)).toBe('two');
    await expect(manager.decryptSymmetric(v1)).rejects.toMatchObject({ code: 'VEIL_KEY_STATE' });
    expect(await manager.encryptSymmetric('three')).toMatch(/^veil\./);
  });

  it('a destroyed version has no wrapped material left in the store', async () => {
    await t.keyring.destroy('payments');
    const { openStore, openSubDatabase } = await import('../../src/store/environment.js');
    const raw = openSubDatabase<Record<string, unknown>, string>(
      openStore(t.storePath),
      'keyring',
    ).get('key:payments');
    expect(JSON.stringify(raw)).not.toContain('wrapped');
  });

  it('unknown names and versions are reported by name', async () => {
    await expect(t.keyring.rotate('nope')).rejects.toThrow("no key named 'nope' in the keyring");
    await expect(t.keyring.disable('payments', 9)).rejects.toThrow(
      "key 'payments' has no version 9",
    );
  });
});
