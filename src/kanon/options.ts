/**
 * Options of k-anonymization, in two spellings that map one to one: snake_case for pipeline
 * files (validated by `kAnonymizeStageOptions`, with positions reported by the loader) and
 * camelCase for the TypeScript API (`KAnonymizeOptions`, validated by `resolveOptions`).
 */
import { z } from 'zod';
import type { HierarchySpec } from './hierarchy.js';
import type { LDiversitySpec, PrivacyModels, TClosenessSpec } from './privacy-models.js';
import { validateModels } from './privacy-models.js';
import { KAnonymizeError } from '../errors/kanon-error.js';

const hierarchySpecSchema = z.union([
  z.strictObject({ file: z.string().min(1), delimiter: z.string().length(1).optional() }),
  z.strictObject({ rows: z.array(z.array(z.union([z.string(), z.number()])).min(1)).min(1) }),
  z.strictObject({
    interval: z.array(z.union([z.number().positive(), z.literal('*')])).min(1),
    origin: z.number().optional(),
  }),
  z.strictObject({
    mask: z.enum(['right', 'left']),
    levels: z.number().int().min(1),
    char: z.string().length(1).optional(),
  }),
  z.strictObject({ date: z.array(z.enum(['day', 'month', 'quarter', 'year', 'decade', '*'])).min(1) }),
  z.strictObject({ ordered: z.array(z.string()).min(1), groups: z.array(z.number().int().min(2)) }),
  z.strictObject({ suppress: z.literal(true) }),
  z.strictObject({ other: z.string().min(1) }),
]);

/** Pipeline-file options of the `k-anonymize` stage. */
export const kAnonymizeStageOptions = z.strictObject({
  /**
   * Quasi-identifier field paths, in order, each with its hierarchy; `true` means "no
   * hierarchy" (allowed with `mondrian`, which orders values itself).
   */
  quasi_identifiers: z.record(z.string().min(1), z.union([hierarchySpecSchema, z.literal(true)])),
  /** Sensitive field for l-diversity and t-closeness. */
  sensitive: z.string().min(1).optional(),
  k: z.number().int().min(1),
  l_diversity: z
    .union([
      z.strictObject({ variant: z.enum(['distinct', 'entropy']), l: z.number().min(1) }),
      z.strictObject({ variant: z.literal('recursive'), l: z.number().int().min(1), c: z.number().positive() }),
    ])
    .optional(),
  t_closeness: z.strictObject({ distance: z.enum(['equal', 'ordered']), t: z.number().min(0).max(1) }).optional(),
  /** Fraction of records that may be suppressed (0..1), default 0. */
  suppression_limit: z.number().min(0).max(1).default(0),
  algorithm: z.enum(['optimal', 'mondrian']).default('optimal'),
  /** Metric minimised by `optimal`: discernibility (default) or the mean per-cell loss. */
  metric: z.enum(['dm', 'loss']).default('dm'),
  mondrian_mode: z.enum(['strict', 'relaxed']).default('strict'),
  /** After `optimal`, re-generalize the suppressed records among themselves (default false). */
  local_recoding: z.boolean().default(false),
  /** Suppressed records: quasi-identifiers set to `*` and a marker field, or dropped. */
  suppressed: z.enum(['mark', 'drop']).default('mark'),
  suppressed_field: z.string().min(1).default('_suppressed'),
  /** Pass-1 memory for the encoded columns before they spill to LMDB, in MiB (default 256). */
  memory_budget_mb: z.number().positive().default(256),
  /** Path prefix of the report: writes PREFIX.json, PREFIX.md and PREFIX.html. */
  report: z.string().min(1).optional(),
  risk_threshold: z.number().gt(0).max(1).default(0.2),
  sampling_fraction: z.number().gt(0).max(1).default(1),
});

export type KAnonymizeStageOptions = z.infer<typeof kAnonymizeStageOptions>;

