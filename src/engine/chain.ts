/**
 * The compiled stage chain: every stage of a pipeline built once (per worker thread, or once on
 * the main thread for inline runs and `transform`), with its counters.
 */
import { RunError } from '../errors/run-error.js';
import { VeilError } from '../errors/veil-error.js';
import { createSecretResolver } from './secrets.js';
import type { ResolvedPipeline } from './spec.js';
import type { JsonValue, RecordTransform, StageCounters, StageEnvironment } from './stage.js';

/** Counters that a worker drains after each batch and the main thread sums. */
export class CounterSet implements StageCounters {
  // One box per name: a count is one look-up, not a look-up and a store (stages count every
  // finding, about twenty times per tickets record).
  private readonly values = new Map<string, { count: number }>();

  add(name: string, amount = 1): void {
    const box = this.values.get(name);
    if (box === undefined) this.values.set(name, { count: amount });
    else box.count += amount;
  }

  /** Returns the counts since the last drain and resets them. */
  drain(): Array<[string, number]> {
    const entries: Array<[string, number]> = [];
    for (const [name, box] of this.values) entries.push([name, box.count]);
    this.values.clear();
    return entries;
  }
}

/** One built stage. */
export interface ChainStage {
  readonly name: string;
  readonly index: number;
  readonly transform: RecordTransform;
  readonly counters: CounterSet;
}

/** Where a chain's stages find keys, stores and relative paths. */
export interface ChainEnvironment {
  readonly baseDir: string;
  readonly storePath: string;
  /** Secret reference aliases (references only, never key bytes). */
  readonly secretAliases: Readonly<Record<string, string>>;
}

/** Builds the environment a stage receives. */
export function stageEnvironment(
  pipeline: ResolvedPipeline,
  stageIndex: number,
  env: ChainEnvironment,
): StageEnvironment {
  return {
    pipelineName: pipeline.name,
    stageIndex,
    baseDir: env.baseDir,
    storePath: env.storePath,
    secrets: createSecretResolver({
      baseDir: env.baseDir,
      storePath: env.storePath,
      aliases: env.secretAliases,
    }),
  };
}

/**
 * Builds the stages `[0, upto)`. Barrier stages in that range are built as appliers of the
 * plans given; a barrier without a plan is a programming error of the caller.
 */
export async function buildChain(
  pipeline: ResolvedPipeline,
  env: ChainEnvironment,
  upto: number,
  plans: Readonly<Record<number, JsonValue>>,
): Promise<ChainStage[]> {
  const chain: ChainStage[] = [];
  for (const stage of pipeline.stages.slice(0, upto)) {
    const counters = new CounterSet();
    const environment = stageEnvironment(pipeline, stage.index, env);
    const { definition } = stage;
    let transform: RecordTransform;

    const where = `stage '${definition.name}' (#${stage.index + 1})`;
    try {
      if (definition.kind === 'streaming') {
        transform = await definition.create(stage.options, environment, counters);
      } else {
        const plan = plans[stage.index];
        if (plan === undefined) throw new RunError(`${where} has no barrier plan`);
        transform = await definition.createApplier(stage.options, plan, environment, counters);
      }
    } catch (error) {
      throw namingStage(error, where);
    }
    chain.push({ name: definition.name, index: stage.index, transform, counters });
  }
  return chain;
}

/**
 * A Veil error raised while a stage is built (a secret reference that does not resolve, a
 * keyring key that is missing) names the stage it came from, unless its message already does:
 * same error object, class and code, the stage prefixed to its message. Other errors pass as
 * they are (their messages are not Veil's to edit).
 */
function namingStage(error: unknown, where: string): unknown {
  if (error instanceof VeilError && !error.message.startsWith('stage ')) {
    error.message = `${where}: ${error.message}`;
  }
  return error;
}
