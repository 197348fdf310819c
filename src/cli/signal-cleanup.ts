/**
 * Cleanup on a signal for every command that writes a file through a temporary one (`veil run`,
 * `detect`, `synth`, `synth-fit`, `audit export`, `compliance report`, `dsar fulfil --local`...):
 * the temporary outputs and stdin spools in `activeTempPaths` are removed before the process
 * exits. Long-running servers (`veil serve`, `veil worker`) keep their own graceful handlers.
 */
import { constants } from 'node:os';
import { removeActiveTempPaths } from '../io/temp-paths.js';

/**
 * Signals that end a command with cleanup. SIGHUP is among them: a closed terminal or a dropped
 * SSH session sends it, and its default action left the stdin spool (raw input) behind.
 */
const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On SIGINT, SIGTERM or SIGHUP removes temporary outputs and the stdin spool, then exits 128 plus
 * the signal number (130, 143, 129), so no half-written file and no copy of the raw input is
 * left. Returns the function that detaches it.
 */
export function installSignalCleanup(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    removeActiveTempPaths();
    process.stderr.write(`veil: interrupted (${signal}); no output was written\n`);
    process.exit(128 + constants.signals[signal]);
  };
  for (const signal of CLEANUP_SIGNALS) process.once(signal, handler);
  return () => {
    for (const signal of CLEANUP_SIGNALS) process.off(signal, handler);
  };
}

/** Runs `write` with {@link installSignalCleanup} installed, detaching it afterwards. */
export async function withSignalCleanup<T>(write: () => Promise<T>): Promise<T> {
  const detach = installSignalCleanup();
  try {
    return await write();
  } finally {
    detach();
  }
}
