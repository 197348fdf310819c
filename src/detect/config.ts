/**
 * The detection options as written in a pipeline file (snake_case, validated with zod when the
 * file is loaded, so errors carry the file, line and column), and their translation into an
 * `AnalyzerConfig`. The `detect` stage uses them; so can any stage that detects inline.
 */
import { z } from 'zod';
import RE2 from 're2';
import type { AnalyzerConfig } from './analyzer.js';
import { defaultRecognizers } from './recognizers/index.js';
import { getValidator } from './validators/index.js';
import { DETECT_LANGUAGES, typeHint } from './entity-types.js';
import { ignoredKeyProblem, normalizeKey } from './field-context.js';

function compilesWithRe2(pattern: string): boolean {
  try {
    new RE2(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const score = z.number().min(0).max(1);
const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;
const entityType = z.string().regex(UPPER_SNAKE, 'entity types are upper snake case, e.g. EMAIL_ADDRESS');

/** Options shared by every stage that runs the analyzer. */
export const detectionOptions = z
  .object({
    /** Entity types to report (all default types when absent). */
    entities: z.array(entityType).min(1).optional(),
    /** Entity types never reported. */
    exclude_entities: z.array(entityType).optional(),
    /** Minimum score per entity type. */
    thresholds: z.record(entityType, score).optional(),
    /** Minimum score for types without their own threshold (0.5). */
    default_threshold: score.optional(),
    /** Values never reported (case-insensitive). */
    allow: z.array(z.string()).optional(),
    /** Values always reported, by entity type. */
    deny: z.record(entityType, z.array(z.string().min(1))).optional(),
    /** Pattern recognizers declared here (RE2 syntax). */
    custom_recognizers: z
      .array(
        z
          .object({
            name: z.string().min(1),
            type: entityType,
            // Compiled here, when the pipeline file is loaded, so an invalid pattern (RE2 has no
            // back-references or look-around) is reported at its line; the message never quotes it.
            pattern: z
              .string()
              .min(1)
              .refine(compilesWithRe2, { message: 'not valid RE2 syntax (no back-references or look-around)' }),
            validator: z
              .string()
              .min(1)
              .refine((name) => getValidator(name) !== undefined, { message: 'not a shipped validator (see the README)' })
              .optional(),
            context: z.array(z.string().min(1)).optional(),
            score: score.optional(),
          })
          .strict(),
      )
      // Context words and explanations go by recognizer name: one name, one recognizer.
      .superRefine((list, ctx) => {
        const taken = new Set(defaultRecognizers().map((r) => r.name));
        list.forEach((custom, i) => {
          if (taken.has(custom.name) || custom.name.startsWith('deny-list:')) {
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'this name is taken by another recognizer' });
          }
          taken.add(custom.name);
        });
      })
      .optional(),
    /** Words searched for context before and after a span. */
    context_window: z
      .object({ before: z.number().int().min(0).max(20).optional(), after: z.number().int().min(0).max(20).optional() })
      .strict()
      .optional(),
    /** Languages for context words and names, English first. */
    languages: z.array(z.enum(DETECT_LANGUAGES)).min(1).optional(),
    /** Attach the recognizer, pattern, validator result and context words to each finding. */
    explain: z.boolean().optional(),
    /**
     * Field names as evidence (./field-context.ts), on by default: `false` switches it off;
     * `extra` adds keys (or gives built-in ones another type), `ignore` drops built-in keys.
     */
    field_context: z
      .union([
        z.boolean(),
        z
          .object({
            extra: z.record(z.string().min(1), entityType).optional(),
            ignore: z.array(z.string().min(1), { error: 'expected a list of keys' }).optional(),
          })
          .strict(),
      ], { error: objectBranchProblem })
      .optional(),
  })
  .strict()
  .superRefine((options, ctx) => {
    const known = new Set([
      ...defaultEntityTypes(),
      ...(options.custom_recognizers ?? []).map((c) => c.type),
      ...Object.keys(options.deny ?? {}),
    ]);
    const check = (type: string, path: (string | number)[]): void => {
      // A type not in upper snake case has its own issue already.
      if (!known.has(type) && UPPER_SNAKE.test(type)) ctx.addIssue({ code: 'custom', path, message: `unknown entity type${typeHint(type, known)}` });
    };
    options.entities?.forEach((type, i) => check(type, ['entities', i]));
    options.exclude_entities?.forEach((type, i) => check(type, ['exclude_entities', i]));
    for (const type of Object.keys(options.thresholds ?? {})) check(type, ['thresholds', type]);
    const fieldContext = options.field_context;
    if (typeof fieldContext === 'object') {
      for (const [key, type] of Object.entries(fieldContext.extra ?? {})) {
        check(type, ['field_context', 'extra', key]);
        if (normalizeKey(key) === '') {
          const path = ['field_context', 'extra', key];
          ctx.addIssue({ code: 'custom', path, message: 'a key needs a letter or digit' });
        }
      }
      fieldContext.ignore?.forEach((key, i) => {
        const problem = ignoredKeyProblem(key, fieldContext.extra);
        if (problem === undefined) return;
        ctx.addIssue({ code: 'custom', path: ['field_context', 'ignore', i], message: problem });
      });
    }
  });

/**
 * The message of a failed `true | false | {...}` option given an object: the object's own
 * problem ("ignore: expected a list of keys") instead of zod's "Invalid input" for the union.
 */
function objectBranchProblem(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  if (typeof issue.input !== 'object' || issue.input === null) {
    return 'expected true, false or a map with extra and ignore';
  }
  // The boolean branch fails by type at the root; the object branch's first issue is the one.
  const inner = issue.errors.find(
    (issues) => issues[0]?.code !== 'invalid_type' || issues[0].path.length > 0,
  )?.[0];
  if (inner === undefined) return undefined;
  return inner.path.length > 0 ? `${inner.path.join('.')}: ${inner.message}` : inner.message;
}

let defaultTypes: readonly string[] | undefined;

/** The entity types of the default recognizers (built once, on first use). */
export function defaultEntityTypes(): readonly string[] {
  defaultTypes ??= [...new Set(defaultRecognizers().flatMap((r) => r.entityTypes))];
  return defaultTypes;
}

export type DetectionOptions = z.infer<typeof detectionOptions>;

/**
 * Translates pipeline-file options into an analyzer configuration. `field_context` is not part
 * of it: the stages resolve field names themselves (`createFieldContext`) and pass the analyzer a
 * hint per field.
 */
export function toAnalyzerConfig(options: DetectionOptions): AnalyzerConfig {
  const config: AnalyzerConfig = {};
  if (options.entities !== undefined) config.entities = options.entities;
  if (options.exclude_entities !== undefined) config.excludeEntities = options.exclude_entities;
  if (options.thresholds !== undefined) config.thresholds = options.thresholds;
  if (options.default_threshold !== undefined) config.defaultThreshold = options.default_threshold;
  if (options.allow !== undefined) config.allow = options.allow;
  if (options.deny !== undefined) config.deny = options.deny;
  if (options.custom_recognizers !== undefined) {
    config.customRecognizers = options.custom_recognizers.map((c) => ({
      name: c.name,
      type: c.type,
      pattern: c.pattern,
      ...(c.validator === undefined ? {} : { validator: c.validator }),
      ...(c.context === undefined ? {} : { context: c.context }),
      ...(c.score === undefined ? {} : { score: c.score }),
    }));
  }
  if (options.context_window !== undefined) {
    config.contextWindow = {
      ...(options.context_window.before === undefined ? {} : { before: options.context_window.before }),
      ...(options.context_window.after === undefined ? {} : { after: options.context_window.after }),
    };
  }
  if (options.languages !== undefined) config.languages = options.languages;
  if (options.explain !== undefined) config.explain = options.explain;
  return config;
}
