/**
 * The random source behind every synthetic value: a small counter-based PRNG (SFC32) seeded per
 * record from (run seed, record index), so record i is a pure function of the seed and i. That is
 * what makes the output identical at any thread count and batch size: no worker ever carries
 * random state from one record to the next.
 *
 * We rejected faker's own Mersenne Twister for the per-record seed: re-seeding it means
 * re-filling 624 words per record (~3 µs), more than generating most fields. SFC32 seeds in a
 * dozen rounds and passes PractRand to 2^40 bytes, which is plenty for test data. It is not a
 * cryptographic generator; keyed surrogates get their randomness from HMAC instead (see
 * `surrogate.ts`), and only use this generator to expand it.
 */
import type { Randomizer } from '@faker-js/faker';

/** 32-bit mix (the finaliser of MurmurHash3), used to spread seeds and indices over all bits. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded generator with a faker-compatible `randomizer` view. One instance per worker is
 * re-seeded before each record; methods are bound closures because faker detaches `next`.
 */
export class SeededRandom {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  /** The view faker consumes; it shares this generator's state. */
  readonly randomizer: Randomizer = {
    next: () => this.next(),
    seed: (seed: number | number[]) => this.seed(Array.isArray(seed) ? seed : [seed]),
  };

  constructor(words: readonly number[] = [0]) {
    this.seed(words);
  }

  /** Seeds from up to four 32-bit words; any numbers are accepted and folded into 32 bits. */
  seed(words: readonly number[]): void {
    this.a = mix32((words[0] ?? 0) ^ 0x9e3779b9);
    this.b = mix32((words[1] ?? 0) ^ 0x243f6a88);
    this.c = mix32((words[2] ?? 0) ^ 0xb7e15162);
    this.d = mix32((words[3] ?? 0) ^ 0x5851f42d) | 1;
    // SFC32's authors discard the first outputs so that related seeds diverge.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive, both safe integers). */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= 4294967296) return min + Math.floor(this.next() * span);
    // Wider ranges need more than 32 bits: combine two draws into a 53-bit fraction.
    const fraction = (this.nextUint32() * 2097152 + (this.nextUint32() >>> 11)) / 9007199254740992;
    return min + Math.floor(fraction * span);
  }

  /** A standard normal deviate (Box-Muller; the second value is dropped to stay stateless). */
  normal(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Picks an index with probability proportional to `cumulative[i] - cumulative[i-1]`. */
  weightedIndex(cumulative: Float64Array | readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const target = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Folds a user seed (any safe integer, or a string) into two 32-bit words, so that seeds above
 * 2^32 are not silently truncated into collisions.
 */
export function seedWords(seed: number | string): [number, number] {
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    return [low, high];
  }
  // Strings (and non-integer numbers, by their decimal text) hash with FNV-1a into two words.
  const text = String(seed);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return [h1 >>> 0, mix32(h2) ^ 0x7f4a7c15];
}
