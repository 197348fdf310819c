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
   * Generalizes the bottom grouping straight to `levels`: `maps[j]` maps level-0 codes of column
   * j to its labels at `levels[j]` (undefined for columns left at level 0).
   */
  fromBottom(bottom: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping;
  /** Label code of group `i` in quasi-identifier `dim`. */
  code(g: Grouping, i: number, dim: number): number;
  /** Checks the classes against the models. */
  assess(g: Grouping): Assessment;
}

/**
 * Picks the packed representation when every tuple fits below 2^51 in mixed radix (Adult with
 * its sensitive column needs about 2^30), the tuple representation otherwise.
 */
export function groupOpsFor(table: WeightedTable, models: PrivacyModels): GroupOps {
  const check = sensitiveCheckFor(table, models);
  const width = check === undefined ? table.qi.length : table.qi.length + 1;
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

/** Assessment of a grouping whose groups are already classes (no sensitive column). */
function assessClasses(weights: Float64Array, size: number, k: number, total: number): Assessment {
  const outlier = new Uint8Array(size);
  const s = new Sizes();
  for (let i = 0; i < size; i++) {
    const w = weights[i]!;
    s.dmStar += w * w;
    s.dmBound += w < k ? w * Math.min(k, total) : w * w;
    if (w < k) {
      outlier[i] = 1;
      s.suppressed += w;
      s.dm += total * w;
    } else {
      s.dm += w * w;
    }
  }
  return { outlier, suppressed: s.suppressed, classes: size, dmStar: s.dmStar, dm: s.dm, dmBound: s.dmBound };
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

  fromBottom(bottom: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping {
    // Straight from the table's integer rows: one lookup per column, no division.
    const t = this.table;
    const contribution: Float64Array[] = [];
    for (let c = 0; c < this.width; c++) {
      const map = c < maps.length ? maps[c] : undefined;
      const part = new Float64Array(this.domain[c]!);
      for (let v = 0; v < part.length; v++) part[v] = (map === undefined ? v : map[v]!) * this.radix[c]!;
      contribution.push(part);
    }
    const p = new PackedTable(bottom.size);
    const rows = t.rows;
    const tw = t.width;
    const w = this.width;
    for (let r = 0; r < t.rowCount; r++) {
      let key = 0;
      const base = r * tw;
      for (let c = 0; c < w; c++) key += contribution[c]![rows[base + c]!]!;
      p.add(key, t.weights[r]!);
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

  fromBottom(bottom: Grouping, maps: readonly (Int32Array | undefined)[]): Grouping {
    const w = this.width;
    const keys = bottom.keys as Int32Array;
    const t = new TupleTable(w, bottom.size);
    const key = new Int32Array(w);
    for (let i = 0; i < bottom.size; i++) {
      for (let c = 0; c < w; c++) {
        const map = c < maps.length ? maps[c] : undefined;
        key[c] = map === undefined ? keys[i * w + c]! : map[keys[i * w + c]!]!;
      }
      t.add(key, 0, bottom.weights[i]!);
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
