/**
 * Temporary paths of runs in progress: hidden output files before their rename, and the spool
 * that holds a copy of stdin for a barrier pipeline (raw, un-anonymized input). A run removes
 * its own when it ends; a signal handler cannot await that cleanup, so the CLI calls
 * `removeActiveTempPaths` on SIGINT/SIGTERM, which removes them synchronously before it exits.
 */
import { rmSync } from 'node:fs';

/** Temporary files and directories of runs in progress. */
export const activeTempPaths = new Set<string>();

/** Removes every temporary file and directory still in progress (for signal handlers). */
export function removeActiveTempPaths(): void {
  for (const entry of activeTempPaths) {
    try {
      rmSync(entry, { recursive: true, force: true });
    } catch {
      // Left behind only if the file system refuses; the handler must still exit.
    }
  }
  activeTempPaths.clear();
}
