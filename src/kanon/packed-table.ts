/**
 * A hash table keyed by non-negative integers below 2^53 (a generalized tuple packed in mixed
 * radix), with a weight per key. When the product of the column domains fits in 2^53, the
 * lattice search groups with this table instead of `TupleTable`: one number per group instead
 * of one integer per column, which made Adult's four published searches 2.3x to 7x faster than
 * with `TupleTable` (measured on the shared development machine).
 *
 * The slot array is shared between tables of one thread and cleared after use, because a search
 * builds thousands of short-lived groupings and allocating a fresh slot array each time showed
 * up as garbage-collection time in profiles. Hence the rule: at most one unsealed table per
 * thread at any time.
 */
let sharedSlots = new Int32Array(1024).fill(-1);

export class PackedTable {
  keys: Float64Array;
  weights: Float64Array;
  size = 0;
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `maxSize` is an upper bound on the number of distinct keys that will be added. */
  constructor(maxSize: number) {
    let capacity = 16;
    while (capacity < maxSize * 2) capacity *= 2;
    if (sharedSlots.length < capacity) sharedSlots = new Int32Array(capacity).fill(-1);
    this.slots = sharedSlots;
    this.mask = capacity - 1;
    this.keys = new Float64Array(Math.max(1, maxSize));
    this.weights = new Float64Array(Math.max(1, maxSize));
  }

  private static hash(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** Adds `weight` to `key`'s group and returns the group index. */
  add(key: number, weight: number): number {
    const mask = this.mask;
    const slots = this.slots;
    let slot = PackedTable.hash(key) & mask;
    for (;;) {
      const g = slots[slot]!;
      if (g === -1) break;
      if (this.keys[g] === key) {
        this.weights[g]! += weight;
        return g;
      }
      slot = (slot + 1) & mask;
    }
    const g = this.size++;
    this.keys[g] = key;
    this.weights[g] = weight;
    slots[slot] = g;
    return g;
  }

  /**
   * Clears the shared slots this table used and trims the arrays to the groups found.
   * The table must not be added to afterwards.
   */
  seal(): { keys: Float64Array; weights: Float64Array; size: number } {
    this.slots.fill(-1, 0, this.mask + 1);
    return { keys: this.keys.slice(0, this.size), weights: this.weights.slice(0, this.size), size: this.size };
  }
}
