/**
 * `k-anonymize`: a barrier stage that generalizes quasi-identifiers until every equivalence class
 * satisfies k-anonymity (and optionally l-diversity and t-closeness on a sensitive field).
 *
 * ```yaml
 * - type: k-anonymize
 *   quasi_identifiers:
 *     age: { interval: [5, 10, 20, '*'] }
 *     zip: { mask: right, levels: 5 }
 *     education: { file: hierarchies/education.csv }   # ARX format, relative to the pipeline
 *   sensitive: diagnosis
 *   k: 5
 *   l_diversity: { variant: distinct, l: 2 }
 *   suppression_limit: 0.02
 *   algorithm: optimal            # or mondrian (mondrian_mode: strict | relaxed)
 *   report: out/k-anonymity       # writes .json, .md and .html
 * ```
 *
 * Pass 1 (`createCollector`, main thread) encodes the quasi-identifier and sensitive columns and
 * computes the plan; pass 2 (`createApplier`, every worker) rewrites each record from the plan,
 * in input order. Suppressed records get `*` and `_suppressed: true`, or are dropped.
 */
import path from 'node:path';
import { defineBarrierStage } from '../engine/stage.js';
import { kAnonymizeStageOptions, fromStageOptions, resolveOptions } from '../kanon/options.js';
import { KAnonymityCollector } from '../kanon/collector.js';
import { planApplier, type KAnonymityPlan } from '../kanon/plan.js';
import { writeReport, type KAnonymityReport } from '../kanon/report.js';

export const kAnonymizeStage = defineBarrierStage({
  name: 'k-anonymize',
  description: 'Generalize quasi-identifiers to k-anonymity (l-diversity, t-closeness) with a report',
  options: kAnonymizeStageOptions,

  createCollector(options, env) {
    const resolved = resolveOptions(fromStageOptions(options, env.baseDir));
    return new KAnonymityCollector(resolved, {
      storePath: env.storePath,
      memoryBudgetBytes: options.memory_budget_mb * 1024 * 1024,
    });
  },

  createApplier(options, plan: KAnonymityPlan, _env, counters) {
    const apply = planApplier(plan, {
      suppressed: options.suppressed,
      suppressedField: options.suppressed_field,
      sensitive: options.sensitive,
    });
    const marker = options.suppressed_field;
    return (record, position) => {
      const out = apply(record, position);
      if (out === null || out[marker] === true) counters.add('k-anonymize suppressed');
      return out;
    };
  },

  async afterRun(options, plan: KAnonymityPlan, env) {
    if (options.report === undefined) return;
    await writeReport(path.resolve(env.baseDir, options.report), plan.report as unknown as KAnonymityReport);
  },
});
