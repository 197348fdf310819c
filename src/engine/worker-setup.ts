/**
 * What a worker thread needs to build its stage chain for one pass. Plain data only: the
 * pipeline as written (each thread validates it again, because stage schemas may transform
 * options into objects that cannot cross threads), secret references (never key bytes), and the
 * barrier plans of earlier passes.
 */
import type { BatchSettings } from './batch.js';
import { buildChain, type ChainStage } from './chain.js';
import { validatePipeline, type PipelineSpec } from './spec.js';
import type { JsonValue } from './stage.js';
import { RunError } from '../errors/run-error.js';

export interface WorkerSetup {
  readonly spec: PipelineSpec;
  readonly baseDir: string;
  readonly storePath: string;
  readonly secretAliases: Readonly<Record<string, string>>;
  /** Run stages `[0, upto)`. */
  readonly upto: number;
  readonly plans: Readonly<Record<number, JsonValue>>;
  readonly settings: BatchSettings;
  /** Modules to import before building, so that they can register extra stages. */
  readonly stageModules: readonly string[];
}

/** Validates the spec and builds the chain described by a setup. */
export async function buildChainFromSetup(setup: WorkerSetup): Promise<ChainStage[]> {
  for (const module of setup.stageModules) await import(module);
  const result = validatePipeline(setup.spec);
  if (!result.ok) {
    throw new RunError(`pipeline '${setup.spec.name}' failed validation inside a worker thread`);
  }
  return buildChain(result.pipeline, setup, setup.upto, setup.plans);
}
