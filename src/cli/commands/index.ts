/**
 * Every CLI command group, in help order. An area adds one import and one entry.
 */
import type { Command } from 'commander';
import { register as registerEngine } from './engine.js';
import { register as registerKeys } from './keys.js';
import { register as registerQueue } from './queue.js';
import { register as registerUsers } from './users.js';
import { register as registerAudit } from './audit.js';
import { register as registerDetect } from './detect.js';
import { register as registerSynth } from './synth.js';
import { register as registerKanon } from './kanon.js';
import { register as registerServe } from './serve.js';
import { register as registerCompliance } from './compliance.js';
import { register as registerDsar } from './dsar.js';

export const commandRegistrations: ReadonlyArray<(program: Command) => void> = [
  registerEngine,
  registerQueue,
  registerKeys,
  registerUsers,
  registerAudit,
  registerDetect,
  registerSynth,
  registerKanon,
  registerServe,
  registerCompliance,
  registerDsar,
];
