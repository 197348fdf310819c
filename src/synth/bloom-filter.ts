/**
 * A Bloom filter over strings: "definitely not seen" or "maybe seen", in a fixed number of bits.
 *
 * Two uses in synth, both of which only need the "definitely not" answer to be exact:
 * - unique fields: a value the filter may have seen is redrawn, so a false positive costs one
 *   extra draw and a false negative never happens, which keeps the uniqueness guarantee exact
 *   in ~14.4 bits per value instead of a Set's ~80 bytes;
 * - fit-from-data: synthetic rows whose quasi-identifiers may equal a real row's are redrawn.
 *
 * Hashing: two 32-bit hashes of the UTF-16 code units (FNV-1a and a Murmur-style multiply-xor),
 * combined by double hashing (Kirsch and Mitzenmacher, 2006), which keeps the false-positive
 * rate of k independent hashes.
 */

// The two hashes of the last string, kept in module state to avoid allocating a pair per call.
let hashA = 0;
let hashB = 0;

function hashPair(text: string): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  hashA = h1 >>> 0;
  // An even step would only visit half of a power-of-two table; force it odd.
  hashB = (h2 ^ (h2 >>> 16)) | 1;
}

export class BloomFilter {
  readonly bits: Uint32Array;
  readonly hashes: number;
  private readonly mask: number;

  /**
   * Sized for `expected` distinct values at false-positive rate `rate`:
   * m = -n ln p / (ln 2)^2 bits and k = (m/n) ln 2 hashes.
   */
  static forCapacity(expected: number, rate = 1e-3): BloomFilter {
    const n = Math.max(1, expected);
    const m = Math.ceil((-n * Math.log(rate)) / Math.LN2 ** 2);
    const k = Math.max(1, Math.round((m / n) * Math.LN2));
    // Round the table up to a power of two so that a mask replaces the modulo.
    const words = 2 ** Math.ceil(Math.log2(Math.max(2, Math.ceil(m / 32))));
    return new BloomFilter(new Uint32Array(words), k);
  }

  constructor(bits: Uint32Array, hashes: number) {
    if (bits.length === 0 || (bits.length & (bits.length - 1)) !== 0) {
      throw new RangeError('Bloom filter size must be a power of two words');
    }
    this.bits = bits;
    this.hashes = hashes;
    this.mask = bits.length * 32 - 1;
  }

  /** True when `text` may have been added; false means it certainly was not. */
  mightContain(text: string): boolean {
    hashPair(text);
    const bits = this.bits;
    for (let i = 0; i < this.hashes; i++) {
      const slot = (hashA + Math.imul(i, hashB)) & this.mask;
      if ((bits[slot >>> 5]! & (1 << (slot & 31))) === 0) return false;
    }
    return true;
  }

  /** The filter's two hashes of `text`, to store now and `addHashes` later. */
  static hashes(text: string): [number, number] {
    hashPair(text);
    return [hashA, hashB];
  }

  addHashes(a: number, b: number): void {
    const bits = this.bits;
    for (let i = 0; i < this.hashes; i++) {
      const slot = (a + Math.imul(i, b)) & this.mask;
      bits[slot >>> 5]! |= 1 << (slot & 31);
    }
  }

  add(text: string): void {
    hashPair(text);
    const bits = this.bits;
    for (let i = 0; i < this.hashes; i++) {
      const slot = (hashA + Math.imul(i, hashB)) & this.mask;
      bits[slot >>> 5]! |= 1 << (slot & 31);
    }
  }

  /** Serialises to base64 (for a barrier stage's JSON plan). */
  toJSON(): { bits: string; hashes: number } {
    return { bits: Buffer.from(this.bits.buffer, this.bits.byteOffset, this.bits.byteLength).toString('base64'), hashes: this.hashes };
  }

  static fromJSON(json: { bits: string; hashes: number }): BloomFilter {
    const bytes = Buffer.from(json.bits, 'base64');
    const words = new Uint32Array(bytes.byteLength / 4);
    new Uint8Array(words.buffer).set(bytes);
    return new BloomFilter(words, json.hashes);
  }
}
