/**
 * FF1: NIST SP 800-38G sample vectors, through @noble's FF1 directly (AES-128 and AES-256) and
 * through Veil's `FormatPreservingCipher` (AES-256 samples, alphabet API).
 */
import { FF1 } from '@noble/ciphers/ff1.js';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/crypto/bytes.js';
import { FormatPreservingCipher } from '../../src/crypto/fpe.js';
import { FF1_ALPHABET_36, FF1_SAMPLES } from './fixtures/sp800-38g.js';

const toNumerals = (text: string) => Array.from(text, (c) => FF1_ALPHABET_36.indexOf(c));
const fromNumerals = (digits: number[]) => digits.map((d) => FF1_ALPHABET_36[d]).join('');

describe('FF1: NIST SP 800-38G samples', () => {
  it.each(FF1_SAMPLES.map((s) => [s.sample, s] as const))(
    'sample %i encrypts and decrypts',
    (_n, s) => {
      const ff1 = FF1(s.radix, fromHex(s.key), fromHex(s.tweak));
      expect(fromNumerals(ff1.encrypt(toNumerals(s.plaintext)))).toBe(s.ciphertext);
      expect(fromNumerals(ff1.decrypt(toNumerals(s.ciphertext)))).toBe(s.plaintext);
    },
  );

  it.each(FF1_SAMPLES.filter((s) => s.key.length === 64).map((s) => [s.sample, s] as const))(
    'FormatPreservingCipher reproduces AES-256 sample %i',
    (_n, s) => {
      const cipher = new FormatPreservingCipher(fromHex(s.key), FF1_ALPHABET_36.slice(0, s.radix));
      expect(cipher.encrypt(s.plaintext, fromHex(s.tweak))).toBe(s.ciphertext);
      expect(cipher.decrypt(s.ciphertext, fromHex(s.tweak))).toBe(s.plaintext);
    },
  );
});
