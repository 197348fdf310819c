/**
 * The programmatic face of the engine: `definePipeline` for typed pipeline modules,
 * `loadPipelineFile` for YAML/TS files, and `pipeline(spec)` to run over files and streams or to
 * transform one record at a time inside a service.
 *
 * @example
 * ```ts
 * import { pipeline } from 'veil';
 * const summary = await pipeline({
 *   name: 'customers',
 *   input: { format: 'ndjson' },
 *   stages: [{ type: 'pseudonymize', fields: ['email'], key: 'env:VEIL_PSEUDONYM_KEY' }],
 * }).run({ input: 'customers.ndjson', output: 'customers.pseudo.ndjson' });
 * console.log(summary.recordsOut, summary.mbPerSecond);
 * ```
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { isUnloadedStage, loadStages, namedStageTypes, registryLookup } from './registry.js';
import { buildChain, type ChainStage } from './chain.js';
import { loadPipelineFile, type LoadedPipeline } from './loader.js';
import {
  collectBarrierPartial,
  reduceBarrierPartials,
  runPipeline,
  type RunOptions,
  type RunSummary,
  type RunnablePipeline,
} from './run.js';
import { formatPath, validatePipeline, type PipelineSpec, type ResolvedPipeline } from './spec.js';
import type { JsonRecord, JsonValue } from './stage.js';
import { defaultStorePath } from '../store/environment.js';

export { loadPipelineFile, type LoadedPipeline } from './loader.js';
export type { RunOptions, RunSummary, RunProgress, StageSummary } from './run.js';
export type { PipelineSpec, ResolvedPipeline, RecordFormat } from './spec.js';

/** Identity function that gives a pipeline module full typing. */
export function definePipeline(spec: PipelineSpec): PipelineSpec {
  return spec;
}

/** Options of `pipeline()` that apply to every run and to `transform`. */
export interface PipelineOptions {
  /** Directory for relative paths in stage options; default the working directory. */
  readonly baseDir?: string;
  /** LMDB environment for stages that use stores. */
  readonly storePath?: string;
  /** Secret reference aliases. */
  readonly secretAliases?: Readonly<Record<string, string>>;
  /** Plans for barrier stages, required by `transform` when the pipeline has barriers. */
  readonly barrierPlans?: Readonly<Record<number, JsonValue>>;
}

/** A validated pipeline. */
export class Pipeline {
  private validated: RunnablePipeline | undefined;
  /** Set while the stages a code-built spec names are still being imported. */
  private readonly loading: Promise<RunnablePipeline> | undefined;
  private chain: Promise<ChainStage[]> | undefined;

  /**
   * Validates at once when every stage the spec names is loaded (a `LoadedPipeline`, a spec
   * using registered or already loaded stages): problems throw a `PipelineError` here.
   * Otherwise the missing built-in stages are imported in the background and validation
   * happens when they arrive; `ready()`, `run()` and the other async methods then reject with
   * the same `PipelineError`.
   */
  constructor(
    source: PipelineSpec | LoadedPipeline,
    private readonly options: PipelineOptions = {},
  ) {
    if ('resolved' in source) {
      this.validated = {
        resolved: source.resolved,
        baseDir: options.baseDir ?? source.baseDir,
        file: source.file,
      };
      return;
    }
    const names = namedStageTypes(source);
    if (!names.some(isUnloadedStage)) {
      this.validated = this.validate(source);
      return;
    }
    this.loading = loadStages(names).then(() => (this.validated = this.validate(source)));
    // Observed here so that a pipeline built and never used reports nothing unhandled.
    this.loading.catch(() => undefined);
  }

  /** The validated pipeline. Throws while its stages load; `await ready()` first in that case. */
  get resolved(): ResolvedPipeline {
    if (this.validated === undefined) {
      throw new PipelineError('pipeline: its stages are still loading; await ready() first');
    }
    return this.validated.resolved;
  }

