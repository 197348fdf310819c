/**
 * Grouping and class assessment shared by the full-domain search and the final recoding:
 * roll a grouping up one hierarchy level, then find the equivalence classes that fail the
 * privacy models (the outliers) and the discernibility figures of the grouping.
 */
import type { EncodedHierarchy, WeightedTable } from './table.js';
import { SensitiveCheck, type PrivacyModels } from './privacy-models.js';
import { TupleTable } from './tuple-table.js';
import { PackedTable } from './packed-table.js';

/**
 * Groups of generalized tuples with their record counts. `keys` holds either `width` label codes
 * per group (`Int32Array`) or one mixed-radix number per group (`Float64Array`); which one is up
 * to the `GroupOps` that built it.
 */
export interface Grouping {
  readonly keys: Int32Array | Float64Array;
  readonly weights: Float64Array;
  readonly size: number;
}

/** Outcome of checking a grouping's equivalence classes against the models. */
export interface Assessment {
  /** Per group: 1 when its class fails a model (outlier). */
  readonly outlier: Uint8Array;
  /** Records in failing classes. */
  readonly suppressed: number;
  /** Number of classes (over the quasi-identifiers). */
  readonly classes: number;
  /** Sum of squared class sizes over all classes: DM*, a lower bound for every successor. */
  readonly dmStar: number;
  /** ARX's DM: squared sizes of passing classes, plus `total` per suppressed record. */
  readonly dm: number;
  /**
   * A lower bound of DM for this node and every generalization of it: a record of a class of
   * size c >= k costs at least c (its class can only grow), one of a class below k at least k
   * (it ends in a class of >= k records, or suppressed at the table size). Tighter than DM*.
   */
  readonly dmBound: number;
}

