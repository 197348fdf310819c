/**
 * The stage registry: name -> definition. Built from `src/stages/builtin.ts`, so a new stage
 * never touches the engine. `registerStage` adds a stage for code-built pipelines; worker
 * threads see the built-in stages and those registered by the modules listed in a run's
 * `stageModules`, because each thread imports its own copy of the registry.
 */
import { builtinStages } from '../stages/builtin.js';
import type { StageLookup } from './spec.js';
import type { StageDefinition } from './stage.js';

const stages = new Map<string, StageDefinition>();

for (const stage of builtinStages) stages.set(stage.name, stage);

/** Returns the stage registered under `name`, or `undefined`. */
export function getStage(name: string): StageDefinition | undefined {
  return stages.get(name);
}

/** Every registered stage, sorted by name (for `veil --help` and error messages). */
export function listStages(): StageDefinition[] {
  return [...stages.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Registers (or replaces) a stage by its name. */
export function registerStage(stage: StageDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(stage.name)) {
    throw new TypeError(`stage name '${stage.name}' must be kebab-case`);
  }
  stages.set(stage.name, stage);
}

/** The registry as a lookup for `validatePipeline`. */
export const registryLookup: StageLookup = {
  get: getStage,
  names: () => listStages().map((stage) => stage.name),
};
