/**
 * The pipeline specification: one zod schema for YAML files, TypeScript modules and code.
 *
 * Keys are snake_case in every form so that a YAML file and a `definePipeline({...})` module read
 * the same. Unknown keys are errors at every level (a typo must not silently disable a stage
 * option). Stage entries are `{ type: NAME, ...options }`; the options are validated by the
 * stage's own schema from the registry, and the issues come back with their path inside the
 * pipeline so that the YAML loader can point at the line and column.
 */
import { z } from 'zod';
import { availableParallelism } from 'node:os';
import type { StageDefinition } from './stage.js';

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/;
const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  KiB: 1024,
  MB: 1e6,
  MiB: 1024 ** 2,
  GB: 1e9,
  GiB: 1024 ** 3,
};

/** A byte size: a positive integer, or a string such as `512KiB`, `1 MiB`, `64MB`. */
const byteSize = z.union([
  z.number().int().positive(),
  z.string().regex(SIZE, { message: 'expected a byte size such as 524288, "512KiB" or "1MiB"' }),
]);

/** Converts a validated byte size to bytes. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = SIZE.exec(value.trim());
  if (match === null) throw new RangeError(`invalid byte size`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'B'] as number));
}

const singleChar = z.string().length(1, { message: 'expected exactly one character' });

/**
 * Most worker threads a run may ask for. Each costs a V8 isolate (about 85 ms of CPU and 10+ MB);
 * around a thousand, Node aborts with a fatal error instead of throwing.
 */
export const MAX_THREADS = 64;

export const inputFormats = ['ndjson', 'json', 'csv'] as const;
export type RecordFormat = (typeof inputFormats)[number];

/** JSON input parsers: Veil's structural framer (default) or stream-json's parser. */
export const jsonParsers = ['veil', 'stream-json'] as const;
export type JsonParser = (typeof jsonParsers)[number];

/**
 * CSV column names: each named once, as a header line must (`column 3 repeats a name`). A name
 * given twice in `input.columns` kept the last column's values and dropped the other's.
 */
const columnNames = z
  .array(z.string().min(1))
  .min(1)
  .superRefine((names, context) => {
    const seen = new Set<string>();
    for (const [i, name] of names.entries()) {
      if (seen.has(name)) {
        context.addIssue({ code: 'custom', path: [i], message: `column ${i + 1} repeats a name` });
      }
      seen.add(name);
    }
  });

const inputSchema = z.strictObject({
  format: z.enum(inputFormats),
  /** JSON: which parser reads the input (default `veil`). */
  parser: z.enum(jsonParsers).optional(),
  /** CSV: field delimiter, default `,`. */
  delimiter: singleChar.optional(),
  /** CSV: quote character, default `"`; a quote inside a quoted field is doubled. */
  quote: singleChar.optional(),
  /** CSV: whether the first record is a header naming the columns (default true). */
  header: z.boolean().optional(),
  /** CSV without header: the column names. */
  columns: columnNames.optional(),
});

const outputSchema = z.strictObject({
  /** Defaults to the input format. */
  format: z.enum(inputFormats).optional(),
  delimiter: singleChar.optional(),
  quote: singleChar.optional(),
  /** CSV: write a header line (default true). */
  header: z.boolean().optional(),
  /** CSV: column order; default the keys of the first output record. */
  columns: columnNames.optional(),
});

const stageEntrySchema = z.looseObject({ type: z.string().min(1) });

/** The schema of a pipeline file (before each stage's options are checked by the stage). */
export const pipelineSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      message: 'expected letters, digits, ".", "_" or "-"',
    }),
  description: z.string().optional(),
  input: inputSchema,
  output: outputSchema.optional(),
  on_error: z.enum(['reject', 'fail']).optional(),
  reject_file: z.string().min(1).optional(),
  /**
   * Write the rejected record's raw text into the reject file. Off by default: a reject file
   * would otherwise hold the very personal data the pipeline exists to remove.
   */
  reject_include_record: z.boolean().optional(),
  /** Bytes of raw input per batch sent to a worker (default 512 KiB). */
  batch_size: byteSize.optional(),
  /** Longest accepted line or record in bytes (default 64 MiB). */
  max_line_bytes: byteSize.optional(),
  /** Worker threads; 0 runs inline. Default: the machine's available parallelism. */
  threads: z.number().int().min(0).max(MAX_THREADS).optional(),
  stages: z.array(stageEntrySchema),
});

/** A pipeline as written (YAML, TypeScript or code). JSON-serialisable. */
export type PipelineSpec = z.input<typeof pipelineSchema> & {
  stages: Array<{ type: string; [option: string]: unknown }>;
};

