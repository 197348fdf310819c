/**
 * Column profiling for fit-from-data: each column becomes a discrete variable the Bayesian
 * network can model, plus what it takes to turn a discrete value back into a realistic one.
 *
 * - Numeric columns (at least 98% of non-missing values are finite numbers and more than
 *   `maxCategories`/8 distinct values) are cut into up to 16 quantile bins; inside a bin a value
 *   is drawn from the bin's own empirical distribution (exact distinct values when a bin holds
 *   at most 64 of them, else uniform within 16 equal-width sub-bins). Quantile bins keep the
 *   marginal exact at bin level and put resolution where the data is.
 * - Categorical columns keep their categories; categories seen fewer than `minCategoryCount`
 *   times are merged into one `rareLabel` category, because a category held by one or two
 *   people singles them out (and a synthetic table must not repeat it).
 * - Missing values (null, empty string) are a category of their own, so missing rates and their
 *   dependencies are reproduced.
 */
import type { JsonValue } from '../../engine/stage.js';

/** Code of the "missing" state in every column. */
export const MISSING = 0;

export interface NumericBin {
  lo: number;
  hi: number;
  /** Distinct values and their counts (small bins), or null when sub-bins are used. */
  values: number[] | null;
  counts: number[];
}

export interface NumericColumn {
  kind: 'numeric';
  name: string;
  /** Values were JSON numbers (else numeric strings, as CSV gives them). */
  asNumber: boolean;
  integer: boolean;
  /** Decimal places seen (for writing back strings the way they came in). */
  decimals: number;
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
      if (typeof v === 'number') asNumber = true;
      else if (typeof v === 'string' && v.includes('.')) decimals = Math.max(decimals, v.trim().split('.')[1]!.length);
    }
  }
  const distinct = new Set(numbers).size;
  if (present.length > 0 && numericCount >= 0.98 * present.length && distinct > 20) {
    return numericColumn(name, numbers, asNumber, decimals, options.maxBins);
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

function numericColumn(name: string, numbers: number[], asNumber: boolean, decimals: number, maxBins: number): NumericColumn {
  const sorted = Float64Array.from(numbers).sort();
  const integer = sorted.every((n) => Number.isInteger(n));
  // Quantile cut points on distinct values, so a heavy value never straddles two bins.
  const bins: NumericBin[] = [];
  let start = 0;
  for (let b = 1; b <= maxBins && start < sorted.length; b++) {
    let end = b === maxBins ? sorted.length : Math.max(start + 1, Math.round((b * sorted.length) / maxBins));
    while (end < sorted.length && sorted[end] === sorted[end - 1]) end++;
    bins.push(binOf(sorted.subarray(start, end)));
    start = end;
  }
  return { kind: 'numeric', name, asNumber, integer, decimals, bins };
}

function binOf(values: Float64Array): NumericBin {
  const lo = values[0]!;
  const hi = values[values.length - 1]!;
  const distinct = new Map<number, number>();
  for (const v of values) {
    distinct.set(v, (distinct.get(v) ?? 0) + 1);
    if (distinct.size > 64) break;
  }
  if (distinct.size <= 64) {
    return { lo, hi, values: [...distinct.keys()], counts: [...distinct.values()] };
  }
  const counts = new Array<number>(16).fill(0);
  const width = (hi - lo) / 16 || 1;
  for (const v of values) counts[Math.min(15, Math.floor((v - lo) / width))]!++;
  return { lo, hi, values: null, counts };
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

/** Turns a code back into a value; `u1`, `u2` are uniform draws in [0, 1). */
export function decode(column: ColumnModel, code: number, u1: number, u2: number, binCounts?: number[][]): JsonValue {
  if (code === MISSING) return null;
  if (column.kind === 'categorical') {
    const label = column.labels[code - 1]!;
    const type = column.types[code - 1];
    return type === 'number' ? Number(label) : type === 'boolean' ? label === 'true' : label;
  }
  const bin = column.bins[code - 1]!;
  const counts = binCounts?.[code - 1] ?? bin.counts;
  let value: number;
  let total = 0;
  for (const c of counts) total += c;
  let target = u1 * total;
  let slot = 0;
  while (slot < counts.length - 1 && target >= counts[slot]!) target -= counts[slot++]!;
  if (bin.values !== null) {
    value = bin.values[slot]!;
  } else {
    const width = (bin.hi - bin.lo) / bin.counts.length;
    value = bin.lo + (slot + u2) * width;
    if (column.integer) value = Math.min(bin.hi, Math.round(value));
  }
  if (column.asNumber) return value;
  return column.integer ? String(value) : value.toFixed(column.decimals);
}
