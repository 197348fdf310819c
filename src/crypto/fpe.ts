/**
 * Format-preserving encryption with FF1 (NIST SP 800-38G, AES-256 as the block cipher), from
 * @noble/ciphers. Characters of the alphabet are encrypted as one numeral string; every other
 * character (a separator such as '-' or ' ') stays where it is, so "4111 1111 1111 1111" comes
 * out as another 16-digit, space-separated string.
 *
 * FF1 output is NOT authenticated: a changed ciphertext decrypts to a different, plausible value
 * without any error. Use an AEAD mode where integrity matters.
 *
 * Domains below one million values (radix^length < 10^6) are refused: the 2025 revision of
 * SP 800-38G raises FF1's minimum domain to 10^6, because small domains fall to
 * message-recovery attacks with few queries.
 */
import { FF1 } from '@noble/ciphers/ff1.js';
import { CryptoError } from '../errors/crypto-error.js';
import { DIGITS } from './alphabets.js';

export { DIGITS };
/** The smallest domain FF1 accepts here (SP 800-38G, 2025 revision). */
export const MIN_FPE_DOMAIN = 1_000_000;
/** Longest numeral string accepted; FF1's BigInt rounds grow quadratically with length. */
export const MAX_FPE_NUMERALS = 1024;

type Ff1Instance = ReturnType<typeof FF1>;

/** FF1 over a caller-chosen alphabet, keeping non-alphabet characters in place. */
export class FormatPreservingCipher {
  readonly alphabet: readonly string[];
  readonly #index: Map<string, number>;
  readonly #key: Uint8Array;
  readonly #byTweak = new Map<string, Ff1Instance>();

  /**
   * @param key 32 bytes (AES-256); copied.
   * @param alphabet the characters that are encrypted, in numeral order (default `0123456789`).
   */
  constructor(key: Uint8Array, alphabet: string = DIGITS) {
    if (key.length !== 32)
      throw new CryptoError('VEIL_CRYPTO_INPUT', `FF1 key must be 32 bytes, got ${key.length}`);
    const symbols = Array.from(alphabet);
    if (symbols.length < 2 || symbols.length > 65535) {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `FF1 alphabet must have 2..65535 characters, got ${symbols.length}`,
      );
    }
    if (new Set(symbols).size !== symbols.length) {
      throw new CryptoError('VEIL_CRYPTO_INPUT', 'FF1 alphabet has a repeated character');
    }
    this.alphabet = symbols;
    this.#index = new Map(symbols.map((s, i) => [s, i]));
    this.#key = key.slice();
  }

  get radix(): number {
    return this.alphabet.length;
  }

  /** Encrypts the alphabet characters of `value` under `tweak` (bytes; empty by default). */
  encrypt(value: string, tweak: Uint8Array = new Uint8Array(0)): string {
    return this.#apply(value, tweak, 'encrypt');
  }

  decrypt(value: string, tweak: Uint8Array = new Uint8Array(0)): string {
    return this.#apply(value, tweak, 'decrypt');
  }

  #instance(tweak: Uint8Array): Ff1Instance {
    const cacheKey = Buffer.from(tweak).toString('latin1');
    let instance = this.#byTweak.get(cacheKey);
    if (instance === undefined) {
      instance = FF1(this.radix, this.#key, tweak);
      // A bounded cache: per-record tweaks would otherwise grow it without limit.
      if (this.#byTweak.size >= 256) this.#byTweak.clear();
      this.#byTweak.set(cacheKey, instance);
    }
    return instance;
  }

  #apply(value: string, tweak: Uint8Array, direction: 'encrypt' | 'decrypt'): string {
    const chars = Array.from(value);
    const positions: number[] = [];
    const numerals: number[] = [];
    for (let i = 0; i < chars.length; i++) {
      const numeral = this.#index.get(chars[i] as string);
      if (numeral !== undefined) {
        positions.push(i);
        numerals.push(numeral);
      }
    }

    if (numerals.length > MAX_FPE_NUMERALS) {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `FF1 input has ${numerals.length} alphabet characters; at most ${MAX_FPE_NUMERALS} are accepted`,
      );
    }
    // radix^n >= 10^6, compared exactly with BigInt so no float rounding lets a small domain in.
    const domain = BigInt(this.radix) ** BigInt(numerals.length);
    if (domain < BigInt(MIN_FPE_DOMAIN)) {
      throw new CryptoError(
        'VEIL_CRYPTO_INPUT',
        `FF1 domain too small: ${numerals.length} characters over a ${this.radix}-character alphabet give fewer than ${MIN_FPE_DOMAIN.toLocaleString('en-US')} values (NIST SP 800-38G minimum)`,
      );
    }

    const ff1 = this.#instance(tweak);
    const output = direction === 'encrypt' ? ff1.encrypt(numerals) : ff1.decrypt(numerals);
    for (let j = 0; j < positions.length; j++) {
      chars[positions[j] as number] = this.alphabet[output[j] as number] as string;
    }
    return chars.join('');
  }
}
