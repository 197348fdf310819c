/**
 * Keyring `hpke` keys: the public key is exported for senders, the private key never leaves the
 * keyring, a ciphertext names the key version, and after a rotation old messages still open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { tempKeyring, type TempKeyring } from './helpers.js';

describe('keyring: hpke keys', () => {
  let t: TempKeyring;
  beforeEach(async () => {
    t = await tempKeyring();
    await t.keyring.create('inbox', { purpose: 'hpke' });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('senders encrypt to the exported public key; the keyring key set decrypts across rotations', async () => {
    const sender = new EncryptionManager();
    const v1 = await sender.encryptAsymmetric(
      { ticket: 1 },
      { recipient: { publicKey: t.keyring.exportPublic('inbox'), keyId: 'inbox/v1' } },
    );
    await t.keyring.rotate('inbox');
    const v2 = await sender.encryptAsymmetric(
      { ticket: 2 },
      { recipient: { publicKey: t.keyring.exportPublic('inbox'), keyId: 'inbox/v2' } },
    );

    const receiver = new EncryptionManager({ privateKeys: t.keyring.keySet('inbox') });
    expect(await receiver.decryptAsymmetric(v1)).toEqual({ ticket: 1 });
    expect(await receiver.decryptAsymmetric(v2)).toEqual({ ticket: 2 });
    expect(await receiver.decrypt(v2)).toEqual({ ticket: 2 });

    await t.keyring.destroy('inbox', 1);
    const after = new EncryptionManager({ privateKeys: t.keyring.keySet('inbox') });
    await expect(after.decryptAsymmetric(v1)).rejects.toMatchObject({ code: 'VEIL_KEY_STATE' });
    expect(await after.decryptAsymmetric(v2)).toEqual({ ticket: 2 });
  });

  it('a sender that only has the public key (no key id) still reaches the right version', async () => {
    const ciphertext = await new EncryptionManager().encryptAsymmetric('hello', {
      recipient: { publicKey: t.keyring.exportPublic('inbox') },
    });
    await t.keyring.rotate('inbox');
    expect(
      await new EncryptionManager({ privateKeys: t.keyring.keySet('inbox') }).decryptAsymmetric(
        ciphertext,
      ),
    ).toBe('hello');
  });

  it('a message to the wrong version id fails', async () => {
    const sender = new EncryptionManager();
    const ciphertext = await sender.encryptAsymmetric('x', {
      recipient: { publicKey: t.keyring.exportPublic('inbox'), keyId: 'inbox/v9' },
    });
    await expect(
      new EncryptionManager({ privateKeys: t.keyring.keySet('inbox') }).decryptAsymmetric(
        ciphertext,
      ),
    ).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_KEY',
    });
  });
});
