/**
 * An open-addressing hash table keyed by fixed-width integer tuples, with a weight per key.
 * It is the "groupify" step of every algorithm here: equivalence classes are the distinct
 * generalized tuples. Keys live in one flat Int32Array and slots in another, so grouping
 * 20,000 tuples allocates three arrays instead of 20,000 joined-string keys.
 */
export class TupleTable {
  /** Keys of the groups, `size * width` integers in insertion order. */
  keys: Int32Array;
  /** Weight of each group, in insertion order. */
  weights: Float64Array;
  size = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(
    readonly width: number,
    expected: number,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.keys = new Int32Array(Math.max(1, expected) * width);
    this.weights = new Float64Array(Math.max(1, expected));
  }

  private hash(source: Int32Array, offset: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.width; i++) {
      h = Math.imul(h ^ source[offset + i]!, 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h;
  }

  /** Adds `weight` to the group of the tuple at `source[offset..offset+width)`; returns its index. */
  add(source: Int32Array, offset: number, weight: number): number {
    const w = this.width;
    let slot = this.hash(source, offset) & this.mask;
    for (;;) {
      const g = this.slots[slot]!;
      if (g === -1) break;
      let equal = true;
      const base = g * w;
      for (let i = 0; i < w; i++) {
        if (this.keys[base + i] !== source[offset + i]) {
          equal = false;
          break;
        }
      }
      if (equal) {
        this.weights[g]! += weight;
        return g;
      }
      slot = (slot + 1) & this.mask;
    }

    const g = this.size;
    if ((g + 1) * w > this.keys.length) this.growKeys();
    this.keys.set(source.subarray(offset, offset + w), g * w);
    this.weights[g] = weight;
    this.slots[slot] = g;
    this.size = g + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return g;
  }

  /** Index of the tuple's group, or -1. */
  find(source: Int32Array, offset: number): number {
    const w = this.width;
    let slot = this.hash(source, offset) & this.mask;
    for (;;) {
      const g = this.slots[slot]!;
      if (g === -1) return -1;
      let equal = true;
      const base = g * w;
      for (let i = 0; i < w; i++) {
        if (this.keys[base + i] !== source[offset + i]) {
          equal = false;
          break;
        }
      }
      if (equal) return g;
      slot = (slot + 1) & this.mask;
    }
  }

  private growKeys(): void {
    const keys = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const weights = new Float64Array(this.weights.length * 2);
    weights.set(this.weights);
    this.weights = weights;
  }

  private rehash(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let g = 0; g < this.size; g++) {
      let slot = this.hash(this.keys, g * this.width) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = g;
    }
  }
}
