/**
 * The result of every algorithm in one shape: each distinct quasi-identifier tuple of the input
 * is assigned an output equivalence class (or suppression), and each class has one label per
 * quasi-identifier plus what that label covers (for the metrics). Pass 2 of the stage and
 * `kAnonymize` apply it record by record; the metrics and the report read it.
 */
import type { EncodedHierarchy, WeightedTable } from './table.js';
import type { PrivacyModels } from './privacy-models.js';
import { sensitiveCheckFor } from './groups.js';
import { TupleTable } from './tuple-table.js';

/** What one class label covers in one quasi-identifier, for the loss metrics. */
export interface Cover {
  /** Distinct data values covered. */
  leaves: number;
  /** Smallest and largest numeric value covered (NaN for non-numeric columns). */
  lo: number;
  hi: number;
  /** Records of the whole table whose value is covered. */
  freq: number;
}

/** The distinct quasi-identifier tuples of a table, with the table rows that carry each. */
export interface QiTuples {
  readonly count: number;
  /** `count * qi.length` level-0 codes. */
  readonly codes: Int32Array;
  readonly weights: Float64Array;
  /** Table row -> tuple index. */
  readonly tupleOfRow: Int32Array;
}

export function qiTuples(table: WeightedTable): QiTuples {
  const m = table.qi.length;
  const t = new TupleTable(m, table.rowCount);
  const tupleOfRow = new Int32Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) tupleOfRow[r] = t.add(table.rows, r * table.width, table.weights[r]!);
  return { count: t.size, codes: t.keys.slice(0, t.size * m), weights: t.weights.slice(0, t.size), tupleOfRow };
}

/** A finished recoding. */
export interface Recoding {
  readonly algorithm: 'optimal' | 'mondrian';
  /** Full-domain levels (optimal only). */
  readonly levels: readonly number[] | undefined;
  readonly tuples: QiTuples;
  /** Tuple -> class index, -1 when suppressed. */
  readonly tupleClass: Int32Array;
  /** Per class: one label per quasi-identifier. */
  readonly classLabels: readonly (readonly string[])[];
  readonly classSizes: Float64Array;
  /** Per class, per quasi-identifier. */
  readonly classCovers: readonly (readonly Cover[])[];
  /** Records suppressed. */
  readonly suppressed: number;
  /** Records recoded by the local-recoding pass after `optimal` (0 when it did not run). */
  readonly locallyRecoded: number;
}

/** Provisional classes from an algorithm, before merging equal labels and the final check. */
export interface Provisional {
  tupleClass: Int32Array;
  labels: string[][];
  covers: Cover[][];
}

/**
 * Merges classes that print the same labels (they are one class to a reader of the output),
 * checks each merged class against the models with the table's sensitive values, and suppresses
 * the failures. Class numbering follows first appearance in tuple order, so it is deterministic.
 */
