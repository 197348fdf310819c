/**
 * Column profiling for fit-from-data: each column becomes a discrete variable the Bayesian
 * network can model, plus what it takes to turn a discrete value back into a realistic one.
 *
 * - Numeric columns (at least 98% of non-missing values are finite numbers and more than 20
 *   distinct values) are cut into up to 16 quantile bins. Inside a bin, a value seen at least
 *   `minCategoryCount` times is replayed (at most 64 such values a bin); every other value is
 *   replaced by a fresh one drawn uniformly within one of 16 equal-width sub-bins, on the
 *   column's grid (integers, or its decimal places), and redrawn while it equals a value seen
 *   fewer than `minCategoryCount` times. Replaying every empirical value copied identifiers
 *   (account numbers, 9-digit IDs) into the output one for one; a value held by fewer than five
 *   people singles them out just as a rare category does. Quantile bins keep the marginal
 *   exact at bin level and put resolution where the data is.
 * - Categorical columns keep their categories; categories seen fewer than `minCategoryCount`
 *   times are merged into one `rareLabel` category, because a category held by one or two
 *   people singles them out (and a synthetic table must not repeat it).
 * - Missing values (null, empty string) are a category of their own, so missing rates and their
 *   dependencies are reproduced.
 */
import type { JsonValue } from '../../engine/stage.js';
import { BloomFilter } from '../bloom-filter.js';
import type { SeededRandom } from '../random.js';

/** Code of the "missing" state in every column. */
export const MISSING = 0;

/** Equal-width sub-bins of a bin, over which its rare values are spread. */
export const SUB_BINS = 16;

/** Most values a bin replays; a bin with more distinct values draws all of them in sub-bins. */
const MAX_BIN_VALUES = 64;

/** Draws inside a bin before a value comes from the bin's `spare` list instead. */
const MAX_IN_BIN_DRAWS = 64;

/** Decimal places kept for non-integer columns at most. */
const MAX_DECIMALS = 12;

export interface NumericBin {
  lo: number;
  hi: number;
  /** Values seen at least `minCategoryCount` times: written as they are. */
  values: number[];
  /** Weights of `values`, then of the `SUB_BINS` sub-bins of [lo, hi] (the other values). */
  counts: number[];
  /** Points of the column's grid in [lo, hi] that are not a rare real value. */
  free: number;
  /**
   * Values for a sub-bin draw that finds no free point: the bin's replayed values, else the
   * nearest free grid points outside the bin. Empty when the bin has no rare values.
   */
  spare: number[];
}

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** Values were JSON numbers (else numeric strings, as CSV gives them). */
  asNumber: boolean;
  integer: boolean;
  /** Decimal places seen (the grid of drawn values, and how strings are written back). */
  decimals: number;
  /** Bloom filter of the values seen fewer than `minCategoryCount` times: never written. */
  rare: { bits: string; hashes: number } | null;
  bins: NumericBin[];
}

export interface CategoricalColumn {
  kind: 'categorical';
  name: string;
  /** Category labels; index i is code i + 1 (code 0 is missing). */
  labels: string[];
  /** Original JSON type of each label (string, number or boolean). */
  types: ('string' | 'number' | 'boolean')[];
}

export type ColumnModel = NumericColumn | CategoricalColumn;

/** Number of discrete states (missing included). */
export function cardinality(column: ColumnModel): number {
  return 1 + (column.kind === 'numeric' ? column.bins.length : column.labels.length);
}

