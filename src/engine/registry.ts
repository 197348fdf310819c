/**
 * The stage registry: name -> definition. Built-in stages are known by name from
 * `src/stages/builtin.ts` and imported only when a pipeline names them (`loadStages`), so the
 * main thread holds what the run needs and no more. `registerStage` adds a stage for code-built
 * pipelines; worker threads see the built-in stages and those registered by the modules listed
 * in a run's `stageModules`, because each thread imports its own copy of the registry.
 *
 * The synchronous lookups (`getStage`, `listStages`) see the stages loaded so far; the package
 * entry (`src/index.ts`) loads every built-in stage, so its callers see all of them.
 */
import { builtinStageLoaders } from '../stages/builtin.js';
import type { StageLookup } from './spec.js';
import type { StageDefinition } from './stage.js';

const stages = new Map<string, StageDefinition>();
const loading = new Map<string, Promise<StageDefinition>>();

/** Returns the stage registered (or loaded) under `name`, or `undefined`. */
export function getStage(name: string): StageDefinition | undefined {
  return stages.get(name);
}

/** Every loaded or registered stage, sorted by name. `await loadStages()` first to see all. */
export function listStages(): StageDefinition[] {
  return [...stages.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every stage name a pipeline may use, loaded or not, sorted (for error messages and help). */
export function stageNames(): string[] {
  return [...new Set([...Object.keys(builtinStageLoaders), ...stages.keys()])].sort();
}

/** Whether `name` is a built-in stage that has not been imported yet. */
export function isUnloadedStage(name: string): boolean {
  return !stages.has(name) && Object.hasOwn(builtinStageLoaders, name);
}

/** Registers (or replaces) a stage by its name. */
export function registerStage(stage: StageDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(stage.name)) {
    throw new TypeError(`stage name '${stage.name}' must be kebab-case`);
  }
  stages.set(stage.name, stage);
}

/**
 * Imports the built-in stages named (every built-in stage when `names` is omitted) that are not
 * loaded yet. Names that are neither built in nor registered are left to validation, which
 * reports them with the list of valid names.
 */
export async function loadStages(names?: Iterable<string>): Promise<void> {
  const wanted = names === undefined ? Object.keys(builtinStageLoaders) : new Set(names);
  const pending: Array<Promise<StageDefinition>> = [];
  for (const name of wanted) {
    if (!isUnloadedStage(name)) continue;
    let promise = loading.get(name);
    if (promise === undefined) {
      const load = builtinStageLoaders[name] as () => Promise<StageDefinition>;
      promise = load().then((stage) => {
        // A stage registered under the same name while this one loaded wins.
        if (!stages.has(stage.name)) stages.set(stage.name, stage);
        return stage;
      });
      promise.catch(() => loading.delete(name));
      loading.set(name, promise);
    }
    pending.push(promise);
  }
  await Promise.all(pending);
}

/** The stage types a pipeline as written names (before validation; malformed entries skipped). */
export function namedStageTypes(raw: unknown): string[] {
  if (raw === null || typeof raw !== 'object') return [];
  const entries = (raw as { stages?: unknown }).stages;
  if (!Array.isArray(entries)) return [];
  const names: string[] = [];
  for (const entry of entries) {
    const type: unknown =
      entry !== null && typeof entry === 'object' ? (entry as { type?: unknown }).type : undefined;
    if (typeof type === 'string') names.push(type);
  }
  return names;
}

/** The registry as a lookup for `validatePipeline`. */
export const registryLookup: StageLookup = {
  get: getStage,
  names: stageNames,
};