/** The grouping operations of the lattice search, over one table and its hierarchies. */
export interface GroupOps {
  /** Groups of the untransformed table. */
  bottom(): Grouping;
  /** Moves column `dim` of every group one level up (`parent` maps label codes) and merges. */
  rollUp(g: Grouping, dim: number, parent: Int32Array): Grouping;
  /**
   * Generalizes a grouping straight to other levels: `maps[j]` maps column j's label codes at
   * the grouping's level to its labels at the target level (undefined for columns that stay).
   * From the bottom grouping, `maps[j]` is the hierarchy's `map[level]`.
   */
  derive(g: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping;
  /** Label code of group `i` in quasi-identifier `dim`. */
  code(g: Grouping, i: number, dim: number): number;
  /** Checks the classes against the models. */
  assess(g: Grouping): Assessment;
}

/**
 * Picks the 32-bit representation when every column's codes fit in 32 bits together (Adult
 * needs 28, 32 with occupation), the mixed-radix one below 2^51, the tuple one otherwise.
 */
export function groupOpsFor(table: WeightedTable, models: PrivacyModels): GroupOps {
  const check = sensitiveCheckFor(table, models);
  const width = check === undefined ? table.qi.length : table.qi.length + 1;
  const bits = BitOps.bitsFor(table, width);
  if (bits !== undefined) return new BitOps(table, models, check, width, bits);
  let product = 1;
  for (let c = 0; c < width; c++) product *= Math.max(1, table.dictionaries[c]!.length);
  return product < 2 ** 51
    ? new PackedOps(table, models, check, width)
    : new TupleOps(table, models, check, width);
}

class Sizes {
  suppressed = 0;
  dmStar = 0;
  dm = 0;
  dmBound = 0;
}

/**
 * Assessment of a grouping whose groups are already classes (no sensitive column). Sums in
 * locals rather than a `Sizes`: this runs once per lattice node.
 */
function assessClasses(weights: Float64Array, size: number, k: number, total: number): Assessment {
  const outlier = new Uint8Array(size);
  const floor = Math.min(k, total);
  let suppressed = 0;
  let dmStar = 0;
  let large = 0;
  for (let i = 0; i < size; i++) {
    const w = weights[i]!;
    dmStar += w * w;
    if (w < k) {
      outlier[i] = 1;
      suppressed += w;
    } else {
      large += w * w;
    }
  }
  return {
    outlier,
    suppressed,
    classes: size,
    dmStar,
    dm: large + total * suppressed,
    dmBound: large + floor * suppressed,
  };
}

/**
 * Assessment when groups carry a sensitive code: `classOf` maps groups to classes, whose
 * histograms are built in a CSR layout (counting sort of groups by class) and checked.
 */
function assessWithSensitive(
  classOf: Int32Array,
  classWeights: Float64Array,
  classCount: number,
  sensitiveOf: Int32Array,
  weights: Float64Array,
  k: number,
  total: number,
  check: SensitiveCheck,
  sensitiveDomain: number,
): Assessment {
  const n = classOf.length;
  const start = new Int32Array(classCount + 1);
  for (let i = 0; i < n; i++) start[classOf[i]! + 1]!++;
  for (let c = 0; c < classCount; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, classCount);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[cursor[classOf[i]!]!++] = i;

  const histogram = new Float64Array(sensitiveDomain);
  const fails = new Uint8Array(classCount);
  const s = new Sizes();
  for (let c = 0; c < classCount; c++) {
    const size = classWeights[c]!;
    s.dmStar += size * size;
    s.dmBound += size < k ? size * Math.min(k, total) : size * size;
    let ok = size >= k;
    if (ok) {
      for (let j = start[c]!; j < start[c + 1]!; j++) {
        const i = members[j]!;
        histogram[sensitiveOf[i]!]! += weights[i]!;
      }
      ok = check.check(histogram, size);
      for (let j = start[c]!; j < start[c + 1]!; j++) histogram[sensitiveOf[members[j]!]!] = 0;
    }
    if (ok) {
      s.dm += size * size;
    } else {
      fails[c] = 1;
      s.suppressed += size;
      s.dm += total * size;
    }
  }
  const outlier = new Uint8Array(n);
  for (let i = 0; i < n; i++) outlier[i] = fails[classOf[i]!]!;
  return { outlier, suppressed: s.suppressed, classes: classCount, dmStar: s.dmStar, dm: s.dm, dmBound: s.dmBound };
}

/**
 * Groups as one 32-bit integer each: column c owns enough bits for its level-0 domain (a label
 * at a higher level has a smaller code than the domain), column 0 in the high bits and the
 * sensitive code in the low ones. Rolling a column up is a shift, a mask and one lookup per
 * group, and hashing is one multiplication (Fibonacci hashing), against divisions and a float
 * hash for `PackedOps`: on Adult's 5% searches this alone cut the search's CPU time from 345 to
 * 214 ms at k=5 and from 381 to 266 ms at k=10 (back-to-back runs on the shared machine).
 */
class BitOps implements GroupOps {
  private readonly shift: Int32Array;
  private readonly mask: Int32Array;
  private slots = new Int32Array(16).fill(-1);
  private scratch = new Int32Array(16);
  private outKeys = new Int32Array(16);
  private outWeights = new Float64Array(16);

  constructor(
    private readonly table: WeightedTable,
    private readonly models: PrivacyModels,
    private readonly check: SensitiveCheck | undefined,
    private readonly width: number,
    bits: readonly number[],
  ) {
    this.shift = new Int32Array(width);
    this.mask = new Int32Array(width);
    let s = 0;
    for (let c = width - 1; c >= 0; c--) {
      this.shift[c] = s;
      this.mask[c] = bits[c] === 0 ? 0 : (1 << bits[c]!) - 1;
      s += bits[c]!;
    }
  }

  /** Bits per column of `table`'s first `width` columns, or undefined beyond 32 in all. */
  static bitsFor(table: WeightedTable, width: number): number[] | undefined {
    const bits: number[] = [];
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const domain = table.dictionaries[c]!.length;
      let b = 0;
      while (b < 31 && 1 << b < domain) b++;
      bits.push(b);
      sum += b;
    }
    return sum <= 32 ? bits : undefined;
  }

  /** A scratch array of at least `n` keys, reused between calls (one grouping at a time). */
  private keysBuffer(n: number): Int32Array {
    if (this.scratch.length < n) this.scratch = new Int32Array(Math.max(n, 2 * this.scratch.length));
    return this.scratch;
  }

  /**
   * Grows the slot array (kept cleared between calls) to at least twice `n` slots; returns the
   * shift that maps a 32-bit hash to one of the 2^(32 - shift) slots used for this grouping.
   */
  private slotsFor(n: number): number {
    let logCapacity = 4;
    while (1 << logCapacity < 2 * n) logCapacity++;
    if (this.slots.length < 1 << logCapacity) this.slots = new Int32Array(1 << logCapacity).fill(-1);
    return 32 - logCapacity;
  }