export function isMissing(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

function asNumeric(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

export interface ProfileOptions {
  minCategoryCount: number;
  rareLabel: string;
  maxBins: number;
}

/** Builds a column's model from its values in the fitting sample. */
export function profileColumn(name: string, values: readonly (JsonValue | undefined)[], options: ProfileOptions): ColumnModel {
  const present = values.filter((v) => !isMissing(v));
  const numbers: number[] = [];
  let numericCount = 0;
  let asNumber = false;
  let decimals = 0;
  for (const v of present) {
    const n = asNumeric(v);
    if (n !== null) {
      numericCount++;
      numbers.push(n);
      if (typeof v === 'number') {
        asNumber = true;
        decimals = Math.max(decimals, decimalsOf(v));
      } else if (typeof v === 'string' && v.includes('.')) decimals = Math.max(decimals, v.trim().split('.')[1]!.length);
    }
  }
  const distinct = new Set(numbers).size;
  if (present.length > 0 && numericCount >= 0.98 * present.length && distinct > 20) {
    return numericColumn(name, numbers, asNumber, Math.min(decimals, MAX_DECIMALS), options);
  }

  const counts = new Map<string, { count: number; type: 'string' | 'number' | 'boolean' }>();
  for (const v of present) {
    const label = typeof v === 'string' ? v : JSON.stringify(v);
    const type = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
    const entry = counts.get(label);
    if (entry === undefined) counts.set(label, { count: 1, type });
    else entry.count++;
  }
  const labels: string[] = [];
  const types: ('string' | 'number' | 'boolean')[] = [];
  let rare = false;
  for (const [label, entry] of [...counts.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))) {
    if (entry.count < options.minCategoryCount) {
      rare = true;
      continue;
    }
    labels.push(label);
    types.push(entry.type);
  }
  if (rare && !labels.includes(options.rareLabel)) {
    labels.push(options.rareLabel);
    types.push('string');
  }
  return { kind: 'categorical', name, labels, types };
}

function decimalsOf(n: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) if (Number(n.toFixed(d)) === n) return d;
  return MAX_DECIMALS;
}

/** The grid point nearest `n`: an integer, or `decimals` places. */
function onGrid(column: { integer: boolean; decimals: number }, n: number): number {
  return column.integer ? Math.round(n) : Number(n.toFixed(column.decimals));
}

/** The key a value has in the rare-value filter ("39", "39.0" and 39 agree). */
function valueKey(column: { integer: boolean; decimals: number }, n: number): string {
  return column.integer ? String(n) : n.toFixed(column.decimals);
}

function numericColumn(
  name: string,
  numbers: number[],
  asNumber: boolean,
  decimals: number,
  options: ProfileOptions,
): NumericColumn {
  const sorted = Float64Array.from(numbers).sort();
  const integer = sorted.every((n) => Number.isInteger(n));
  const grid = { integer, decimals: integer ? 0 : decimals };

  const rareKeys = new Set<string>();
  for (let i = 0, j = 0; i < sorted.length; i = j) {
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i < options.minCategoryCount) rareKeys.add(valueKey(grid, sorted[i]!));
  }
  let rare: BloomFilter | null = null;
  if (rareKeys.size > 0) {
    rare = BloomFilter.forCapacity(rareKeys.size, 1e-4);
    for (const key of rareKeys) rare.add(key);
  }

  // Quantile cut points on distinct values, so a heavy value never straddles two bins.
  const bins: NumericBin[] = [];
  let start = 0;
  for (let b = 1; b <= options.maxBins && start < sorted.length; b++) {
    let end = b === options.maxBins ? sorted.length : Math.max(start + 1, Math.round((b * sorted.length) / options.maxBins));
    while (end < sorted.length && sorted[end] === sorted[end - 1]) end++;
    bins.push(binOf(sorted.subarray(start, end), grid, rareKeys, options.minCategoryCount, sorted[0]! < 0));
    start = end;
  }
  const filter = rare === null ? null : rare.toJSON();
  return { kind: 'numeric', name, asNumber, integer, decimals: grid.decimals, rare: filter, bins };
}

function binOf(
  sorted: Float64Array,
  grid: { integer: boolean; decimals: number },
  rareKeys: ReadonlySet<string>,
  minCount: number,
  negatives: boolean,
): NumericBin {
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const distinct = new Map<number, number>();
  for (const v of sorted) distinct.set(v, (distinct.get(v) ?? 0) + 1);

  // Values shared by enough records, most frequent first: replayed when the bin has few values.
  const common = [...distinct]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_BIN_VALUES);
  const values = distinct.size <= MAX_BIN_VALUES ? common.map(([value]) => value) : [];
  const counts = distinct.size <= MAX_BIN_VALUES ? common.map(([, count]) => count) : [];
  const replayed = new Set(values);
  const subBins = new Array<number>(SUB_BINS).fill(0);
  const width = (hi - lo) / SUB_BINS || 1;
  let rareValues = 0;
  for (const [value, count] of distinct) {
    if (replayed.has(value)) continue;
    subBins[Math.min(SUB_BINS - 1, Math.floor((value - lo) / width))]! += count;
    if (count < minCount) rareValues++;
  }

  const step = 10 ** -grid.decimals;
  const free = Math.round((hi - lo) / step) + 1 - rareValues;
  let spare: number[] = [];
  if (rareValues > 0) {
    // Values shared by enough records first; else the nearest grid points no real value holds
    // (below the bin only when the column has negative values, so counts stay non-negative).
    spare = common.map(([value]) => value);
    if (spare.length === 0) {
      let below = onGrid(grid, lo - step);
      while (rareKeys.has(valueKey(grid, below))) below = onGrid(grid, below - step);
      let above = onGrid(grid, hi + step);
      while (rareKeys.has(valueKey(grid, above))) above = onGrid(grid, above + step);
      spare = negatives || below >= 0 ? [below, above] : [above];
    }
  }
  return { lo, hi, values, counts: [...counts, ...subBins], free, spare };
}

