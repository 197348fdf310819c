/**
 * The one small interface through which every pipeline stage plugs into the engine.
 *
 * A stage is registered by name (see `src/stages/builtin.ts`). The engine validates the stage's
 * options with its zod schema when the pipeline file is loaded (so errors carry the file, line
 * and column), then builds the stage once per worker thread with `create`, so keys and compiled
 * regexes are loaded once per worker, never once per record.
 *
 * Streaming stages see one record at a time, in any worker, and must be deterministic: the same
 * record, options and keys give the same output whatever the thread or batch it lands in.
 *
 * Barrier stages (k-anonymize, synthesize in fit-from-data mode) need the whole dataset: pass 1
 * feeds every record (after the stages before the barrier) to a collector on the main thread,
 * whose `finish` returns a JSON-serialisable plan; pass 2 builds an applier from that plan in each
 * worker and runs it like a streaming stage.
 */
import type { z } from 'zod';

/** A parsed record: what JSON.parse returns for an object, or a CSV row keyed by header. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonRecord = { [key: string]: JsonValue };

/** Where a record came from, for error messages (never the record's value). */
export interface RecordPosition {
  /** 0-based index of the record in the input. */
  readonly index: number;
  /** 1-based line number in the input file where the record starts, when known. */
  readonly line?: number;
}

/** What the engine gives a stage when it builds it, in a worker or on the main thread. */
export interface StageEnvironment {
  /** Name of the pipeline (from the file), for key contexts and messages. */
  readonly pipelineName: string;
  /** Index of the stage in the pipeline's stage list (0-based), for messages. */
  readonly stageIndex: number;
  /**
   * Directory of the pipeline file (or the working directory for code-built pipelines), against
   * which relative paths in stage options (hierarchy CSVs, key files) are resolved.
   */
  readonly baseDir: string;
  /**
   * Resolves a secret by reference: `env:NAME` reads an environment variable, `file:PATH` reads a
   * key file (refused unless its mode is 0600 or stricter), `keyring:NAME` asks the LMDB keyring.
   * Secrets never come from the pipeline file itself, so a literal value is refused.
   */
  readonly secrets: SecretResolver;
  /** Path of the LMDB environment used by the stores (keyring, vault, scratch). */
  readonly storePath: string;
}

export interface SecretResolver {
  /** Returns the secret's bytes; rejects with a `PipelineError` naming the reference, not the value. */
  resolve(reference: string): Promise<Uint8Array>;
}

/**
 * A per-record transform. Return `null` to drop the record from the output.
 *
 * A stage may also offer `prepare`: the engine then runs each batch through the stages before
 * it first and hands it every record they left, in order, before it transforms any of them, so
 * that it can do its work for the whole batch in the order that suits it (the `detect` stage
 * analyzes the batch column by column). `prepare` must not change the records, and `transform`
 * must give the same result for a record whether or not it was prepared. Stages must not depend
 * on the order in which different stages see different records (threads split a run anyway).
 */
export type RecordTransform = ((record: JsonRecord, position: RecordPosition) => JsonRecord | null) & {
  prepare?: (records: readonly JsonRecord[]) => void;
};

/** Per-run counters a stage may add to the summary (for example findings per entity type). */
export interface StageCounters {
  add(name: string, amount?: number): void;
}

