/**
 * Optimal full-domain generalization: every quasi-identifier is generalized to one level of its
 * hierarchy for the whole column, and the search over the lattice of level vectors returns the
 * transformation that satisfies the privacy models within the suppression limit and minimises
 * the loss metric.
 *
 * Two walks, both pruning with monotonicity in the spirit of ARX's Flash (Kohlmayer et al., 2012):
 *
 * - Without suppression (and with models whose satisfaction survives merging classes), both
 *   anonymity and the metric are monotone. The lattice is walked top-down; a node that fails
 *   tags all its specializations as failing, so only the anonymous nodes and the border below
 *   them are grouped (95 of Adult's 4,320 nodes at k=5).
 * - With a suppression limit, DM is not monotone (suppression can make a finer node cheaper),
 *   so the lattice is walked bottom-up, one height at a time, grouping each node by rolling up a
 *   predecessor's grouping. A monotone lower bound prunes: DM* (sum of squared class sizes,
 *   ignoring suppression) for DM, the loss of the levels without suppression for the loss
 *   metric. Once a node's bound reaches the best value, it and its generalizations are skipped.
 *
 * Ties keep the node of lowest height, then lowest lexicographic level vector (ARX settles them
 * by traversal order; Adult's published optima have no ties).
 */
import type { EncodedHierarchy, WeightedTable } from './table.js';
import type { PrivacyModels } from './privacy-models.js';
import { groupOpsFor, type GroupOps, type Grouping } from './groups.js';

/** Loss metric minimised by the search. */
export type OptimalMetric = 'dm' | 'loss';

export interface OptimalResult {
  /** Chosen level per quasi-identifier. */
  readonly levels: number[];
  /** Value of the minimised metric (DM, or the mean per-cell loss in 0..1). */
  readonly value: number;
  /** Records suppressed at the chosen node. */
  readonly suppressed: number;
  /** Lattice size, nodes whose classes were computed, nodes skipped by the bound. */
  readonly latticeSize: number;
  readonly evaluated: number;
  readonly pruned: number;
}

/** Per quasi-identifier, per level: total loss of the column's records at that level. */
function levelLoss(table: WeightedTable, hierarchies: readonly EncodedHierarchy[]): Float64Array[] {
  return hierarchies.map((h, j) => {
    const valueWeight = new Float64Array(h.labels[0]!.length);
    for (let r = 0; r < table.rowCount; r++) valueWeight[table.rows[r * table.width + j]!]! += table.weights[r]!;
    const domain = h.labels[0]!.length;
    const out = new Float64Array(h.height);
    for (let level = 0; level < h.height; level++) {
      let sum = 0;
      for (let v = 0; v < domain; v++) {
        sum += valueWeight[v]! * cellLoss(h.leafCount[level]![h.map[level]![v]!]!, domain);
      }
      out[level] = sum;
    }
    return out;
  });
}

/** Iyengar's loss of one cell: (values covered - 1) / (domain - 1). */
export function cellLoss(covered: number, domain: number): number {
  return domain <= 1 ? 0 : (covered - 1) / (domain - 1);
}

/**
 * Runs the search. Returns `undefined` when no node satisfies the models within the limit
 * (possible only when the top node's single class fails, e.g. l-diversity on a column with
 * fewer than l values).
 */
export function searchOptimal(
  table: WeightedTable,
  hierarchies: readonly EncodedHierarchy[],
  models: PrivacyModels,
  metric: OptimalMetric = 'dm',
): OptimalResult | undefined {
  return models.suppressionLimit === 0
    ? topDown(table, hierarchies, models, metric)
    : bottomUp(table, hierarchies, models, metric);
}

/**
 * The search groups on the quasi-identifiers alone and checks k first. Only a node that passes
 * k within the limit, and whose k-only value could still beat the best, is regrouped from the
 * table with its sensitive column to check l-diversity or t-closeness: the k-only suppression
 * is a subset of the full one, so its DM and loss are lower bounds of the full values. On Adult
 * with distinct 2-diversity this avoids the sensitive check on most of the lattice.
 */
function opsFor(table: WeightedTable, models: PrivacyModels): { k: GroupOps; full: GroupOps | undefined } {
  const kOnly: PrivacyModels = { k: models.k, suppressionLimit: models.suppressionLimit };
  const sensitive = models.lDiversity !== undefined || models.tCloseness !== undefined;
  return { k: groupOpsFor(table, kOnly), full: sensitive ? groupOpsFor(table, models) : undefined };
}

