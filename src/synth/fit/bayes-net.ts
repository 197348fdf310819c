/**
 * A Bayesian network over discretised columns, learnt greedily with the BIC score.
 *
 * Why a Bayesian network and not a Gaussian copula: the tables users bring (Adult is typical)
 * are mostly categorical. A copula needs an order on each column's values to map it to a normal
 * score, and then carries only rank correlation: it cannot represent "marital-status depends on
 * sex and age" between unordered categories. A network over discretised columns models
 * categorical and binned numeric columns alike through conditional frequency tables, and
 * sampling it in topological order reproduces each column's marginal and the dependencies it
 * keeps. This is the structure-learning step of PrivBayes (Zhang et al., 2017) without its noise:
 * Veil does not claim differential privacy for fit mode.
 *
 * Structure: start from the column with the largest total mutual information with the others;
 * then repeatedly add the (column, parent set) pair with the best BIC gain,
 *   N * I(X; Parents) - (log N / 2) * (|X| - 1) * (|Parents| - 1),
 * parents chosen among columns already placed, at most `maxParents` of them. The penalty keeps a
 * parent only when the data supports its extra table cells, so sparse tables (which would
 * replay real rows) are not learnt.
 */
import type { SeededRandom } from '../random.js';

export interface NetworkNode {
  /** Column index. */
  column: number;
  /** Parent column indices (placed before this node). */
  parents: number[];
  /** Parent cardinalities, for the combined parent index. */
  radices: number[];
  /**
   * Conditional tables: for each observed parent combination (key = combined index), the
   * cumulative counts over the child's states. Unobserved combinations fall back to `marginal`.
   */
  table: Record<string, number[]>;
  /** Cumulative counts of the child on its own. */
  marginal: number[];
  /** Numeric columns: calibrated within-bin weights (per bin), over the column's own counts. */
  binCounts?: number[][];
}

/** Discretised data: `codes[c][r]` is row r's state in column c. */
export interface CodedTable {
  codes: Int32Array[];
  cards: number[];
  rows: number;
}

function entropyOfCounts(counts: ArrayLike<number>, total: number): number {
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) h -= (c / total) * Math.log(c / total);
  }
  return h;
}

/** Combined parent index per row, and the number of combinations. */
function parentIndex(data: CodedTable, parents: readonly number[]): { index: Int32Array; combos: number } {
  const index = new Int32Array(data.rows);
  let combos = 1;
  for (const p of parents) {
    const codes = data.codes[p]!;
    const card = data.cards[p]!;
    for (let r = 0; r < data.rows; r++) index[r] = index[r]! * card + codes[r]!;
    combos *= card;
  }
  return { index, combos };
}

/** Mutual information I(X; Parents) in nats, from counts. */
function mutualInformation(data: CodedTable, child: number, parents: readonly number[]): number {
  if (parents.length === 0) return 0;
  const { index, combos } = parentIndex(data, parents);
  const card = data.cards[child]!;
  const codes = data.codes[child]!;
  const joint = new Map<number, number>();
  const parentCounts = new Map<number, number>();
  const childCounts = new Float64Array(card);
  for (let r = 0; r < data.rows; r++) {
    const key = index[r]! * card + codes[r]!;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    parentCounts.set(index[r]!, (parentCounts.get(index[r]!) ?? 0) + 1);
    childCounts[codes[r]!]!++;
  }
  void combos;
  const n = data.rows;
  const hJoint = entropyOfCounts([...joint.values()], n);
  const hParents = entropyOfCounts([...parentCounts.values()], n);
  return entropyOfCounts(childCounts, n) + hParents - hJoint;
}

function subsets(items: readonly number[], maxSize: number): number[][] {
  const out: number[][] = [[]];
  for (const item of items) {
    const grown = out.filter((s) => s.length < maxSize).map((s) => [...s, item]);
    out.push(...grown);
  }
  return out;
}

/** Learns the structure and the conditional tables. */
export function learnNetwork(data: CodedTable, maxParents: number): NetworkNode[] {
  const columns = data.cards.length;
  const n = data.rows;
  const penalty = Math.log(Math.max(2, n)) / 2;

  const pairwise = data.cards.map((_, a) => data.cards.reduce((sum, __, b) => sum + (a === b ? 0 : mutualInformation(data, a, [b])), 0));
  const first = pairwise.indexOf(Math.max(...pairwise));
  const placed = [first];
  const structure: { column: number; parents: number[] }[] = [{ column: first, parents: [] }];

  while (placed.length < columns) {
    let best: { column: number; parents: number[]; score: number } | undefined;
    for (let c = 0; c < columns; c++) {
      if (placed.includes(c)) continue;
      for (const parents of subsets(placed, maxParents)) {
        const cells = parents.reduce((q, p) => q * data.cards[p]!, 1);
        const score = n * mutualInformation(data, c, parents) - penalty * (data.cards[c]! - 1) * (cells - 1);
        if (best === undefined || score > best.score) best = { column: c, parents, score };
      }
    }
    placed.push(best!.column);
    structure.push({ column: best!.column, parents: best!.parents });
  }

  return structure.map(({ column, parents }) => tablesFor(data, column, parents));
}

/** The independent-marginals baseline: every column on its own. */
export function independentNetwork(data: CodedTable): NetworkNode[] {
  return data.cards.map((_, column) => tablesFor(data, column, []));
}

function cumulative(counts: ArrayLike<number>): number[] {
  const out: number[] = new Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) out[i] = total += counts[i]!;
  return out;
}

function tablesFor(data: CodedTable, column: number, parents: number[]): NetworkNode {
  const card = data.cards[column]!;
  const codes = data.codes[column]!;
  const marginal = new Float64Array(card);
  for (let r = 0; r < data.rows; r++) marginal[codes[r]!]!++;
  const table: Record<string, number[]> = {};
  if (parents.length > 0) {
    const { index } = parentIndex(data, parents);
    const counts = new Map<number, Float64Array>();
    for (let r = 0; r < data.rows; r++) {
      let row = counts.get(index[r]!);
      if (row === undefined) counts.set(index[r]!, (row = new Float64Array(card)));
      row[codes[r]!]!++;
    }
    for (const [key, row] of counts) table[String(key)] = cumulative(row);
  }
  return { column, parents, radices: parents.map((p) => data.cards[p]!), table, marginal: cumulative(marginal) };
}

/** Draws one row of codes (in column order) by ancestral sampling. */
export function sampleCodes(nodes: readonly NetworkNode[], rng: SeededRandom, out: Int32Array): void {
  for (const node of nodes) {
    let dist = node.marginal;
    if (node.parents.length > 0) {
      let key = 0;
      for (let i = 0; i < node.parents.length; i++) key = key * node.radices[i]! + out[node.parents[i]!]!;
      dist = node.table[String(key)] ?? node.marginal;
    }
    out[node.column] = rng.weightedIndex(dist);
  }
}