/** Options of `kAnonymize` (the TypeScript API). */
export interface KAnonymizeOptions {
  /** Quasi-identifier field paths, in order, with their hierarchies (`true`: none, mondrian only). */
  quasiIdentifiers: Record<string, HierarchySpec | true>;
  sensitive?: string;
  k: number;
  lDiversity?: LDiversitySpec;
  tCloseness?: TClosenessSpec;
  suppressionLimit?: number;
  algorithm?: 'optimal' | 'mondrian';
  metric?: 'dm' | 'loss';
  mondrianMode?: 'strict' | 'relaxed';
  localRecoding?: boolean;
  suppressed?: 'mark' | 'drop';
  suppressedField?: string;
  riskThreshold?: number;
  samplingFraction?: number;
  /** Directory against which hierarchy `file` paths are resolved (default: working directory). */
  baseDir?: string;
}

/** Options with defaults applied, shared by the API and the stage. */
export interface ResolvedKAnonymizeOptions {
  quasiIdentifiers: [string, HierarchySpec | undefined][];
  sensitive: string | undefined;
  models: PrivacyModels;
  algorithm: 'optimal' | 'mondrian';
  metric: 'dm' | 'loss';
  mondrianMode: 'strict' | 'relaxed';
  localRecoding: boolean;
  suppressed: 'mark' | 'drop';
  suppressedField: string;
  riskThreshold: number;
  samplingFraction: number;
  baseDir: string;
}

/** Applies defaults to API options and checks what the types cannot. */
export function resolveOptions(options: KAnonymizeOptions): ResolvedKAnonymizeOptions {
  const qi = Object.entries(options.quasiIdentifiers).map(
    ([name, spec]) => [name, spec === true ? undefined : spec] as [string, HierarchySpec | undefined],
  );
  if (qi.length === 0) throw new KAnonymizeError('VEIL_KANON_CONFIG', 'at least one quasi-identifier is needed');
  const algorithm = options.algorithm ?? 'optimal';
  if (algorithm === 'optimal') {
    for (const [name, spec] of qi) {
      if (spec === undefined) {
        throw new KAnonymizeError(
          'VEIL_KANON_CONFIG',
          `quasi-identifier '${name}': the optimal algorithm needs a hierarchy`,
          { column: name },
        );
      }
    }
  }
  if (options.sensitive !== undefined && qi.some(([name]) => name === options.sensitive)) {
    throw new KAnonymizeError('VEIL_KANON_CONFIG', `'${options.sensitive}' cannot be both quasi-identifier and sensitive`);
  }
  const models: PrivacyModels = {
    k: options.k,
    lDiversity: options.lDiversity,
    tCloseness: options.tCloseness,
    suppressionLimit: options.suppressionLimit ?? 0,
  };
  validateModels(models, options.sensitive !== undefined);
  return {
    quasiIdentifiers: qi,
    sensitive: options.sensitive,
    models,
    algorithm,
    metric: options.metric ?? 'dm',
    mondrianMode: options.mondrianMode ?? 'strict',
    localRecoding: options.localRecoding ?? false,
    suppressed: options.suppressed ?? 'mark',
    suppressedField: options.suppressedField ?? '_suppressed',
    riskThreshold: options.riskThreshold ?? 0.2,
    samplingFraction: options.samplingFraction ?? 1,
    baseDir: options.baseDir ?? process.cwd(),
  };
}

/** Maps validated stage options to API options. */
export function fromStageOptions(o: KAnonymizeStageOptions, baseDir: string): KAnonymizeOptions {
  const out: KAnonymizeOptions = {
    quasiIdentifiers: o.quasi_identifiers as Record<string, HierarchySpec | true>,
    k: o.k,
    suppressionLimit: o.suppression_limit,
    algorithm: o.algorithm,
    metric: o.metric,
    mondrianMode: o.mondrian_mode,
    localRecoding: o.local_recoding,
    suppressed: o.suppressed,
    suppressedField: o.suppressed_field,
    riskThreshold: o.risk_threshold,
    samplingFraction: o.sampling_fraction,
    baseDir,
  };
  if (o.sensitive !== undefined) out.sensitive = o.sensitive;
  if (o.l_diversity !== undefined) out.lDiversity = o.l_diversity as LDiversitySpec;
  if (o.t_closeness !== undefined) out.tCloseness = o.t_closeness;
  return out;
}
