/**
 * Utility and risk figures of a recoding, computed from the classes it publishes.
 *
 * - DM (Bayardo & Agrawal 2005, as ARX counts it): sum of squared class sizes, plus the number
 *   of records per suppressed record.
 * - C_avg (LeFevre et al. 2006): (published records / classes) / k; 1 is ideal.
 * - NCP/GCP (Xu et al. 2006; Ghinita et al. 2007): per cell, the range width over the column's
 *   width for numbers, (values covered - 1) / (distinct values - 1) for categories; 1 for a
 *   suppressed cell; GCP is the mean over all cells, in 0..1.
 * - ARX-style loss (Iyengar 2002, ARX's "Loss"): per column, the mean over records of
 *   (values covered - 1) / (distinct values - 1) whatever the column type, suppressed = 1;
 *   reported per column and as the mean of the columns.
 * - Non-uniform entropy (Gionis & Tassa 2009): sum over cells of -log2(Pr[original | label]),
 *   with the probabilities from the input; also given as a share of its maximum (everything
 *   suppressed).
 * - Re-identification risk: see `risk.ts`.
 */
import type { Recoding } from './recoding.js';
import type { WeightedTable } from './table.js';
import { riskOfClasses, type RiskSummary } from './risk.js';

export interface KAnonymityMetrics {
  records: number;
  classes: number;
  suppressed: number;
  discernibility: number;
  averageClassSize: number;
  averageClassSizeMetric: number;
  minClassSize: number;
  maxClassSize: number;
  gcp: number;
  ncpPerColumn: Record<string, number>;
  loss: number;
  lossPerColumn: Record<string, number>;
  nonUniformEntropy: number;
  nonUniformEntropyShare: number;
  risk: RiskSummary;
  /** Class size -> number of classes of that size (for the histogram). */
  classSizeHistogram: [number, number][];
}

export function computeMetrics(
  table: WeightedTable,
  recoding: Recoding,
  freq: readonly Float64Array[],
  k: number,
  riskThreshold: number,
): KAnonymityMetrics {
  const m = table.qi.length;
  const n = table.total;
  const sizes = recoding.classSizes;
  const classes = sizes.length;

  let dm = recoding.suppressed * n;
  let minSize = Number.POSITIVE_INFINITY;
  let maxSize = 0;
  const histogram = new Map<number, number>();
  for (const s of sizes) {
    dm += s * s;
    minSize = Math.min(minSize, s);
    maxSize = Math.max(maxSize, s);
    histogram.set(s, (histogram.get(s) ?? 0) + 1);
  }
  const published = n - recoding.suppressed;

  // Column domains (from the data) for the normalizations.
  const domain = table.qi.map((_, j) => table.dictionaries[j]!.length);
  const numeric: boolean[] = [];
  const span: number[] = [];
  for (let j = 0; j < m; j++) {
    const numbers = table.dictionaries[j]!.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
    const isNumeric = numbers.every((x) => Number.isFinite(x));
    numeric.push(isNumeric);
    span.push(isNumeric ? Math.max(...numbers) - Math.min(...numbers) : 0);
  }

  const ncp = new Float64Array(m);
  const loss = new Float64Array(m);
  for (let c = 0; c < classes; c++) {
    const s = sizes[c]!;
    for (let j = 0; j < m; j++) {
      const cover = recoding.classCovers[c]![j]!;
      const categorical = domain[j]! <= 1 ? 0 : (cover.leaves - 1) / (domain[j]! - 1);
      loss[j]! += s * categorical;
      ncp[j]! += s * (numeric[j] ? (span[j]! > 0 ? (cover.hi - cover.lo) / span[j]! : 0) : categorical);
    }
  }
  for (let j = 0; j < m; j++) {
    loss[j]! += recoding.suppressed;
    ncp[j]! += recoding.suppressed;
  }

  // Non-uniform entropy, record by record through the table rows.
  let entropy = 0;
  let entropyMax = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const w = table.weights[r]!;
    const c = recoding.tupleClass[recoding.tuples.tupleOfRow[r]!]!;
    for (let j = 0; j < m; j++) {
      const f = freq[j]![table.rows[r * table.width + j]!]!;
      const worst = -Math.log2(f / n);
      entropyMax += w * worst;
      entropy += w * (c < 0 ? worst : -Math.log2(f / recoding.classCovers[c]![j]!.freq));
    }
  }

  const perColumn = (values: Float64Array): Record<string, number> =>
    Object.fromEntries(table.qi.map((q, j) => [q, n > 0 ? values[j]! / n : 0]));
  const sum = (values: Float64Array): number => values.reduce((a, v) => a + v, 0);

  return {
    records: n,
    classes,
    suppressed: recoding.suppressed,
    discernibility: dm,
    averageClassSize: classes > 0 ? published / classes : 0,
    averageClassSizeMetric: classes > 0 ? published / classes / k : 0,
    minClassSize: classes > 0 ? minSize : 0,
    maxClassSize: maxSize,
    gcp: n > 0 && m > 0 ? sum(ncp) / (n * m) : 0,
    ncpPerColumn: perColumn(ncp),
    loss: n > 0 && m > 0 ? sum(loss) / (n * m) : 0,
    lossPerColumn: perColumn(loss),
    nonUniformEntropy: entropy,
    nonUniformEntropyShare: entropyMax > 0 ? entropy / entropyMax : 0,
    risk: riskOfClasses(sizes, riskThreshold),
    classSizeHistogram: [...histogram.entries()].sort((a, b) => a[0] - b[0]),
  };
}