/** One validation problem, with its path inside the pipeline (for YAML positions). */
export interface SpecIssue {
  /** Path of the offending node: `['stages', 0, 'fields', 1]`. */
  readonly path: ReadonlyArray<string | number>;
  /** Unknown keys point at the key itself, not its value. */
  readonly pointsAtKey: boolean;
  /** The stage the issue belongs to, for the `stage 'x': ` prefix. */
  readonly stage?: string;
  readonly message: string;
}

/** A stage after validation: its definition and parsed options. */
export interface ResolvedStage {
  readonly definition: StageDefinition;
  readonly options: unknown;
  readonly index: number;
}

/** A validated pipeline, with defaults applied. */
export interface ResolvedPipeline {
  readonly spec: PipelineSpec;
  readonly name: string;
  readonly input: {
    format: RecordFormat;
    delimiter: string;
    quote: string;
    header: boolean;
    columns: string[] | undefined;
    parser?: JsonParser | undefined;
  };
  readonly output: {
    format: RecordFormat;
    delimiter: string;
    quote: string;
    header: boolean;
    columns: string[] | undefined;
  };
  readonly onError: 'reject' | 'fail';
  readonly rejectFile: string | undefined;
  readonly rejectIncludeRecord: boolean;
  readonly batchBytes: number;
  readonly maxLineBytes: number;
  readonly threads: number;
  readonly stages: readonly ResolvedStage[];
}

export const DEFAULT_BATCH_BYTES = 512 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Default thread count: one per available core, at most 8 (beyond that the reader is the limit). */
export function defaultThreads(): number {
  return Math.min(8, Math.max(1, availableParallelism()));
}

const SAFE_ECHO = /^[\w.@:/+-]{1,40}$/;

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** `stages[0].fields[1]` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text.length === 0 ? String(key) : `.${String(key)}`;
  }
  return text;
}

function expectedKeys(schema: z.ZodType | undefined): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape).sort();
  return [];
}

/**
 * Turns zod issues into messages that name the key, never echo a value that could be a secret
 * (only short identifier-like values are quoted back, as in `unknown operator 'redakt'`).
 */
function convertIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  prefix: ReadonlyArray<string | number>,
  schema: z.ZodType | undefined,
  stage?: string,
): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const path = [...prefix, ...rel];
    const where = rel.length === 0 ? '' : `${formatPath(rel)}: `;
    const base = { ...(stage === undefined ? {} : { stage }) };

    if (issue.code === 'unrecognized_keys') {
      const known = rel.length === 0 ? expectedKeys(schema) : [];
      const hint = known.length > 0 ? `; expected one of ${known.join(', ')}` : '';
      for (const key of issue.keys) {
        out.push({
          ...base,
          path: [...path, key],
          pointsAtKey: true,
          message: `${where}unknown key '${key}'${hint}`,
        });
      }
      continue;
    }

    if (rel.length > 0 && valueAt(root, rel) === undefined) {
      const key = rel[rel.length - 1];
      const parent = path.slice(0, -1);
      const parentWhere = rel.length > 1 ? `${formatPath(rel.slice(0, -1))}: ` : '';
      out.push({
        ...base,
        path: parent,
        pointsAtKey: false,
        message: `${parentWhere}missing required key '${String(key)}'`,
      });
      continue;
    }

    if (issue.code === 'invalid_value') {
      const value = valueAt(root, rel);
      const key = [...rel].reverse().find((k): k is string => typeof k === 'string') ?? 'value';
      // An element of a list is named in the singular: "unknown language 'german'" (round 13).
      const named = typeof rel[rel.length - 1] === 'number' ? singular(key) : key;
      const shown = typeof value === 'string' && SAFE_ECHO.test(value) ? ` '${value}'` : '';
      const options = issue.values.map((v) => String(v)).join(', ');
      out.push({
        ...base,
        path,
        pointsAtKey: false,
        message: `${where}unknown ${named}${shown}; expected one of ${options}`,
      });
      continue;
    }

    out.push({ ...base, path, pointsAtKey: false, message: `${where}${issue.message}` });
  }
  return out;
}

/**
 * Makes an object schema reject unknown keys. Stage authors may write `z.object`; a typo in a
 * stage option must still be an error, not a silently ignored key.
 */
function strictStageSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return schema.strict();
  return schema;
}

/** Where validation finds stage definitions: the registry, or a worker's own small set. */
export interface StageLookup {
  get(name: string): StageDefinition | undefined;
  names(): string[];
}

