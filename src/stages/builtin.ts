/**
 * Every stage Veil ships, by name, with a loader that imports its module on demand. The names are
 * known without importing anything, so validating or running a pipeline loads only the stages it
 * names: a `pseudonymize` run never pulls in the detection lexicons, faker's locales or the
 * k-anonymity search (measured: importing every stage module costs the main thread 80 MB of RSS).
 *
 * A new stage adds one entry here; the engine itself never changes for a new stage.
 */
import type { StageDefinition } from '../engine/stage.js';

export const builtinStageLoaders: Readonly<Record<string, () => Promise<StageDefinition>>> = {
  'encrypt-field': async () => (await import('./encrypt-field.js')).encryptFieldStage,
  'decrypt-field': async () => (await import('./decrypt-field.js')).decryptFieldStage,
  pseudonymize: async () => (await import('./pseudonymize.js')).pseudonymizeStage,
  drop: async () => (await import('./drop.js')).dropStage,
  keep: async () => (await import('./keep.js')).keepStage,
  detect: async () => (await import('./detect.js')).detectStage,
  anonymize: async () => (await import('./anonymize.js')).anonymizeStage,
  'k-anonymize': async () => (await import('./k-anonymize.js')).kAnonymizeStage,
  synthesize: async () => (await import('./synthesize.js')).synthesizeStage,
  'synthesize-fit': async () => (await import('./synthesize.js')).synthesizeFitStage,
};

/** Imports every built-in stage (for `veil stages` and callers that need every definition). */
export async function loadBuiltinStages(): Promise<StageDefinition[]> {
  return Promise.all(Object.values(builtinStageLoaders).map((load) => load()));
}
