/**
 * Every stage Veil ships, by name. A new stage adds one import and one entry here; the engine
 * itself never changes for a new stage.
 */
import type { StageDefinition } from '../engine/stage.js';
import { decryptFieldStage } from './decrypt-field.js';
import { encryptFieldStage } from './encrypt-field.js';
import { pseudonymizeStage } from './pseudonymize.js';
import { dropStage } from './drop.js';
import { keepStage } from './keep.js';
import { detectStage } from './detect.js';
import { anonymizeStage } from './anonymize.js';
import { kAnonymizeStage } from './k-anonymize.js';
import { synthesizeFitStage, synthesizeStage } from './synthesize.js';

export const builtinStages: readonly StageDefinition[] = [
  encryptFieldStage,
  decryptFieldStage,
  pseudonymizeStage,
  dropStage,
  keepStage,
  detectStage,
  anonymizeStage,
  kAnonymizeStage,
  synthesizeStage,
  synthesizeFitStage,
];