  /** Output arrays of at least `n` groups, reused between calls; results are copied out. */
  private outputFor(n: number): void {
    if (this.outKeys.length >= n) return;
    const capacity = Math.max(n, 2 * this.outKeys.length);
    this.outKeys = new Int32Array(capacity);
    this.outWeights = new Float64Array(capacity);
  }

  /** Copies the `size` groups out and clears the slots used (`hashShift` from `slotsFor`). */
  private sealGroups(size: number, hashShift: number): Grouping {
    this.slots.fill(-1, 0, 1 << (32 - hashShift));
    return { keys: this.outKeys.slice(0, size), weights: this.outWeights.slice(0, size), size };
  }

  /**
   * Merges equal keys among `keys[0..n)`, adding their weights; `groupOf`, when given, receives
   * each key's group index. Linear probing over a slot array kept between calls, as allocating
   * one per lattice node showed up as collection time.
   */
  private group(keys: Int32Array, weights: Float64Array, n: number, groupOf?: Int32Array): Grouping {
    const hashShift = this.slotsFor(n);
    this.outputFor(n);
    const slots = this.slots;
    const mask = (1 << (32 - hashShift)) - 1;
    const outKeys = this.outKeys;
    const outWeights = this.outWeights;
    let size = 0;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      let slot = Math.imul(key, 0x9e3779b1) >>> hashShift;
      let g = slots[slot]!;
      while (g !== -1 && outKeys[g] !== key) {
        slot = (slot + 1) & mask;
        g = slots[slot]!;
      }
      if (g === -1) {
        g = size++;
        slots[slot] = g;
        outKeys[g] = key;
        outWeights[g] = weights[i]!;
      } else {
        outWeights[g]! += weights[i]!;
      }
      if (groupOf !== undefined) groupOf[i] = g;
    }
    return this.sealGroups(size, hashShift);
  }

  bottom(): Grouping {
    const t = this.table;
    const keys = this.keysBuffer(t.rowCount);
    for (let r = 0; r < t.rowCount; r++) {
      let key = 0;
      for (let c = 0; c < this.width; c++) key |= t.rows[r * t.width + c]! << this.shift[c]!;
      keys[r] = key;
    }
    return this.group(keys, t.weights, t.rowCount);
  }

  // The hottest loop of the 5% searches: `group` inlined by hand, as the separate pass over a
  // key buffer cost about a fifth more CPU time on Adult.
  rollUp(g: Grouping, dim: number, parent: Int32Array): Grouping {
    const n = g.size;
    const from = g.keys as Int32Array;
    const weights = g.weights;
    const shift = this.shift[dim]!;
    const columnMask = this.mask[dim]!;
    const keep = ~(columnMask << shift);
    const hashShift = this.slotsFor(n);
    this.outputFor(n);
    const slots = this.slots;
    const mask = (1 << (32 - hashShift)) - 1;
    const outKeys = this.outKeys;
    const outWeights = this.outWeights;
    let size = 0;
    for (let i = 0; i < n; i++) {
      const old = from[i]!;
      const key = (old & keep) | (parent[(old >>> shift) & columnMask]! << shift);
      let slot = Math.imul(key, 0x9e3779b1) >>> hashShift;
      let found = slots[slot]!;
      while (found !== -1 && outKeys[found] !== key) {
        slot = (slot + 1) & mask;
        found = slots[slot]!;
      }
      if (found === -1) {
        slots[slot] = size;
        outKeys[size] = key;
        outWeights[size] = weights[i]!;
        size++;
      } else {
        outWeights[found]! += weights[i]!;
      }
    }
    return this.sealGroups(size, hashShift);
  }

  derive(g: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping {
    let keep = -1;
    const shifted: Int32Array[] = [];
    const shifts: number[] = [];
    const masks: number[] = [];
    for (let c = 0; c < maps.length; c++) {
      const map = maps[c];
      if (map === undefined) continue;
      const shift = this.shift[c]!;
      keep &= ~(this.mask[c]! << shift);
      // The target label already in place, so a column costs one lookup and one or.
      shifted.push(map.map((label) => label << shift));
      shifts.push(shift);
      masks.push(this.mask[c]!);
    }
    const from = g.keys as Int32Array;
    const keys = this.keysBuffer(g.size);
    const changed = shifted.length;
    for (let i = 0; i < g.size; i++) {
      const key = from[i]!;
      let out = key & keep;
      for (let j = 0; j < changed; j++) out |= shifted[j]![(key >>> shifts[j]!) & masks[j]!]!;
      keys[i] = out;
    }
    return this.group(keys, g.weights, g.size);
  }

  code(g: Grouping, i: number, dim: number): number {
    return ((g.keys as Int32Array)[i]! >>> this.shift[dim]!) & this.mask[dim]!;
  }

  assess(g: Grouping): Assessment {
    const total = this.table.total;
    if (this.check === undefined) return assessClasses(g.weights, g.size, this.models.k, total);
    const keys = g.keys as Int32Array;
    const s = this.width - 1;
    const classShift = this.shift[s - 1]!;
    const sensitiveMask = this.mask[s]!;
    const classKeys = this.keysBuffer(g.size);
    const sensitiveOf = new Int32Array(g.size);
    for (let i = 0; i < g.size; i++) {
      classKeys[i] = keys[i]! >>> classShift;
      sensitiveOf[i] = keys[i]! & sensitiveMask;
    }
    const classOf = new Int32Array(g.size);
    const classes = this.group(classKeys, g.weights, g.size, classOf);
    return assessWithSensitive(
      classOf,
      classes.weights,
      classes.size,
      sensitiveOf,
      g.weights,
      this.models.k,
      total,
      this.check,
      this.table.dictionaries[s]!.length,
    );
  }
}

