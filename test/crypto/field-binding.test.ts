/**
 * Field encryption binds the concrete field path and the record id as associated data: a
 * ciphertext moved to another field or another record fails to decrypt.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../src/crypto/bytes.js';
import { EncryptionManager, EncryptionType } from '../../src/crypto/encryption-manager.js';
import type { JsonRecord } from '../../src/engine/stage.js';

const manager = new EncryptionManager({
  keys: randomBytes(32),
  password: 'a long test passphrase',
});
const record: JsonRecord = {
  id: 'c-42',
  email: 'jane@example.com',
  phone: '+1 555 0100',
  card: '4111 1111 1111 1111',
  contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
  profile: { age: 41, vip: true, tags: ['x', 'y'] },
};

describe('field encryption: path and record binding', () => {
  it.each([EncryptionType.SYMMETRIC, EncryptionType.DETERMINISTIC])(
    '%s: round-trips several paths and keeps JSON types',
    async (type) => {
      const fields = ['email', 'contacts[].email', 'profile.age', 'profile.vip', 'profile.tags'];
      const encrypted = await manager.encryptField({
        data: record,
        field: fields,
        encryptionType: type,
        recordId: 'id',
      });
      expect(encrypted['email']).toMatch(/^veil\./);
      expect((encrypted['profile'] as JsonRecord)['age']).toMatch(/^veil\./);
      expect(encrypted['id']).toBe('c-42');
      expect(record['email']).toBe('jane@example.com');
      expect(
        await manager.decryptField({
          data: encrypted,
          field: fields,
          encryptionType: type,
          recordId: 'id',
        }),
      ).toEqual(record);
    },
  );

  it('refuses a record whose path meets a value of the wrong shape, without echoing it', async () => {
    const wrong = { id: 'c-1', contacts: 'SECRET-NOT-AN-ARRAY' };
    const attempt = manager.encryptField({
      data: wrong,
      field: ['contacts[].email'],
      encryptionType: EncryptionType.SYMMETRIC,
    });
    await expect(attempt).rejects.toThrow(/field 'contacts' is not an array/);
    await expect(attempt).rejects.not.toThrow(/SECRET/);
  });

  it('a ciphertext moved to another field fails', async () => {
    const encrypted = await manager.encryptField({
      data: record,
      field: ['email', 'phone'],
      encryptionType: EncryptionType.SYMMETRIC,
      recordId: 'id',
    });
    const swapped = {
      ...encrypted,
      email: encrypted['phone'] as string,
      phone: encrypted['email'] as string,
    };
    await expect(
      manager.decryptField({
        data: swapped,
        field: 'email',
        encryptionType: EncryptionType.SYMMETRIC,
        recordId: 'id',
      }),
    ).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_AUTH',
    });
  });

  it('a ciphertext moved to another array element fails', async () => {
    const encrypted = await manager.encryptField({
      data: record,
      field: 'contacts[].email',
      encryptionType: EncryptionType.SYMMETRIC,
      recordId: 'id',
    });
    const contacts = encrypted['contacts'] as JsonRecord[];
    const moved = {
      ...encrypted,
      contacts: [contacts[1] as JsonRecord, contacts[0] as JsonRecord],
    };
    await expect(
      manager.decryptField({
        data: moved,
        field: 'contacts[].email',
        encryptionType: EncryptionType.SYMMETRIC,
        recordId: 'id',
      }),
    ).rejects.toThrow("field 'contacts[0].email'");
  });

  it.each([EncryptionType.SYMMETRIC, EncryptionType.DETERMINISTIC, EncryptionType.PASSWORD])(
    '%s: a ciphertext moved to another record fails',
    async (type) => {
      const encrypted = await manager.encryptField({
        data: record,
        field: 'email',
        encryptionType: type,
        recordId: 'id',
      });
      const other = { ...encrypted, id: 'c-43' };
      await expect(
        manager.decryptField({ data: other, field: 'email', encryptionType: type, recordId: 'id' }),
      ).rejects.toMatchObject({
        code: 'VEIL_CRYPTO_AUTH',
      });
    },
  );

  it('asymmetric fields bind path and record too', async () => {
    const pair = await manager.generateKeyPair();
    const sender = new EncryptionManager({
      recipient: { publicKey: pair.publicKey, keyId: 'analyst' },
    });
    const { StaticKeySet } = await import('../../src/crypto/key-set.js');
    const { publicKeyOf } = await import('../../src/crypto/hpke.js');
    const receiver = new EncryptionManager({
      privateKeys: new StaticKeySet(pair.privateKey, {
        id: 'analyst',
        purpose: 'hpke',
        publicKey: publicKeyOf(pair.privateKey),
      }),
    });
    const encrypted = await sender.encryptField({
      data: record,
      field: ['email', 'phone'],
      encryptionType: EncryptionType.ASYMMETRIC,
      recordId: 'id',
    });
    expect(
      await receiver.decryptField({
        data: encrypted,
        field: ['email', 'phone'],
        encryptionType: EncryptionType.ASYMMETRIC,
        recordId: 'id',
      }),
    ).toEqual(record);
    const swapped = { ...encrypted, email: encrypted['phone'] as string };
    await expect(
      receiver.decryptField({
        data: swapped,
        field: 'email',
        encryptionType: EncryptionType.ASYMMETRIC,
        recordId: 'id',
      }),
    ).rejects.toMatchObject({
      code: 'VEIL_CRYPTO_AUTH',
    });
  });

  it('format-preserving fields keep their shape, and the record id changes the output', async () => {
    const a = await manager.encryptField({
      data: record,
      field: 'card',
      encryptionType: EncryptionType.FORMAT_PRESERVING,
      recordId: 'id',
    });
    const b = await manager.encryptField({
      data: { ...record, id: 'c-43' },
      field: 'card',
      encryptionType: EncryptionType.FORMAT_PRESERVING,
      recordId: 'id',
    });
    expect(a['card']).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(a['card']).not.toBe(b['card']);
    expect(
      (
        await manager.decryptField({
          data: a,
          field: 'card',
          encryptionType: EncryptionType.FORMAT_PRESERVING,
          recordId: 'id',
        })
      )['card'],
    ).toBe(record['card']);
  });

  it('a missing record id field is an error naming the field', async () => {
    await expect(
      manager.encryptField({
        data: { email: 'x@example.com' },
        field: 'email',
        encryptionType: EncryptionType.SYMMETRIC,
        recordId: 'id',
      }),
    ).rejects.toThrow("record id field 'id' is missing");
  });
});