/** The weight slot of value `n` in `bin`: a replayed value's own, else its sub-bin's. */
export function slotOf(bin: NumericBin, n: number): number {
  const index = bin.values.indexOf(n);
  if (index >= 0) return index;
  const width = (bin.hi - bin.lo) / SUB_BINS || 1;
  return bin.values.length + Math.max(0, Math.min(SUB_BINS - 1, Math.floor((n - bin.lo) / width)));
}

/** The discrete code of a value in a column (0 = missing). */
export function encode(column: ColumnModel, value: JsonValue | undefined, rareLabel: string): number {
  if (isMissing(value)) return MISSING;
  if (column.kind === 'numeric') {
    const n = asNumeric(value);
    if (n === null) return MISSING;
    const bins = column.bins;
    for (let i = 0; i < bins.length; i++) if (n <= bins[i]!.hi) return i + 1;
    return bins.length;
  }
  const label = typeof value === 'string' ? value : JSON.stringify(value);
  const index = column.labels.indexOf(label);
  if (index >= 0) return index + 1;
  const rare = column.labels.indexOf(rareLabel);
  return rare >= 0 ? rare + 1 : MISSING;
}

/**
 * Turns a code back into a value, drawing from `rng`. `rare` is the column's rare-value filter
 * (see `rareFilter`); `binCounts` the calibrated weights of the bins' slots.
 */
export function decode(
  column: ColumnModel,
  code: number,
  rng: SeededRandom,
  rare: BloomFilter | null,
  binCounts?: number[][],
): JsonValue {
  if (code === MISSING) return null;
  if (column.kind === 'categorical') {
    const label = column.labels[code - 1]!;
    const type = column.types[code - 1];
    return type === 'number' ? Number(label) : type === 'boolean' ? label === 'true' : label;
  }
  const bin = column.bins[code - 1]!;
  const counts = binCounts?.[code - 1] ?? bin.counts;
  let total = 0;
  for (const c of counts) total += c;
  let target = rng.next() * total;
  let slot = 0;
  while (slot < counts.length - 1 && target >= counts[slot]!) target -= counts[slot++]!;
  const value = slot < bin.values.length ? bin.values[slot]! : drawInBin(column, bin, slot - bin.values.length, rng, rare);
  if (column.asNumber) return value;
  return column.integer ? String(value) : value.toFixed(column.decimals);
}

/** The column's rare-value filter, ready for `decode`. */
export function rareFilter(column: ColumnModel): BloomFilter | null {
  return column.kind === 'numeric' && column.rare !== null ? BloomFilter.fromJSON(column.rare) : null;
}

/**
 * A fresh value in sub-bin `sub` of `bin`: half the attempts in the sub-bin, then in the whole
 * bin (a sub-bin can be all rare values where the bin is not), then a spare value.
 */
function drawInBin(
  column: NumericColumn,
  bin: NumericBin,
  sub: number,
  rng: SeededRandom,
  rare: BloomFilter | null,
): number {
  const width = (bin.hi - bin.lo) / SUB_BINS;
  for (let attempt = 0; bin.free > 0 && attempt < MAX_IN_BIN_DRAWS; attempt++) {
    const x =
      attempt < MAX_IN_BIN_DRAWS / 2 ? bin.lo + (sub + rng.next()) * width : bin.lo + rng.next() * (bin.hi - bin.lo);
    const value = Math.min(bin.hi, Math.max(bin.lo, onGrid(column, x)));
    if (rare === null || !rare.mightContain(valueKey(column, value))) return value;
  }
  return bin.spare[Math.floor(rng.next() * bin.spare.length)] ?? bin.lo;
}
