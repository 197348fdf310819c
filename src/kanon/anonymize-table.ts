/**
 * The algorithm layer end to end, on an encoded table: build and encode the hierarchies (where a
 * value missing from its hierarchy fails, BR-25), run `optimal` (optionally followed by local
 * recoding) or `mondrian`, finalize the classes and compute the metrics. Both the in-memory API
 * and the barrier stage's `finish` call this.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildHierarchy } from './hierarchy.js';
import { encodeHierarchy, type EncodedHierarchy, type WeightedTable } from './table.js';
import { searchOptimal, type OptimalResult } from './optimal.js';
import { mondrian } from './mondrian.js';
import {
  finalize,
  fullDomainClasses,
  hierarchyCovers,
  qiTuples,
  valueFrequencies,
  type Cover,
  type Recoding,
} from './recoding.js';
import { computeMetrics, type KAnonymityMetrics } from './metrics.js';
import { riskOfClasses } from './risk.js';
import type { ResolvedKAnonymizeOptions } from './options.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import { TupleTable } from './tuple-table.js';

export interface TableAnonymization {
  readonly recoding: Recoding;
  readonly metrics: KAnonymityMetrics;
  /** Search statistics of `optimal`. */
  readonly search: Omit<OptimalResult, 'levels' | 'value' | 'suppressed'> | undefined;
  /** Milliseconds spent in the algorithm (hierarchies and metrics excluded). */
  readonly algorithmMs: number;
  /** CPU time (user + system) over the same span. */
  readonly algorithmCpuMs: number;
}

function hierarchiesFor(
  table: WeightedTable,
  options: ResolvedKAnonymizeOptions,
  freq: readonly Float64Array[],
): (EncodedHierarchy | undefined)[] {
  return options.quasiIdentifiers.map(([column, spec], j) => {
    if (spec === undefined) return undefined;
    const hierarchy = buildHierarchy(column, spec, {
      fileText: (file) => {
        const resolved = path.resolve(options.baseDir, file);
        try {
          return readFileSync(resolved, 'utf8');
        } catch (cause) {
          throw new KAnonymizeError(
            'VEIL_KANON_HIERARCHY',
            `hierarchy file '${file}' for '${column}' cannot be read`,
            { column, cause },
          );
        }
      },
      counts: () => new Map(table.dictionaries[j]!.map((v, code) => [v, freq[j]![code]!])),
      k: options.models.k,
    });
    return encodeHierarchy(hierarchy, table.dictionaries[j]!);
  });
}

/** Runs the configured algorithm on `table`. */
export function anonymizeTable(table: WeightedTable, options: ResolvedKAnonymizeOptions): TableAnonymization {
  const freq = valueFrequencies(table);
  const hierarchies = hierarchiesFor(table, options, freq);
  const tuples = qiTuples(table);
  const models = options.models;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();

  let recoding: Recoding;
  let search: TableAnonymization['search'];
  if (options.algorithm === 'optimal') {
    const encoded = hierarchies as EncodedHierarchy[];
    const result = searchOptimal(table, encoded, models, options.metric);
    if (result === undefined) throw noSolution(table, options);
    search = { latticeSize: result.latticeSize, evaluated: result.evaluated, pruned: result.pruned };
    const covers = encoded.map((h, j) => hierarchyCovers(h, freq[j]!));
    recoding = finalize(
      table,
      tuples,
      fullDomainClasses(tuples, encoded, result.levels, covers),
      models,
      'optimal',
      result.levels,
    );
    if (options.localRecoding && recoding.suppressed > 0) {
      recoding = localRecoding(table, encoded, covers, recoding, options);
    }
  } else {
    const provisional = mondrian(table, tuples, hierarchies, freq, models, options.mondrianMode);
    recoding = finalize(table, tuples, provisional, models, 'mondrian', undefined);
    if (recoding.suppressed > Math.floor(models.suppressionLimit * table.total)) throw noSolution(table, options);
  }
  const algorithmMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const algorithmCpuMs = (cpu.user + cpu.system) / 1000;

  const metrics = computeMetrics(table, recoding, freq, models.k, options.riskThreshold);
  if (options.samplingFraction !== 1) {
    metrics.risk = riskOfClasses(recoding.classSizes, options.riskThreshold, options.samplingFraction);
  }
  return { recoding, metrics, search, algorithmMs, algorithmCpuMs };
}

