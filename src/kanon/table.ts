/**
 * The compact form every k-anonymity algorithm works on: the distinct combinations of
 * quasi-identifier (and sensitive) values, dictionary-encoded as integers, each with the number
 * of records that carry it. Adult's 30,162 records become about 20,000 rows of 9 integers; a
 * dataset scaled to millions of records by repetition stays about as small, so the search cost
 * follows the number of distinct combinations, not the number of records.
 */
import type { Hierarchy } from './hierarchy.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import { TupleTable } from './tuple-table.js';

/** Distinct dictionary-encoded rows with record counts. */
export interface WeightedTable {
  /** Quasi-identifier column names, in the order of the row codes. */
  readonly qi: readonly string[];
  /** Name of the sensitive column (its code follows the quasi-identifiers), if any. */
  readonly sensitive: string | undefined;
  /** Per column (quasi-identifiers, then sensitive): code -> original value. */
  readonly dictionaries: readonly (readonly string[])[];
  /** Integers per row: `qi.length`, plus one when there is a sensitive column. */
  readonly width: number;
  /** Row codes, row-major, `rowCount * width` integers. */
  readonly rows: Int32Array;
  /** Records per row. */
  readonly weights: Float64Array;
  readonly rowCount: number;
  /** Total records (sum of weights). */
  readonly total: number;
}

/** Accumulates records (as strings per column) into a `WeightedTable`. */
export class WeightedTableBuilder {
  private readonly codes: Map<string, number>[];
  private readonly values: string[][];
  private readonly tuples: TupleTable;
  private readonly scratch: Int32Array;
  private total = 0;

  constructor(
    readonly qi: readonly string[],
    readonly sensitive: string | undefined,
  ) {
    const width = qi.length + (sensitive === undefined ? 0 : 1);
    this.codes = Array.from({ length: width }, () => new Map<string, number>());
    this.values = Array.from({ length: width }, () => []);
    this.tuples = new TupleTable(width, 1024);
    this.scratch = new Int32Array(width);
  }

  /** Dictionary code of `value` in column `c` (assigned on first sight). */
  code(c: number, value: string): number {
    const dict = this.codes[c]!;
    let code = dict.get(value);
    if (code === undefined) {
      code = this.values[c]!.length;
      dict.set(value, code);
      this.values[c]!.push(value);
    }
    return code;
  }

  /** Adds `weight` records with these values (one string per column, sensitive last). */
  add(values: readonly string[], weight = 1): void {
    for (let c = 0; c < this.scratch.length; c++) this.scratch[c] = this.code(c, values[c]!);
    this.addCodes(this.scratch, 0, weight);
  }

  /** Adds records already encoded with this builder's dictionaries. */
  addCodes(codes: Int32Array, offset: number, weight = 1): void {
    this.tuples.add(codes, offset, weight);
    this.total += weight;
  }

  get dictionaryValues(): readonly (readonly string[])[] {
    return this.values;
  }

  build(): WeightedTable {
    const width = this.scratch.length;
    return {
      qi: this.qi,
      sensitive: this.sensitive,
      dictionaries: this.values.map((v) => v.slice()),
      width,
      rows: this.tuples.keys.slice(0, this.tuples.size * width),
      weights: this.tuples.weights.slice(0, this.tuples.size),
      rowCount: this.tuples.size,
      total: this.total,
    };
  }
}

/**
 * A hierarchy restricted to the values present in the data, as integer maps: the label code of
 * each value at each level, the parent of each label, and how many data values each label covers.
 */
export interface EncodedHierarchy {
  readonly column: string;
  readonly height: number;
  /** Per level: label code -> label. Level 0 is the dictionary itself. */
  readonly labels: readonly (readonly string[])[];
  /** Per level: value code -> label code. */
  readonly map: readonly Int32Array[];
  /** Per level below the top: label code -> label code one level up. */
  readonly up: readonly Int32Array[];
  /** Per level: label code -> number of distinct data values it covers. */
  readonly leafCount: readonly Int32Array[];
  /** Per level: label code -> smallest and largest numeric value covered (NaN if not numeric). */
  readonly min: readonly Float64Array[];
  readonly max: readonly Float64Array[];
  /** True when every data value parses as a finite number. */
  readonly numeric: boolean;
}

/**
 * Encodes `hierarchy` over the column's dictionary. Throws `VEIL_KANON_MISSING_VALUE` for the
 * first value (in dictionary order) the hierarchy cannot place, and `VEIL_KANON_HIERARCHY` when
 * one label would have two parents (the levels do not nest).
 */
export function encodeHierarchy(hierarchy: Hierarchy, dictionary: readonly string[]): EncodedHierarchy {
  const height = hierarchy.height;
  const labels: string[][] = [];
  const map: Int32Array[] = [];
  const leafCount: Int32Array[] = [];
  const min: Float64Array[] = [];
  const max: Float64Array[] = [];
  const numbers = dictionary.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  const numeric = numbers.every((n) => Number.isFinite(n));

  for (let level = 0; level < height; level++) {
    const index = new Map<string, number>();
    const names: string[] = [];
    const codes = new Int32Array(dictionary.length);
    for (let v = 0; v < dictionary.length; v++) {
      const label = hierarchy.generalize(dictionary[v]!, level);
      let code = index.get(label);
      if (code === undefined) {
        code = names.length;
        index.set(label, code);
        names.push(label);
      }
      codes[v] = code;
    }
    const count = new Int32Array(names.length);
    const lo = new Float64Array(names.length).fill(Number.POSITIVE_INFINITY);
    const hi = new Float64Array(names.length).fill(Number.NEGATIVE_INFINITY);
    for (let v = 0; v < dictionary.length; v++) {
      const c = codes[v]!;
      count[c]! += 1;
      if (numeric) {
        lo[c] = Math.min(lo[c]!, numbers[v]!);
        hi[c] = Math.max(hi[c]!, numbers[v]!);
      }
    }
    if (!numeric) {
      lo.fill(Number.NaN);
      hi.fill(Number.NaN);
    }
    labels.push(names);
    map.push(codes);
    leafCount.push(count);
    min.push(lo);
    max.push(hi);
  }

  const up: Int32Array[] = [];
  for (let level = 0; level + 1 < height; level++) {
    const parent = new Int32Array(labels[level]!.length).fill(-1);
    const below = map[level]!;
    const above = map[level + 1]!;
    for (let v = 0; v < dictionary.length; v++) {
      const c = below[v]!;
      const p = above[v]!;
      if (parent[c] === -1) parent[c] = p;
      else if (parent[c] !== p) {
        throw new KAnonymizeError(
          'VEIL_KANON_HIERARCHY',
          `hierarchy for '${hierarchy.column}': a label at level ${level} has two parents at level ` +
            `${level + 1}; the levels must nest`,
          { column: hierarchy.column },
        );
      }
    }
    up.push(parent);
  }

  return { column: hierarchy.column, height, labels, map, up, leafCount, min, max, numeric };
}
