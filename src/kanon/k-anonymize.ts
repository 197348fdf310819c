/**
 * In-memory k-anonymization: `kAnonymize(records, options)` for arrays that fit in memory (what
 * `PrivacyManager.kAnonymize` calls). It runs the same encoding, algorithms and plan as the
 * `k-anonymize` pipeline stage, so both give the same output for the same records.
 */
import type { JsonRecord } from '../engine/stage.js';
import { compileFieldPath } from '../engine/field-path.js';
import { WeightedTableBuilder } from './table.js';
import { anonymizeTable } from './anonymize-table.js';
import { resolveOptions, type KAnonymizeOptions } from './options.js';
import { buildPlan, planApplier, type KAnonymityPlan } from './plan.js';
import { quasiIdentifierText, valueFormOf } from './quasi-identifier-value.js';
import { buildReport, type KAnonymityReport } from './report.js';

export interface KAnonymizeResult {
  /** The records with generalized quasi-identifiers, in input order (copies; inputs untouched). */
  records: JsonRecord[];
  report: KAnonymityReport;
  plan: KAnonymityPlan;
}

/**
 * Generalizes the quasi-identifiers of `records` so that every equivalence class satisfies the
 * configured models.
 *
 * @example
 * const { records: out, report } = await kAnonymize(rows, {
 *   quasiIdentifiers: { age: { interval: [5, 10, 20, '*'] }, zip: { mask: 'right', levels: 5 } },
 *   k: 5,
 *   suppressionLimit: 0.02,
 * });
 */
export async function kAnonymize(
  records: readonly JsonRecord[],
  options: KAnonymizeOptions,
): Promise<KAnonymizeResult> {
  const resolved = resolveOptions(options);
  const qi = resolved.quasiIdentifiers.map(([name]) => name);
  const columns = resolved.sensitive === undefined ? qi : [...qi, resolved.sensitive];
  const paths = columns.map((c) => compileFieldPath(c));
  const builder = new WeightedTableBuilder(qi, resolved.sensitive);
  const forms = resolved.quasiIdentifiers.map(([, spec]) => valueFormOf(spec));
  const values: string[] = new Array<string>(columns.length);
  records.forEach((record, index) => {
    for (let c = 0; c < columns.length; c++) {
      values[c] = quasiIdentifierText(paths[c]!, record, columns[c]!, forms[c] ?? 'text', { index }, c === forms.length);
    }
    builder.add(values);
  });

  const table = builder.build();
  const result = anonymizeTable(table, resolved);
  const report = buildReport(resolved, result);
  const plan = buildPlan(table, result.recoding, report as unknown as KAnonymityPlan['report'], forms);
  const apply = planApplier(plan, { suppressed: resolved.suppressed, suppressedField: resolved.suppressedField });
  const out: JsonRecord[] = [];
  records.forEach((record, index) => {
    const r = apply(structuredClone(record), { index });
    if (r !== null) out.push(r);
  });
  return { records: out, report, plan };
}
