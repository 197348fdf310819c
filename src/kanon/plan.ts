/**
 * The plan pass 2 applies: a JSON-serialisable map from each distinct quasi-identifier tuple seen
 * in pass 1 to its output class labels (or suppression). It is built once on the main thread and
 * sent to every worker, where `planApplier` turns it back into a hash table; applying it is one
 * lookup per record, so pass 2 runs at streaming speed and keeps input order.
 */
import type { JsonRecord, JsonValue, RecordPosition, RecordTransform } from '../engine/stage.js';
import { compileFieldPath } from '../engine/field-path.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import { quasiIdentifierText, refusal, refusedValue, where, type ValueForm } from './quasi-identifier-value.js';
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
  /**
   * Per quasi-identifier: the form its hierarchy needs (pass 1 refused values of another form).
   * Absent in plans serialised before it existed: every column then takes any scalar text.
   */
  valueForms: ValueForm[];
  /** The run's report (transformation, metrics, risk). */
  report: JsonValue;
}

export function buildPlan(
  table: WeightedTable,
  recoding: Recoding,
  report: JsonValue,
  valueForms: readonly ValueForm[],
): KAnonymityPlan {
  const m = table.qi.length;
  return {
    version: 1,
    quasiIdentifiers: [...table.qi],
    dictionaries: table.dictionaries.slice(0, m).map((d) => [...d]),
    tuples: Array.from(recoding.tuples.codes),
    tupleClass: Array.from(recoding.tupleClass),
    classLabels: recoding.classLabels.map((l) => [...l]),
    valueForms: [...valueForms],
    report,
  };
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
 * Builds the per-record transform of pass 2. A record whose quasi-identifier or sensitive field
 * pass 1 refused (see `quasi-identifier-value.ts`) fails the same way (under `on_error: reject`
 * the engine rejects it, and pass 1 left it out of the plan). A record whose quasi-identifiers
 * were not seen in pass 1 (the input changed between passes) fails with its position and the
 * field, never the value.
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
  const forms: readonly ValueForm[] = (plan.valueForms as ValueForm[] | undefined) ?? [];
  const sensitive =
    options.sensitive === undefined ? undefined : { name: options.sensitive, path: compileFieldPath(options.sensitive) };

  // Why a record has no place in the plan: pass 1 read every column before it refused one, so
  // the refused column may come after the first one pass 2 cannot find (round 13: a missing
  // `nosuch` was reported as an unseen value of `age`, with a false cause).
  const firstRefusal = (record: JsonRecord, position: RecordPosition, missed: number): KAnonymizeError => {
    for (let j = 0; j < m; j++) {
      const raw = topLevel[j] ? record[plan.quasiIdentifiers[j]!] : paths[j]!.getWhole(record);
      const why = refusal(raw, forms[j] ?? 'text');
      if (why !== undefined) return refusedValue(position, plan.quasiIdentifiers[j]!, why);
    }
    return unseen(position, plan.quasiIdentifiers[missed]!);
  };

  return (record, position) => {
    if (sensitive !== undefined) quasiIdentifierText(sensitive.path, record, sensitive.name, 'text', position, true);
    for (let j = 0; j < m; j++) {
      const column = plan.quasiIdentifiers[j]!;
      const raw = topLevel[j] ? record[column] : paths[j]!.getWhole(record);
      const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
      // Pass 1 coded only values it accepted, so a value found in the dictionary is well formed;
      // one that is not found is either refused (as in pass 1) or new.
      const code = text === undefined ? undefined : dictionaries[j]!.get(text);
      if (code === undefined || text === undefined) throw firstRefusal(record, position, j);
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