/** Groups as one mixed-radix number each: column 0 most significant, sensitive code last. */
class PackedOps implements GroupOps {
  private readonly radix: number[] = [];
  private readonly domain: number[] = [];
  private readonly sensitiveDomain: number;

  constructor(
    private readonly table: WeightedTable,
    private readonly models: PrivacyModels,
    private readonly check: SensitiveCheck | undefined,
    private readonly width: number,
  ) {
    let r = 1;
    for (let c = width - 1; c >= 0; c--) {
      this.radix[c] = r;
      this.domain[c] = Math.max(1, table.dictionaries[c]!.length);
      r *= this.domain[c]!;
    }
    this.sensitiveDomain = check === undefined ? 0 : this.domain[table.qi.length]!;
  }

  bottom(): Grouping {
    const t = this.table;
    const p = new PackedTable(t.rowCount);
    for (let r = 0; r < t.rowCount; r++) {
      let key = 0;
      for (let c = 0; c < this.width; c++) key += t.rows[r * t.width + c]! * this.radix[c]!;
      p.add(key, t.weights[r]!);
    }
    return p.seal();
  }

  rollUp(g: Grouping, dim: number, parent: Int32Array): Grouping {
    const keys = g.keys as Float64Array;
    const r = this.radix[dim]!;
    const d = this.domain[dim]!;
    const p = new PackedTable(g.size);
    for (let i = 0; i < g.size; i++) {
      const key = keys[i]!;
      const c = Math.floor(key / r) % d;
      p.add(key + (parent[c]! - c) * r, g.weights[i]!);
    }
    return p.seal();
  }

  derive(g: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping {
    const keys = g.keys as Float64Array;
    const p = new PackedTable(g.size);
    for (let i = 0; i < g.size; i++) {
      let key = keys[i]!;
      for (let c = 0; c < maps.length; c++) {
        const map = maps[c];
        if (map === undefined) continue;
        const r = this.radix[c]!;
        const code = Math.floor(key / r) % this.domain[c]!;
        key += (map[code]! - code) * r;
      }
      p.add(key, g.weights[i]!);
    }
    return p.seal();
  }

  code(g: Grouping, i: number, dim: number): number {
    return Math.floor((g.keys as Float64Array)[i]! / this.radix[dim]!) % this.domain[dim]!;
  }

  assess(g: Grouping): Assessment {
    const total = this.table.total;
    if (this.check === undefined) return assessClasses(g.weights, g.size, this.models.k, total);
    const keys = g.keys as Float64Array;
    const s = this.sensitiveDomain;
    const classes = new PackedTable(g.size);
    const classOf = new Int32Array(g.size);
    const sensitiveOf = new Int32Array(g.size);
    for (let i = 0; i < g.size; i++) {
      const classKey = Math.floor(keys[i]! / s);
      sensitiveOf[i] = keys[i]! - classKey * s;
      classOf[i] = classes.add(classKey, g.weights[i]!);
    }
    const sealed = classes.seal();
    return assessWithSensitive(
      classOf,
      sealed.weights,
      sealed.size,
      sensitiveOf,
      g.weights,
      this.models.k,
      total,
      this.check,
      s,
    );
  }
}

/** Groups as `width` label codes each, for domains too large to pack in a double. */
class TupleOps implements GroupOps {
  constructor(
    private readonly table: WeightedTable,
    private readonly models: PrivacyModels,
    private readonly check: SensitiveCheck | undefined,
    private readonly width: number,
  ) {}

