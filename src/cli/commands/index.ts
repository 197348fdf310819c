/**
 * Every CLI command group, in help order: the top-level commands it registers, and its module.
 * Modules load on demand, so `veil run` does not pay for the HTTP server, the queue client or
 * the compliance catalogues (see `main.ts`). An area adds one entry.
 */
import type { Command } from 'commander';

export interface CommandGroup {
  /** Top-level command names the module registers (checked by test/cli). */
  readonly commands: readonly string[];
  readonly load: () => Promise<{ register: (program: Command) => void }>;
}

export const commandGroups: readonly CommandGroup[] = [
  { commands: ['run', 'validate', 'stages'], load: () => import('./engine.js') },
  { commands: ['worker', 'submit', 'jobs'], load: () => import('./queue.js') },
  { commands: ['keys'], load: () => import('./keys.js') },
  { commands: ['users', 'login'], load: () => import('./users.js') },
  { commands: ['audit'], load: () => import('./audit.js') },
  { commands: ['detect', 'eval'], load: () => import('./detect.js') },
  { commands: ['synth', 'synth-fit'], load: () => import('./synth.js') },
  { commands: ['risk'], load: () => import('./kanon.js') },
  { commands: ['serve'], load: () => import('./serve.js') },
  { commands: ['compliance'], load: () => import('./compliance.js') },
  { commands: ['dsar'], load: () => import('./dsar.js') },
];
