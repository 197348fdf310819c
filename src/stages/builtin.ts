/**
 * Every stage Veil ships, by name. A new stage adds one import and one entry here; the engine
 * itself never changes for a new stage.
 */
import type { StageDefinition } from '../engine/stage.js';

export const builtinStages: readonly StageDefinition[] = [];
