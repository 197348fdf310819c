/**
 * Quality of a synthetic table against the real one:
 * - per column, the total-variation distance between the two distributions,
 *   TVD = 1/2 * sum |p_i - q_i|, over the real column's values (categorical columns: every
 *   category among the 50 most frequent plus one bucket for the rest; integer columns with at
 *   most 100 distinct values: each value; other numeric columns: 20 equal-width bins over the
 *   real range, plus under/overflow), with missing as its own bucket;
 * - the pairwise association matrix of each table, with one measure per pair of column kinds,
 *   all in [0, 1]: Cramér's V (categorical-categorical), |Pearson r| (numeric-numeric) and the
 *   correlation ratio eta (numeric-categorical); the report gives the mean and the largest
 *   absolute difference over all pairs.
 *
 * Only aggregates cross into the report: counts per bucket and association coefficients.
 */
import type { JsonRecord, JsonValue } from '../../engine/stage.js';

export type Binning =
  | { kind: 'categorical'; labels: string[] }
  | { kind: 'integer'; values: number[] }
  | { kind: 'range'; lo: number; hi: number; bins: number };

export interface ColumnQuality {
  name: string;
  binning: Binning;
  /** Bucket labels, for plots: the binning's buckets then `(missing)`. */
  buckets: string[];
  real: number[];
  synthetic: number[];
  tvd: number;
}

export interface QualityReport {
  rows: { real: number; synthetic: number };
  columns: ColumnQuality[];
  meanTvd: number;
  association: { names: string[]; real: number[][]; synthetic: number[][]; meanDiff: number; maxDiff: number };
}

/** What the real table contributes to a later comparison (kept in the barrier plan). */
export interface RealSummary {
  names: string[];
  numeric: boolean[];
  binnings: Binning[];
  histograms: number[][];
  association: number[][];
  rows: number;
}

