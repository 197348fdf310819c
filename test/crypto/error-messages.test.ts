/**
 * Error messages never contain plaintext, key bytes or ciphertext bodies, for every failure the
 * API reports: tampering, wrong AAD, wrong key, malformed input, FF1 domain, bad key lengths.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url, toHex } from '../../src/crypto/bytes.js';
import { EncryptionManager, EncryptionType } from '../../src/crypto/encryption-manager.js';
import { FieldCipher } from '../../src/crypto/field-cipher.js';
import { StaticKeySet } from '../../src/crypto/key-set.js';

const SECRET = 'TOP-SECRET-jane.roe@example.com';
const key = randomBytes(32);
const otherKey = randomBytes(32);

async function failure(run: () => Promise<unknown> | unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

function assertClean(error: Error, ciphertext?: string): void {
  const text = `${error.message}\n${String(error.stack)}\n${JSON.stringify(error)}`;
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('jane.roe');
  for (const k of [key, otherKey]) {
    expect(text).not.toContain(toHex(k));
    expect(text).not.toContain(toBase64Url(k));
  }
  if (ciphertext !== undefined) {
    // No 12-character run of the ciphertext body may appear in the message.
    const body = ciphertext.slice('veil.'.length);
    for (let i = 0; i + 12 <= body.length; i += 6)
      expect(text).not.toContain(body.slice(i, i + 12));
  }
}

describe('error messages carry no secrets', () => {
  const manager = new EncryptionManager({ keys: new StaticKeySet(key, { id: 'k1' }) });
  const other = new EncryptionManager({ keys: new StaticKeySet(otherKey, { id: 'k1' }) });

  it('tampered, wrong-AAD, wrong-key and truncated ciphertexts', async () => {
    const ciphertext = await manager.encryptSymmetric(SECRET, { aad: 'a' });
    const flipped = ciphertext.slice(0, -3) + (ciphertext.endsWith('AAA') ? 'BBB' : 'AAA');
    assertClean(await failure(() => manager.decryptSymmetric(flipped, { aad: 'a' })), ciphertext);
    assertClean(
      await failure(() => manager.decryptSymmetric(ciphertext, { aad: 'b' })),
      ciphertext,
    );
    assertClean(await failure(() => other.decryptSymmetric(ciphertext, { aad: 'a' })), ciphertext);
    assertClean(await failure(() => manager.decryptSymmetric(ciphertext.slice(0, 20))), ciphertext);
    assertClean(await failure(() => manager.decryptSymmetric(`veil.${SECRET}`)));
    assertClean(await failure(() => manager.decryptSymmetric(SECRET)));
  });

  it('field errors name the path, not the value', async () => {
    const record = { id: 7, email: SECRET };
    const encrypted = await manager.encryptField({
      data: record,
      field: 'email',
      encryptionType: EncryptionType.SYMMETRIC,
      recordId: 'id',
    });
    const error = await failure(() =>
      other.decryptField({
        data: encrypted,
        field: 'email',
        encryptionType: EncryptionType.SYMMETRIC,
        recordId: 'id',
      }),
    );
    expect(error.message).toContain("field 'email'");
    assertClean(error, encrypted['email'] as string);
    const notEncrypted = await failure(() =>
      manager.decryptField({
        data: record,
        field: 'email',
        encryptionType: EncryptionType.SYMMETRIC,
      }),
    );
    expect(notEncrypted.message).toContain("field 'email'");
    assertClean(notEncrypted);
  });

  it('FF1 refusals and bad inputs', async () => {
    const cipher = new FieldCipher(new StaticKeySet(key), { algorithm: 'ff1' });
    assertClean(await failure(() => cipher.encryptValue('TOP-SECRET-12', 'ssn')));
    assertClean(await failure(() => cipher.encryptValue({ nested: SECRET }, 'ssn')));
    assertClean(await failure(() => new EncryptionManager({ keys: key.subarray(0, 16) })));
  });
});