/** A problem a stage finds in its options once it knows the stages before it. */
export interface StageOptionIssue {
  /** Path in the stage entry: `['entities', 'EMAIL']`. */
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/**
 * What a stage can tell from its options alone, before any record, for the pipeline as a whole:
 * a zod schema sees one stage only.
 */
export interface StageHooks<Options> {
  /**
   * The keys a record holding exactly `columns` has after this stage, in order, when the stage
   * can tell without a record; undefined when it cannot (the default). A CSV run whose records
   * are all rejected writes its header from them (the first output record decides otherwise).
   */
  readonly columnsAfter?: (
    options: Options,
    columns: readonly string[],
  ) => readonly string[] | undefined;
  /**
   * The entity types beyond the built-in ones that this stage's findings may hold (the `detect`
   * stage's custom recognizers and deny lists), so that the stages after it accept them by name.
   */
  readonly declaresEntityTypes?: (options: Options) => readonly string[];
  /**
   * Checks the entity types the options name (the `anonymize` stage's operators) when the
   * pipeline is validated; `declared`: those the stages before it declare.
   */
  readonly checkEntityTypes?: (
    options: Options,
    declared: ReadonlySet<string>,
  ) => readonly StageOptionIssue[];
}

export interface StreamingStageDefinition<Options> extends StageHooks<Options> {
  readonly kind: 'streaming';
  /** Name used in pipeline files: `- type: pseudonymize`. kebab-case. */
  readonly name: string;
  /** One line for `veil --help` and the README's stage table. */
  readonly description: string;
  /** Validates the stage's options (every key of the stage entry except `type`). */
  readonly options: z.ZodType<Options>;
  /** Builds the transform once per worker thread. */
  create(
    options: Options,
    env: StageEnvironment,
    counters: StageCounters,
  ): RecordTransform | Promise<RecordTransform>;
}

/** Collects what a barrier stage needs in pass 1, on the main thread. */
export interface BarrierCollector<Plan> {
  /**
   * Takes one record. A record the stage cannot use (a missing field) throws a `VeilError` naming
   * its position and field: under `on_error: fail` that ends the run; under `reject` the engine
   * leaves the record out (the collector must keep nothing of it) and goes on, and the stage's
   * applier must refuse the same record in the final pass, which writes its reject entry.
   */
  observe(record: JsonRecord, position: RecordPosition): void;
  /** Called once after the last record; returns the plan that pass 2 applies. */
  finish(): Promise<Plan>;
  /**
   * Optional, for distributed runs (issue: queue): a JSON-serialisable summary of what this
   * collector saw, so that per-chunk collectors can be merged by `absorb` in a reducer.
   */
  exportPartial?(): Promise<JsonValue>;
  absorb?(partial: JsonValue): Promise<void>;
}

export interface BarrierStageDefinition<Options, Plan extends JsonValue = JsonValue>
  extends StageHooks<Options> {
  readonly kind: 'barrier';
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodType<Options>;
  /** Pass 1, main thread: builds the collector. */
  createCollector(options: Options, env: StageEnvironment): BarrierCollector<Plan> | Promise<BarrierCollector<Plan>>;
  /** Pass 2, once per worker: builds the transform that applies the plan. */
  createApplier(
    options: Options,
    plan: Plan,
    env: StageEnvironment,
    counters: StageCounters,
  ): RecordTransform | Promise<RecordTransform>;
  /** Optional: called on the main thread after pass 2 (reports, metrics files). */
  afterRun?(options: Options, plan: Plan, env: StageEnvironment): Promise<void>;
}

export type StageDefinition = StreamingStageDefinition<any> | BarrierStageDefinition<any, any>;

/** Helper that keeps the option type inferred from the schema. */
export function defineStage<Schema extends z.ZodType>(
  stage: Omit<StreamingStageDefinition<z.infer<Schema>>, 'options' | 'kind'> & { options: Schema },
): StreamingStageDefinition<z.infer<Schema>> {
  return { kind: 'streaming', ...stage } as unknown as StreamingStageDefinition<z.infer<Schema>>;
}

export function defineBarrierStage<Schema extends z.ZodType, Plan extends JsonValue>(
  stage: Omit<BarrierStageDefinition<z.infer<Schema>, Plan>, 'options' | 'kind'> & { options: Schema },
): BarrierStageDefinition<z.infer<Schema>, Plan> {
  return { kind: 'barrier', ...stage } as unknown as BarrierStageDefinition<z.infer<Schema>, Plan>;
}