function noSolution(table: WeightedTable, options: ResolvedKAnonymizeOptions): KAnonymizeError {
  return new KAnonymizeError(
    'VEIL_KANON_NO_SOLUTION',
    `no ${options.algorithm} transformation of the ${table.total} records satisfies the privacy ` +
      `models within the suppression limit ${options.models.suppressionLimit}`,
  );
}

/**
 * Local recoding after `optimal`: the records suppressed by the full-domain transformation are
 * anonymized again among themselves (their own full-domain search, any amount of suppression
 * allowed, DM over the subset), and the ones that now form valid classes are published with
 * those labels. Repeated while it recovers records, at most 4 rounds. Classes whose labels
 * coincide with existing ones merge, which keeps every model (merges of valid classes are valid
 * for k, all l-diversity variants and t-closeness) and `finalize` checks them again.
 */
function localRecoding(
  table: WeightedTable,
  hierarchies: readonly EncodedHierarchy[],
  covers: readonly Cover[][][],
  first: Recoding,
  options: ResolvedKAnonymizeOptions,
): Recoding {
  const m = table.qi.length;
  const tuples = first.tuples;
  const tupleLevels: (readonly number[] | undefined)[] = Array.from({ length: tuples.count }, (_, t) =>
    first.tupleClass[t]! >= 0 ? first.levels : undefined,
  );
  let current = first;

  for (let round = 0; round < 4 && current.suppressed > 0; round++) {
    const suppressedRows: number[] = [];
    for (let r = 0; r < table.rowCount; r++) {
      if (current.tupleClass[tuples.tupleOfRow[r]!]! < 0) suppressedRows.push(r);
    }
    const sub = subTable(table, suppressedRows);
    const result = searchOptimal(sub, hierarchies, { ...options.models, suppressionLimit: 1 }, options.metric);
    if (result === undefined) break;
    for (const r of suppressedRows) tupleLevels[tuples.tupleOfRow[r]!] = result.levels;

    // Provisional classes keyed by (levels, label codes); unsuppressed tuples keep theirs.
    const classes = new TupleTable(2 * m, tuples.count);
    const key = new Int32Array(2 * m);
    const tupleClass = new Int32Array(tuples.count).fill(-1);
    const labels: string[][] = [];
    const classCovers: Cover[][] = [];
    for (let t = 0; t < tuples.count; t++) {
      const levels = tupleLevels[t];
      if (levels === undefined) continue;
      for (let j = 0; j < m; j++) {
        key[j] = levels[j]!;
        key[m + j] = hierarchies[j]!.map[levels[j]!]![tuples.codes[t * m + j]!]!;
      }
      const before = classes.size;
      const c = classes.add(key, 0, tuples.weights[t]!);
      if (c === before) {
        labels.push(hierarchies.map((h, j) => h.labels[levels[j]!]![key[m + j]!]!));
        classCovers.push(hierarchies.map((_, j) => covers[j]![levels[j]!]![key[m + j]!]!));
      }
      tupleClass[t] = c;
    }
    const next = finalize(table, tuples, { tupleClass, labels, covers: classCovers }, options.models, 'optimal', first.levels);
    const recovered = current.suppressed - next.suppressed;
    if (recovered <= 0) break;
    for (let t = 0; t < tuples.count; t++) if (next.tupleClass[t]! < 0) tupleLevels[t] = undefined;
    current = { ...next, locallyRecoded: first.suppressed - next.suppressed };
  }
  return current;
}

/** The table restricted to some of its rows (same dictionaries, so codes stay valid). */
function subTable(table: WeightedTable, rows: readonly number[]): WeightedTable {
  const out = new Int32Array(rows.length * table.width);
  const weights = new Float64Array(rows.length);
  let total = 0;
  rows.forEach((r, i) => {
    out.set(table.rows.subarray(r * table.width, (r + 1) * table.width), i * table.width);
    weights[i] = table.weights[r]!;
    total += weights[i]!;
  });
  return { ...table, rows: out, weights, rowCount: rows.length, total };
}