function mapsOf(
  node: number,
  stride: readonly number[],
  heights: readonly number[],
  hierarchies: readonly EncodedHierarchy[],
): (Int32Array | undefined)[] {
  return hierarchies.map((h, j) => {
    const level = Math.floor(node / stride[j]!) % heights[j]!;
    return level === 0 ? undefined : h.map[level];
  });
}

/** Mixed-radix node numbering: column 0 most significant. */
function latticeOf(hierarchies: readonly EncodedHierarchy[]): {
  heights: number[];
  stride: number[];
  size: number;
  byHeight: number[][];
} {
  const m = hierarchies.length;
  const heights = hierarchies.map((h) => h.height);
  const stride: number[] = new Array<number>(m);
  let size = 1;
  for (let j = m - 1; j >= 0; j--) {
    stride[j] = size;
    size *= heights[j]!;
  }
  const maxHeight = heights.reduce((a, h) => a + h - 1, 0);
  const byHeight: number[][] = Array.from({ length: maxHeight + 1 }, () => []);
  for (let node = 0; node < size; node++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += Math.floor(node / stride[j]!) % heights[j]!;
    byHeight[sum]!.push(node);
  }
  return { heights, stride, size, byHeight };
}

/** Level of every column at every node, `m` bytes per node. */
function levelTable(size: number, stride: readonly number[], heights: readonly number[]): Uint8Array {
  const m = heights.length;
  const out = new Uint8Array(size * m);
  for (let node = 0; node < size; node++) {
    for (let j = 0; j < m; j++) out[node * m + j] = Math.floor(node / stride[j]!) % heights[j]!;
  }
  return out;
}

/**
 * Without suppression every model here is monotone (a merge of classes that satisfy k,
 * l-diversity in any variant, or t-closeness with a convex distance, satisfies it too), and the
 * metric of an anonymous node is its lower bound, so the optimum is among the minimal anonymous
 * nodes. Walking top-down, a node is grouped only when all its generalizations passed.
 */
function topDown(
  table: WeightedTable,
  hierarchies: readonly EncodedHierarchy[],
  models: PrivacyModels,
  metric: OptimalMetric,
): OptimalResult | undefined {
  const m = table.qi.length;
  const { heights, stride, size, byHeight } = latticeOf(hierarchies);
  const { k: ops, full } = opsFor(table, models);
  const bottom = ops.bottom();
  const fullBottom = full?.bottom();
  const losses = metric === 'loss' ? levelLoss(table, hierarchies) : [];
  const cells = table.total * m;
  const failing = new Uint8Array(size);
  let best = Number.POSITIVE_INFINITY;
  let bestNode = -1;
  let bestHeight = -1;
  let evaluated = 0;
  let pruned = 0;

  for (let h = byHeight.length - 1; h >= 0; h--) {
    for (const node of byHeight[h]!) {
      let tagged = failing[node] === 1;
      for (let j = 0; j < m && !tagged; j++) {
        const level = Math.floor(node / stride[j]!) % heights[j]!;
        if (level + 1 < heights[j]! && failing[node + stride[j]!] === 1) tagged = true;
      }
      if (tagged) {
        failing[node] = 1;
        pruned++;
        continue;
      }

      const maps = mapsOf(node, stride, heights, hierarchies);
      const grouping = h === 0 ? bottom : ops.derive(bottom, maps);
      evaluated++;
      let a = ops.assess(grouping);
      if (a.suppressed === 0 && full !== undefined) a = full.assess(full.derive(fullBottom!, maps));
      if (a.suppressed > 0) {
        failing[node] = 1;
        continue;
      }
      let value = a.dm;
      if (metric === 'loss') {
        value = 0;
        for (let j = 0; j < m; j++) value += losses[j]![Math.floor(node / stride[j]!) % heights[j]!]!;
        value /= cells;
      }
      // Descending height: an equal value found now is on a lower node, which wins ties;
      // within a height nodes come in ascending order, so only a strict improvement replaces.
      if (value < best || (value === best && h < bestHeight)) {
        best = value;
        bestNode = node;
        bestHeight = h;
      }
    }
  }

  if (bestNode === -1) return undefined;
  const levels: number[] = [];
  for (let j = 0; j < m; j++) levels.push(Math.floor(bestNode / stride[j]!) % heights[j]!);
  return { levels, value: best, suppressed: 0, latticeSize: size, evaluated, pruned };
}