export function finalize(
  table: WeightedTable,
  tuples: QiTuples,
  provisional: Provisional,
  models: PrivacyModels,
  algorithm: 'optimal' | 'mondrian',
  levels: readonly number[] | undefined,
  locallyRecoded = 0,
): Recoding {
  const byLabel = new Map<string, number>();
  const remap = new Int32Array(provisional.labels.length).fill(-1);
  const labels: string[][] = [];
  const covers: Cover[][] = [];
  const tupleClass = new Int32Array(tuples.count);

  for (let t = 0; t < tuples.count; t++) {
    const p = provisional.tupleClass[t]!;
    if (p < 0) {
      tupleClass[t] = -1;
      continue;
    }
    if (remap[p] === -1) {
      const key = JSON.stringify(provisional.labels[p]);
      let c = byLabel.get(key);
      if (c === undefined) {
        c = labels.length;
        byLabel.set(key, c);
        labels.push(provisional.labels[p]!);
        covers.push(provisional.covers[p]!);
      }
      remap[p] = c;
    }
    tupleClass[t] = remap[p]!;
  }

  const sizes = new Float64Array(labels.length);
  for (let t = 0; t < tuples.count; t++) {
    const c = tupleClass[t]!;
    if (c >= 0) sizes[c]! += tuples.weights[t]!;
  }

  // The final check: k on sizes, then the sensitive models on each class's histogram.
  const fails = new Uint8Array(labels.length);
  for (let c = 0; c < labels.length; c++) if (sizes[c]! < models.k) fails[c] = 1;
  const check = sensitiveCheckFor(table, models);
  if (check !== undefined) {
    const m = table.qi.length;
    const domain = table.dictionaries[m]!.length;
    const histograms = new Map<number, Float64Array>();
    for (let r = 0; r < table.rowCount; r++) {
      const c = tupleClass[tuples.tupleOfRow[r]!]!;
      if (c < 0 || fails[c] === 1) continue;
      let h = histograms.get(c);
      if (h === undefined) {
        h = new Float64Array(domain);
        histograms.set(c, h);
      }
      h[table.rows[r * table.width + m]!]! += table.weights[r]!;
    }
    for (const [c, h] of histograms) if (!check.check(h, sizes[c]!)) fails[c] = 1;
  }

  let suppressed = 0;
  const keep = new Int32Array(labels.length).fill(-1);
  const finalLabels: string[][] = [];
  const finalCovers: Cover[][] = [];
  const finalSizes: number[] = [];
  for (let c = 0; c < labels.length; c++) {
    if (fails[c] === 1) {
      suppressed += sizes[c]!;
      continue;
    }
    keep[c] = finalLabels.length;
    finalLabels.push(labels[c]!);
    finalCovers.push(covers[c]!);
    finalSizes.push(sizes[c]!);
  }
  for (let t = 0; t < tuples.count; t++) {
    const c = tupleClass[t]!;
    tupleClass[t] = c < 0 ? -1 : keep[c]!;
  }
  for (let t = 0; t < tuples.count; t++) if (provisional.tupleClass[t]! < 0) suppressed += tuples.weights[t]!;

  return {
    algorithm,
    levels,
    tuples,
    tupleClass,
    classLabels: finalLabels,
    classSizes: Float64Array.from(finalSizes),
    classCovers: finalCovers,
    suppressed,
    locallyRecoded,
  };
}

/** Per quasi-identifier: records per level-0 value code. */
export function valueFrequencies(table: WeightedTable): Float64Array[] {
  return table.qi.map((_, j) => {
    const f = new Float64Array(table.dictionaries[j]!.length);
    for (let r = 0; r < table.rowCount; r++) f[table.rows[r * table.width + j]!]! += table.weights[r]!;
    return f;
  });
}

/** Covers of every label of every level of a hierarchy. */
export function hierarchyCovers(h: EncodedHierarchy, freq: Float64Array): Cover[][] {
  return h.labels.map((names, level) => {
    const f = new Float64Array(names.length);
    for (let v = 0; v < freq.length; v++) f[h.map[level]![v]!]! += freq[v]!;
    return names.map((_, c) => ({
      leaves: h.leafCount[level]![c]!,
      lo: h.min[level]![c]!,
      hi: h.max[level]![c]!,
      freq: f[c]!,
    }));
  });
}

/**
 * Provisional classes of a full-domain transformation: tuples grouped by their labels at
 * `levels`. The models decide suppression in `finalize`.
 */
export function fullDomainClasses(
  tuples: QiTuples,
  hierarchies: readonly EncodedHierarchy[],
  levels: readonly number[],
  covers: readonly Cover[][][],
): Provisional {
  const m = hierarchies.length;
  const classes = new TupleTable(m, tuples.count);
  const key = new Int32Array(m);
  const tupleClass = new Int32Array(tuples.count);
  const labels: string[][] = [];
  const classCovers: Cover[][] = [];
  for (let t = 0; t < tuples.count; t++) {
    for (let j = 0; j < m; j++) key[j] = hierarchies[j]!.map[levels[j]!]![tuples.codes[t * m + j]!]!;
    const before = classes.size;
    const c = classes.add(key, 0, tuples.weights[t]!);
    if (c === before) {
      labels.push(Array.from(key, (code, j) => hierarchies[j]!.labels[levels[j]!]![code]!));
      classCovers.push(Array.from(key, (code, j) => covers[j]![levels[j]!]![code]!));
    }
    tupleClass[t] = c;
  }
  return { tupleClass, labels, covers: classCovers };
}