  bottom(): Grouping {
    const t = this.table;
    const tuples = new TupleTable(this.width, t.rowCount);
    for (let r = 0; r < t.rowCount; r++) tuples.add(t.rows, r * t.width, t.weights[r]!);
    return { keys: tuples.keys, weights: tuples.weights, size: tuples.size };
  }

  rollUp(g: Grouping, dim: number, parent: Int32Array): Grouping {
    const w = this.width;
    const keys = g.keys as Int32Array;
    const t = new TupleTable(w, g.size);
    const key = new Int32Array(w);
    for (let i = 0; i < g.size; i++) {
      for (let c = 0; c < w; c++) key[c] = keys[i * w + c]!;
      key[dim] = parent[key[dim]!]!;
      t.add(key, 0, g.weights[i]!);
    }
    return { keys: t.keys, weights: t.weights, size: t.size };
  }

  derive(g: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping {
    const w = this.width;
    const keys = g.keys as Int32Array;
    const t = new TupleTable(w, g.size);
    const key = new Int32Array(w);
    for (let i = 0; i < g.size; i++) {
      for (let c = 0; c < w; c++) {
        const map = c < maps.length ? maps[c] : undefined;
        key[c] = map === undefined ? keys[i * w + c]! : map[keys[i * w + c]!]!;
      }
      t.add(key, 0, g.weights[i]!);
    }
    return { keys: t.keys, weights: t.weights, size: t.size };
  }

  code(g: Grouping, i: number, dim: number): number {
    return (g.keys as Int32Array)[i * this.width + dim]!;
  }

  assess(g: Grouping): Assessment {
    const total = this.table.total;
    if (this.check === undefined) return assessClasses(g.weights, g.size, this.models.k, total);
    const m = this.table.qi.length;
    const keys = g.keys as Int32Array;
    const classes = new TupleTable(m, g.size);
    const classOf = new Int32Array(g.size);
    const sensitiveOf = new Int32Array(g.size);
    for (let i = 0; i < g.size; i++) {
      classOf[i] = classes.add(keys, i * this.width, g.weights[i]!);
      sensitiveOf[i] = keys[i * this.width + m]!;
    }
    return assessWithSensitive(
      classOf,
      classes.weights,
      classes.size,
      sensitiveOf,
      g.weights,
      this.models.k,
      total,
      this.check,
      this.domainOfSensitive(),
    );
  }

  private domainOfSensitive(): number {
    return this.table.dictionaries[this.table.qi.length]!.length;
  }
}

/** Table-wide counts of each sensitive value code. */
export function sensitiveCounts(table: WeightedTable): Float64Array {
  const s = table.qi.length;
  const counts = new Float64Array(table.dictionaries[s]?.length ?? 0);
  if (table.sensitive === undefined) return counts;
  for (let r = 0; r < table.rowCount; r++) counts[table.rows[r * table.width + s]!]! += table.weights[r]!;
  return counts;
}

/** Builds the sensitive-model checker for the table, or undefined when no model needs it. */
export function sensitiveCheckFor(table: WeightedTable, models: PrivacyModels): SensitiveCheck | undefined {
  if (table.sensitive === undefined) return undefined;
  if (models.lDiversity === undefined && models.tCloseness === undefined) return undefined;
  return new SensitiveCheck(models, sensitiveCounts(table), table.dictionaries[table.qi.length]!);
}

/** Label codes of every table row at `levels` (quasi-identifiers only). */
export function generalizeRow(
  table: WeightedTable,
  hierarchies: readonly EncodedHierarchy[],
  levels: readonly number[],
  row: number,
  out: Int32Array,
): void {
  const base = row * table.width;
  for (let j = 0; j < table.qi.length; j++) {
    out[j] = hierarchies[j]!.map[levels[j]!]![table.rows[base + j]!]!;
  }
}