function bottomUp(
  table: WeightedTable,
  hierarchies: readonly EncodedHierarchy[],
  models: PrivacyModels,
  metric: OptimalMetric,
): OptimalResult | undefined {
  const m = table.qi.length;
  const { heights, stride, size, byHeight } = latticeOf(hierarchies);
  const { k: ops, full } = opsFor(table, models);
  const fullBottom = full?.bottom();
  const maxOutliers = Math.floor(models.suppressionLimit * table.total);
  const losses = metric === 'loss' ? levelLoss(table, hierarchies) : [];
  const cells = table.total * m;


  const bound = new Float64Array(size);
  const pruned = new Uint8Array(size);
  let best = Number.POSITIVE_INFINITY;
  let bestNode = -1;
  let bestSuppressed = 0;
  let evaluated = 0;
  let prunedCount = 0;
  // Groupings of the previous height's nodes (and the current one's as they are built), by node.
  const groupings: (Grouping | undefined)[] = new Array<Grouping | undefined>(size);
  const levels = levelTable(size, stride, heights);

  const levelOf = (node: number, j: number): number => levels[node * m + j]!;

  for (let h = 0; h < byHeight.length; h++) {
    if (h >= 2) for (const node of byHeight[h - 2]!) groupings[node] = undefined;
    for (const node of byHeight[h]!) {
      let grouping: Grouping | undefined;
      let lowest = 0;

      if (h === 0) {
        grouping = ops.bottom();
      } else {
        let skip = false;
        let from = -1;
        let fromDim = -1;
        let fromSize = 0;
        for (let j = 0; j < m; j++) {
          if (levels[node * m + j] === 0) continue;
          const pred = node - stride[j]!;
          lowest = Math.max(lowest, bound[pred]!);
          if (pruned[pred] === 1) {
            skip = true;
            continue;
          }
          const g = groupings[pred];
          if (g !== undefined && (from === -1 || g.size < fromSize)) {
            from = pred;
            fromDim = j;
            fromSize = g.size;
          }
        }
        if (metric === 'loss') lowest = Math.max(lowest, baseLoss(node));
        if (skip || lowest >= best || from === -1) {
          pruned[node] = 1;
          bound[node] = lowest;
          prunedCount++;
          continue;
        }
        grouping = ops.rollUp(groupings[from]!, fromDim, hierarchies[fromDim]!.up[levelOf(from, fromDim)]!);
      }

      evaluated++;
      let a = ops.assess(grouping);
      let value: number;
      if (metric === 'dm') {
        value = a.dm;
        bound[node] = Math.max(lowest, a.dmBound);
      } else {
        const base = baseLoss(node);
        value = (base + suppressedLoss(ops, grouping, a.outlier, node)) / cells;
        bound[node] = Math.max(lowest, base / cells);
      }
      if (full !== undefined && a.suppressed <= maxOutliers && value < best) {
        const fullGrouping = full.derive(fullBottom!, mapsOf(node, stride, heights, hierarchies));
        a = full.assess(fullGrouping);
        value = metric === 'dm' ? a.dm : (baseLoss(node) + suppressedLoss(full, fullGrouping, a.outlier, node)) / cells;
      }
      if (a.suppressed <= maxOutliers && value < best) {
        best = value;
        bestNode = node;
        bestSuppressed = a.suppressed;
      }
      if (bound[node]! < best) groupings[node] = grouping;
    }
  }

  if (bestNode === -1) return undefined;
  const result: number[] = [];
  for (let j = 0; j < m; j++) result.push(levelOf(bestNode, j));
  return {
    levels: result,
    value: best,
    suppressed: bestSuppressed,
    latticeSize: size,
    evaluated,
    pruned: prunedCount,
  };

  // Loss of all records at the node's levels, before suppression (a monotone lower bound).
  function baseLoss(node: number): number {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += losses[j]![levelOf(node, j)]!;
    return sum;
  }

  // Extra loss of suppressing outlier groups: each of their cells goes from its label's loss to 1.
  function suppressedLoss(ops: GroupOps, g: Grouping, outlier: Uint8Array, node: number): number {
    let extra = 0;
    for (let i = 0; i < g.size; i++) {
      if (outlier[i] !== 1) continue;
      for (let j = 0; j < m; j++) {
        const hj = hierarchies[j]!;
        const level = levelOf(node, j);
        const covered = hj.leafCount[level]![ops.code(g, i, j)]!;
        extra += g.weights[i]! * (1 - cellLoss(covered, hj.labels[0]!.length));
      }
    }
    return extra;
  }
}
