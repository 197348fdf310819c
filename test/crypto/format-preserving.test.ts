/**
 * FF1 format-preserving encryption: card numbers stay card-shaped, custom alphabets work, tweaks
 * change the output, and domains under one million values are refused without echoing input.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes, utf8 } from '../../src/crypto/bytes.js';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { FormatPreservingCipher } from '../../src/crypto/fpe.js';

const key = randomBytes(32);

describe('format-preserving encryption (FF1)', () => {
  it('keeps a card number card-shaped, separators in place', async () => {
    const manager = new EncryptionManager({ keys: key });
    for (const card of [
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '4111111111111111',
      '3782 822463 10005',
    ]) {
      const encrypted = await manager.encryptFormatPreserving(card);
      expect(encrypted.replace(/\d/g, '9')).toBe(card.replace(/\d/g, '9'));
      expect(encrypted).not.toBe(card);
      expect(await manager.decryptFormatPreserving(encrypted)).toBe(card);
    }
  });

  it('is deterministic per key and tweak, and the tweak changes the output', () => {
    const fpe = new FormatPreservingCipher(key);
    const a = fpe.encrypt('123-45-6789', utf8('ssn'));
    expect(fpe.encrypt('123-45-6789', utf8('ssn'))).toBe(a);
    expect(fpe.encrypt('123-45-6789', utf8('other'))).not.toBe(a);
  });

  it('works over a custom alphabet (upper-case letters and digits)', () => {
    const fpe = new FormatPreservingCipher(key, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const encrypted = fpe.encrypt('AB12-CD34');
    expect(encrypted).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(fpe.decrypt(encrypted)).toBe('AB12-CD34');
  });

  it('refuses domains smaller than one million values, without echoing the value', () => {
    const fpe = new FormatPreservingCipher(key);
    expect(() => fpe.encrypt('12345')).toThrow(
      /FF1 domain too small: 5 characters over a 10-character alphabet/,
    );
    expect(() => fpe.encrypt('98-76-5')).not.toThrow(/98-76-5/);
    expect(() => fpe.encrypt('98-76-5')).toThrow(/domain too small/);
    expect(fpe.decrypt(fpe.encrypt('123456'))).toBe('123456');
    const hex = new FormatPreservingCipher(key, '0123456789abcdef');
    expect(() => hex.encrypt('abcd')).toThrow(/domain too small/);
    expect(hex.decrypt(hex.encrypt('abcde'))).toBe('abcde');
  });

  it('rejects bad alphabets and key lengths with clear messages', () => {
    expect(() => new FormatPreservingCipher(key, 'aa')).toThrow(
      'FF1 alphabet has a repeated character',
    );
    expect(() => new FormatPreservingCipher(key, 'a')).toThrow(/2..65535 characters/);
    expect(() => new FormatPreservingCipher(randomBytes(16))).toThrow(
      'FF1 key must be 32 bytes, got 16',
    );
  });

  it('is not authenticated: a changed ciphertext decrypts to another value without error', () => {
    const fpe = new FormatPreservingCipher(key);
    const encrypted = fpe.encrypt('4111111111111111');
    const changed = (encrypted[0] === '0' ? '1' : '0') + encrypted.slice(1);
    const decrypted = fpe.decrypt(changed);
    expect(decrypted).toMatch(/^\d{16}$/);
    expect(decrypted).not.toBe('4111111111111111');
  });

  it('decrypt-field with ff1 refuses an AEAD ciphertext instead of returning noise', async () => {
    const { FieldCipher } = await import('../../src/crypto/field-cipher.js');
    const { StaticKeySet } = await import('../../src/crypto/key-set.js');
    const keys = new StaticKeySet(key);
    const sealed = new FieldCipher(keys, { algorithm: 'xchacha20-poly1305' }).encryptValue(
      '4111111111111111',
      'card',
    );
    expect(() => new FieldCipher(keys, { algorithm: 'ff1' }).decryptValue(sealed, 'card')).toThrow(
      "field 'card': value is an AEAD ciphertext, not FF1 output",
    );
  });
});