function numeric(value: JsonValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function missing(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

function label(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Chooses the buckets for a column from the real values. */
export function binningFor(values: readonly (JsonValue | undefined)[], isNumeric: boolean): Binning {
  const present = values.filter((v) => !missing(v));
  if (isNumeric) {
    const nums = present.map(numeric).filter((n): n is number => n !== null);
    const distinct = [...new Set(nums)].sort((a, b) => a - b);
    if (distinct.length <= 100 && distinct.every(Number.isInteger)) return { kind: 'integer', values: distinct };
    let lo = Infinity;
    let hi = -Infinity;
    for (const n of nums) {
      if (n < lo) lo = n;
      if (n > hi) hi = n;
    }
    return { kind: 'range', lo, hi, bins: 20 };
  }
  const counts = new Map<string, number>();
  for (const v of present) counts.set(label(v), (counts.get(label(v)) ?? 0) + 1);
  const labels = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 50).map(([l]) => l);
  return { kind: 'categorical', labels };
}

function bucketLabels(binning: Binning): string[] {
  switch (binning.kind) {
    case 'categorical':
      return [...binning.labels, '(other)', '(missing)'];
    case 'integer':
      return [...binning.values.map(String), '(other)', '(missing)'];
    case 'range': {
      const width = (binning.hi - binning.lo) / binning.bins;
      const labels = Array.from({ length: binning.bins }, (_, i) => `${+(binning.lo + i * width).toPrecision(4)}`);
      return ['(below)', ...labels, '(above)', '(missing)'];
    }
  }
}

/** Index of a value's bucket (the last bucket is missing). */
function bucketOf(binning: Binning, value: JsonValue | undefined, lookup: Map<string | number, number>): number {
  const buckets = binning.kind === 'range' ? binning.bins + 3 : (binning.kind === 'categorical' ? binning.labels.length : binning.values.length) + 2;
  if (missing(value)) return buckets - 1;
  if (binning.kind === 'categorical') return lookup.get(label(value)) ?? buckets - 2;
  const n = numeric(value);
  if (n === null) return buckets - 2;
  if (binning.kind === 'integer') return lookup.get(n) ?? buckets - 2;
  if (n < binning.lo) return 0;
  if (n > binning.hi) return binning.bins + 1;
  const width = (binning.hi - binning.lo) / binning.bins || 1;
  return 1 + Math.min(binning.bins - 1, Math.floor((n - binning.lo) / width));
}

function lookupFor(binning: Binning): Map<string | number, number> {
  const map = new Map<string | number, number>();
  if (binning.kind === 'categorical') binning.labels.forEach((l, i) => map.set(l, i));
  if (binning.kind === 'integer') binning.values.forEach((v, i) => map.set(v, i));
  return map;
}

/** Proportions of each bucket among `values`. */
export function histogram(binning: Binning, values: readonly (JsonValue | undefined)[]): number[] {
  const lookup = lookupFor(binning);
  const counts = new Array<number>(bucketLabels(binning).length).fill(0);
  for (const v of values) counts[bucketOf(binning, v, lookup)]!++;
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

export function totalVariation(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs((p[i] ?? 0) - (q[i] ?? 0));
  return sum / 2;
}

function cramersV(a: Int32Array, b: Int32Array, ca: number, cb: number): number {
  const n = a.length;
  const table = new Float64Array(ca * cb);
  const ra = new Float64Array(ca);
  const rb = new Float64Array(cb);
  for (let i = 0; i < n; i++) {
    table[a[i]! * cb + b[i]!]!++;
    ra[a[i]!]!++;
    rb[b[i]!]!++;
  }
  let chi2 = 0;
  for (let i = 0; i < ca; i++) {
    for (let j = 0; j < cb; j++) {
      const expected = (ra[i]! * rb[j]!) / n;
      if (expected > 0) chi2 += (table[i * cb + j]! - expected) ** 2 / expected;
    }
  }
  const usedA = ra.filter((x) => x > 0).length;
  const usedB = rb.filter((x) => x > 0).length;
  const k = Math.min(usedA, usedB) - 1;
  return k <= 0 || n === 0 ? 0 : Math.sqrt(chi2 / (n * k));
}

function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : Math.abs(sxy / Math.sqrt(sxx * syy));
}

function correlationRatio(x: Float64Array, groups: Int32Array, k: number): number {
  const n = x.length;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    sums[groups[i]!]! += x[i]!;
    counts[groups[i]!]!++;
    mean += x[i]!;
  }
  mean /= n;
  let between = 0;
  for (let g = 0; g < k; g++) if (counts[g]! > 0) between += counts[g]! * (sums[g]! / counts[g]! - mean) ** 2;
  let total = 0;
  for (let i = 0; i < n; i++) total += (x[i]! - mean) ** 2;
  return total === 0 ? 0 : Math.sqrt(between / total);
}

/** The association matrix of `rows` (numeric columns use values; missing ones use the mean). */
export function associationMatrix(rows: readonly JsonRecord[], names: readonly string[], isNumeric: readonly boolean[], binnings: readonly Binning[]): number[][] {
  const codes: Int32Array[] = [];
  const values: Float64Array[] = [];
  const cards: number[] = [];
  names.forEach((name, c) => {
    const binning = binnings[c]!;
    const lookup = lookupFor(binning);
    const code = new Int32Array(rows.length);
    rows.forEach((row, r) => (code[r] = bucketOf(binning, row[name], lookup)));
    codes.push(code);
    cards.push(bucketLabels(binning).length);
    const column = new Float64Array(rows.length);
    if (isNumeric[c]) {
      let sum = 0;
      let count = 0;
      rows.forEach((row, r) => {
        const n = numeric(row[name]);
        column[r] = n ?? NaN;
        if (n !== null) {
          sum += n;
          count++;
        }
      });
      const mean = count === 0 ? 0 : sum / count;
      for (let r = 0; r < column.length; r++) if (Number.isNaN(column[r])) column[r] = mean;
    }
    values.push(column);
  });

  return names.map((_, a) =>
    names.map((__, b) => {
      if (a === b) return 1;
      if (isNumeric[a] && isNumeric[b]) return pearson(values[a]!, values[b]!);
      if (isNumeric[a]) return correlationRatio(values[a]!, codes[b]!, cards[b]!);
      if (isNumeric[b]) return correlationRatio(values[b]!, codes[a]!, cards[a]!);
      return cramersV(codes[a]!, codes[b]!, cards[a]!, cards[b]!);
    }),
  );
}

/** Summarises the real table (binnings chosen from it). */
export function summarizeReal(rows: readonly JsonRecord[], names: readonly string[], isNumeric: readonly boolean[]): RealSummary {
  const binnings = names.map((name, c) => binningFor(rows.map((r) => r[name]), isNumeric[c]!));
  return {
    names: [...names],
    numeric: [...isNumeric],
    binnings,
    histograms: names.map((name, c) => histogram(binnings[c]!, rows.map((r) => r[name]))),
    association: associationMatrix(rows, names, isNumeric, binnings),
    rows: rows.length,
  };
}

/** Compares a synthetic table with the real table's summary. */
export function compareWithReal(real: RealSummary, synthetic: readonly JsonRecord[]): QualityReport {
  const columns = real.names.map((name, c): ColumnQuality => {
    const binning = real.binnings[c]!;
    const synth = histogram(binning, synthetic.map((r) => r[name]));
    return { name, binning, buckets: bucketLabels(binning), real: real.histograms[c]!, synthetic: synth, tvd: totalVariation(real.histograms[c]!, synth) };
  });
  const synthAssociation = associationMatrix(synthetic, real.names, real.numeric, real.binnings);
  let sum = 0;
  let max = 0;
  let pairs = 0;
  for (let a = 0; a < real.names.length; a++) {
    for (let b = a + 1; b < real.names.length; b++) {
      const diff = Math.abs(real.association[a]![b]! - synthAssociation[a]![b]!);
      sum += diff;
      max = Math.max(max, diff);
      pairs++;
    }
  }
  return {
    rows: { real: real.rows, synthetic: synthetic.length },
    columns,
    meanTvd: columns.reduce((s, c) => s + c.tvd, 0) / Math.max(1, columns.length),
    association: { names: real.names, real: real.association, synthetic: synthAssociation, meanDiff: pairs === 0 ? 0 : sum / pairs, maxDiff: max },
  };
}