  /** Resolves once the stages are loaded and the pipeline is validated. */
  async ready(): Promise<this> {
    await this.runnable();
    return this;
  }

  private validate(spec: PipelineSpec): RunnablePipeline {
    const result = validatePipeline(spec, registryLookup);
    if (!result.ok) {
      const lines = result.issues.map((issue) => {
        // A stage's own issue names its option path in its message: the stage's place is enough.
        const path = issue.stage === undefined ? issue.path : issue.path.slice(0, 2);
        const at = path.length === 0 ? '' : `${formatPath(path)}: `;
        const stage = issue.stage === undefined ? '' : `stage '${issue.stage}': `;
        return `pipeline: ${at}${stage}${issue.message}`;
      });
      throw new PipelineError(lines.join('\n'));
    }
    return {
      resolved: result.pipeline,
      baseDir: this.options.baseDir ?? process.cwd(),
      file: undefined,
    };
  }

  private async runnable(): Promise<RunnablePipeline> {
    return this.validated ?? (await (this.loading as Promise<RunnablePipeline>));
  }

  /** Runs over a file, stdin or a stream; resolves with the summary once the output is in place. */
  async run(options: RunOptions): Promise<RunSummary> {
    return runPipeline(await this.runnable(), { ...this.defaults(), ...options });
  }

  /**
   * Transforms one record with every stage, inline (no threads). Stages are built on the first
   * call. Resolves with the new record, or `null` when a stage dropped it; rejects when a stage
   * throws. The record object may be modified in place.
   */
  async transform(record: JsonRecord, position = { index: 0 }): Promise<JsonRecord | null> {
    const runnable = await this.runnable();
    this.chain ??= buildChain(
      runnable.resolved,
      {
        baseDir: runnable.baseDir,
        storePath: this.options.storePath ?? defaultStorePath(),
        secretAliases: this.options.secretAliases ?? {},
      },
      runnable.resolved.stages.length,
      this.options.barrierPlans ?? {},
    );
    let current: JsonRecord | null = record;
    for (const stage of await this.chain) {
      current = stage.transform(current, position);
      if (current === null) return null;
    }
    return current;
  }

  /** Pass 1 of the first unplanned barrier stage over an input (range): its partial collection. */
  async collectBarrier(
    options: Omit<RunOptions, 'output'>,
  ): Promise<{ stageIndex: number; partial: JsonValue }> {
    return collectBarrierPartial(await this.runnable(), { ...this.defaults(), ...options });
  }

  /** Merges partial collections into the plan of barrier stage `stageIndex`. */
  async reduceBarrier(stageIndex: number, partials: readonly JsonValue[]): Promise<JsonValue> {
    return reduceBarrierPartials(await this.runnable(), stageIndex, partials, this.defaults());
  }

  private defaults(): Partial<RunOptions> {
    const out: {
      storePath?: string;
      secretAliases?: Readonly<Record<string, string>>;
      barrierPlans?: Readonly<Record<number, JsonValue>>;
    } = {};
    if (this.options.storePath !== undefined) out.storePath = this.options.storePath;
    if (this.options.secretAliases !== undefined) out.secretAliases = this.options.secretAliases;
    if (this.options.barrierPlans !== undefined) out.barrierPlans = this.options.barrierPlans;
    return out;
  }
}

/**
 * Validates a spec (or a loaded file) and returns a runnable pipeline. Throws `PipelineError`
 * (see the `Pipeline` constructor for specs whose stages are not loaded yet).
 */
export function pipeline(spec: PipelineSpec | LoadedPipeline, options?: PipelineOptions): Pipeline {
  return new Pipeline(spec, options);
}

/** Loads a pipeline file and returns it ready to run. */
export async function pipelineFromFile(file: string, options?: PipelineOptions): Promise<Pipeline> {
  return new Pipeline(await loadPipelineFile(file), options);
}
