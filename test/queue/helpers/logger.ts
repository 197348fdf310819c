import type { JobLogger } from '../../../src/queue/handlers.js';

/** A logger that keeps lines in memory, so tests can assert on what a worker logged. */
export function memoryLogger(): JobLogger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const push =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, ...fields, msg });
    };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export const silentLogger: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };
