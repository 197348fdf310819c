/**
 * The plan pass 2 applies: a JSON-serialisable map from each distinct quasi-identifier tuple seen
 * in pass 1 to its output class labels (or suppression). It is built once on the main thread and
 * sent to every worker, where `planApplier` turns it back into a hash table; applying it is one
 * lookup per record, so pass 2 runs at streaming speed and keeps input order.
 */
import type { JsonRecord, JsonValue, RecordPosition, RecordTransform } from '../engine/stage.js';
import { compileFieldPath, type FieldPath } from '../engine/field-path.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import type { Recoding } from './recoding.js';
import type { WeightedTable } from './table.js';
import { TupleTable } from './tuple-table.js';

export interface KAnonymityPlan {
  [key: string]: JsonValue;
  version: 1;
  quasiIdentifiers: string[];
  /** Per quasi-identifier: code -> value, as seen in pass 1. */
  dictionaries: string[][];
  /** Distinct tuples, flat, `quasiIdentifiers.length` codes each. */
  tuples: number[];
  /** Tuple -> class index, -1 for suppressed. */
  tupleClass: number[];
  /** Class -> one label per quasi-identifier. */
  classLabels: string[][];
  /** The run's report (transformation, metrics, risk). */
  report: JsonValue;
}

export function buildPlan(table: WeightedTable, recoding: Recoding, report: JsonValue): KAnonymityPlan {
  const m = table.qi.length;
  return {
    version: 1,
    quasiIdentifiers: [...table.qi],
    dictionaries: table.dictionaries.slice(0, m).map((d) => [...d]),
    tuples: Array.from(recoding.tuples.codes),
    tupleClass: Array.from(recoding.tupleClass),
    classLabels: recoding.classLabels.map((l) => [...l]),
    report,
  };
}

/** Reads a quasi-identifier as the string pass 1 and pass 2 both key on. */
export function scalarText(
  path: FieldPath,
  record: JsonRecord,
  column: string,
  position: RecordPosition,
): string {
  const v = path.get(record);
  if (v === undefined || v === null || typeof v === 'object') {
    throw new KAnonymizeError(
      'VEIL_KANON_RECORD',
      `${where(position)}: field '${column}' is missing or not a scalar`,
      { column },
    );
  }
  return String(v);
}

export function where(position: RecordPosition): string {
  return position.line === undefined
    ? `record ${position.index}`
    : `record ${position.index} (line ${position.line})`;
}

export interface ApplyOptions {
  suppressed: 'mark' | 'drop';
  suppressedField: string;
  /**
   * The sensitive field, when the models use one: pass 1 left out records without it, so pass 2
   * refuses them too (else such a record would join a class the plan did not count).
   */
  sensitive?: string | undefined;
}

/**
 * Builds the per-record transform of pass 2. A record without a quasi-identifier or the
 * sensitive field fails as it did in pass 1 (under `on_error: reject` the engine rejects it, and
 * pass 1 left it out of the plan). A record whose quasi-identifiers were not seen in pass 1 (the
 * input changed between passes) fails with its position and the field, never the value.
 */
export function planApplier(plan: KAnonymityPlan, options: ApplyOptions): RecordTransform {
  const m = plan.quasiIdentifiers.length;
  const paths = plan.quasiIdentifiers.map((q) => compileFieldPath(q));
  const dictionaries = plan.dictionaries.map((d) => new Map(d.map((v, i) => [v, i])));
  const tuples = new TupleTable(m, plan.tupleClass.length);
  const codes = Int32Array.from(plan.tuples);
  for (let t = 0; t < plan.tupleClass.length; t++) tuples.add(codes, t * m, 1);
  const key = new Int32Array(m);
  const texts: string[] = new Array<string>(m);
  const marker = options.suppressedField;
  // Top-level fields (the common case, and every CSV column) skip the path walker.
  const topLevel = plan.quasiIdentifiers.map((q) => !/[.[\]*]/.test(q));
  const sensitive =
    options.sensitive === undefined ? undefined : { name: options.sensitive, path: compileFieldPath(options.sensitive) };

  return (record, position) => {
    if (sensitive !== undefined) scalarText(sensitive.path, record, sensitive.name, position);
    for (let j = 0; j < m; j++) {
      const column = plan.quasiIdentifiers[j]!;
      const raw = topLevel[j] ? record[column] : undefined;
      const text =
        typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : scalarText(paths[j]!, record, column, position);
      const code = dictionaries[j]!.get(text);
      if (code === undefined) throw unseen(position, column);
      key[j] = code;
      texts[j] = text;
    }
    const t = tuples.find(key, 0);
    if (t < 0) throw unseen(position, plan.quasiIdentifiers[0]!);
    const c = plan.tupleClass[t]!;
    if (c < 0 && options.suppressed === 'drop') return null;
    const labels = c < 0 ? undefined : plan.classLabels[c]!;
    for (let j = 0; j < m; j++) {
      const label = labels === undefined ? '*' : labels[j]!;
      // An ungeneralized value keeps its JSON type (a number stays a number).
      if (label === texts[j]) continue;
      if (topLevel[j]) record[plan.quasiIdentifiers[j]!] = label;
      else paths[j]!.update(record, () => label);
    }
    if (options.suppressed === 'mark') record[marker] = c < 0;
    return record;
  };
}

function unseen(position: RecordPosition, column: string): KAnonymizeError {
  return new KAnonymizeError(
    'VEIL_KANON_RECORD',
    `${where(position)}: quasi-identifier '${column}' has a value pass 1 did not see ` +
      `(the input changed between passes)`,
    { column },
  );
}