/**
 * Validates a pipeline. Returns the resolved pipeline, or every issue found (the loader turns
 * them into positioned messages). Pure: reads no file and resolves no secret. `stages` is passed
 * in (normally `registryLookup` from the registry) so that worker threads can validate with only
 * the stage modules their pipeline uses loaded.
 */
export function validatePipeline(
  raw: unknown,
  stages: StageLookup,
): { ok: true; pipeline: ResolvedPipeline } | { ok: false; issues: SpecIssue[] } {
  const top = pipelineSchema.safeParse(raw);
  if (!top.success) {
    const issues = convertIssues(top.error.issues, raw, [], pipelineSchema);
    // Still check the stages that parsed, so one run of `veil validate` shows every problem.
    const stageEntries = valueAt(raw, ['stages']);
    if (Array.isArray(stageEntries)) issues.push(...validateStages(stageEntries, stages).issues);
    return { ok: false, issues };
  }

  const validated = validateStages(top.data.stages, stages);
  if (validated.issues.length > 0) return { ok: false, issues: validated.issues };

  const spec = top.data;
  const inputFormat = spec.input.format;
  const outputFormat = spec.output?.format ?? inputFormat;
  const sameFormat = outputFormat === inputFormat;

  if (
    spec.input.format === 'csv' &&
    spec.input.header === false &&
    spec.input.columns === undefined
  ) {
    return {
      ok: false,
      issues: [
        { path: ['input'], pointsAtKey: false, message: 'input: header: false needs columns' },
      ],
    };
  }

  return {
    ok: true,
    pipeline: {
      spec: raw as PipelineSpec,
      name: spec.name,
      input: {
        format: inputFormat,
        delimiter: spec.input.delimiter ?? ',',
        quote: spec.input.quote ?? '"',
        header: spec.input.header ?? spec.input.columns === undefined,
        columns: spec.input.columns,
        parser: spec.input.parser ?? 'veil',
      },
      output: {
        format: outputFormat,
        // CSV to CSV keeps the input's dialect unless the output says otherwise.
        delimiter: spec.output?.delimiter ?? (sameFormat ? (spec.input.delimiter ?? ',') : ','),
        quote: spec.output?.quote ?? (sameFormat ? (spec.input.quote ?? '"') : '"'),
        header: spec.output?.header ?? true,
        columns: spec.output?.columns,
      },
      onError: spec.on_error ?? 'fail',
      rejectFile: spec.reject_file,
      rejectIncludeRecord: spec.reject_include_record ?? false,
      batchBytes: parseByteSize(spec.batch_size ?? DEFAULT_BATCH_BYTES),
      maxLineBytes: parseByteSize(spec.max_line_bytes ?? DEFAULT_MAX_LINE_BYTES),
      threads: spec.threads ?? defaultThreads(),
      stages: validated.stages,
    },
  };
}

function validateStages(
  entries: readonly unknown[],
  lookup: StageLookup,
): { stages: ResolvedStage[]; issues: SpecIssue[] } {
  const stages: ResolvedStage[] = [];
  const issues: SpecIssue[] = [];
  // Entity types the stages so far declared beyond the built-in ones (see `StageHooks`).
  const declared = new Set<string>();

  entries.forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
    const { type, ...options } = entry as { type?: unknown };
    if (typeof type !== 'string') return;

    const definition = lookup.get(type);
    if (definition === undefined) {
      const names = lookup.names();
      const shown = SAFE_ECHO.test(type) ? ` '${type}'` : '';
      issues.push({
        path: ['stages', index, 'type'],
        pointsAtKey: false,
        message: `stage ${index + 1}: unknown stage type${shown}; expected one of ${names.join(', ')}`,
      });
      return;
    }

    const schema = strictStageSchema(definition.options);
    const parsed = schema.safeParse(options);
    if (!parsed.success) {
      issues.push(...convertIssues(parsed.error.issues, entry, ['stages', index], schema, type));
      return;
    }
    for (const issue of definition.checkEntityTypes?.(parsed.data, declared) ?? []) {
      issues.push({
        stage: type,
        path: ['stages', index, ...issue.path],
        pointsAtKey: false,
        message: `${formatPath(issue.path)}: ${issue.message}`,
      });
    }
    for (const name of definition.declaresEntityTypes?.(parsed.data) ?? []) declared.add(name);
    stages.push({ definition, options: parsed.data, index });
  });

  return { stages, issues };
}

/** The singular of a list key ("languages" -> "language", "entities" -> "entity"). */
function singular(key: string): string {
  if (key.endsWith('ies')) return `${key.slice(0, -3)}y`;
  if (key.endsWith('s') && !key.endsWith('ss')) return key.slice(0, -1);
  return key;
}
