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

/** Longest file name most file systems take (ext4, XFS, Btrfs, APFS: 255 bytes). */
const NAME_MAX_BYTES = 255;

/**
 * `.<base>.<suffix>.<extension>`, the name of a hidden file beside `base`, with `base` cut (at a
 * character boundary) so that the whole name fits in 255 bytes: an output name that itself fits
 * must not fail for its temporary file's longer name (ENAMETOOLONG, found in round 12).
 */
export function hiddenName(base: string, suffix: string, extension: string): string {
  const fixed = Buffer.byteLength(`...${suffix}${extension}`);
  let kept = base;
  while (Buffer.byteLength(kept) + fixed > NAME_MAX_BYTES && kept.length > 0) {
    kept = Array.from(kept).slice(0, -1).join('');
  }
  return `.${kept}.${suffix}.${extension}`;
}
