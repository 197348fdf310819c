/**
 * Replacing a file the caller named (a report, an export, synthetic data, a rewritten dataset):
 * the new content goes to a hidden temporary file beside the path and is renamed over it when
 * complete, so a failure never leaves half a file under the name. Like a run's output sink, the
 * rename is preceded by `checkReplaceable`: a link, FIFO, device or directory at the path is
 * refused, because the rename would replace it instead of writing through it. The file is flushed
 * to disk before the rename and its directory after it, so a power loss cannot leave the name on
 * a short file (see durable.ts).
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, syncFile } from './durable.js';
import { checkReplaceable } from './path-conflicts.js';
import { activeTempPaths, hiddenName } from './temp-paths.js';

/**
 * A hidden temporary path in `target`'s directory (a rename is atomic only within one file
 * system), ending in a random suffix so that concurrent writers of one path never share it.
 * The path is registered in `activeTempPaths`, so the CLI's signal handler removes it if the
 * command is interrupted (`veil synth` left tens of MB behind on Ctrl-C); {@link renameOver}
 * and {@link discardTemporary} unregister it.
 */
export function temporaryPathBeside(target: string): string {
  const absolute = path.resolve(target);
  const suffix = randomBytes(6).toString('hex');
  const temp = path.join(path.dirname(absolute), hiddenName(path.basename(absolute), suffix, 'tmp'));
  activeTempPaths.add(temp);
  return temp;
}

/** Removes a temporary file of {@link temporaryPathBeside} after a failure, and unregisters it. */
export async function discardTemporary(temp: string): Promise<void> {
  await rm(temp, { force: true });
  activeTempPaths.delete(temp);
}

/**
 * Renames the complete file `temp` over `target` durably (flushed before, directory after),
 * checking first that `target` is missing or a regular file. Rejects with a `RunError` (code
 * `VEIL_OUTPUT_NOT_FILE`, exit 2 from the CLI) whose message names the path and `role` (`audit
 * export`, `compliance report`), never the content. The caller removes `temp` when this rejects (with {@link discardTemporary}).
 */
export async function renameOver(temp: string, target: string, role: string): Promise<void> {
  await syncFile(temp);
  await checkReplaceable(target, role);
  await rename(temp, target);
  activeTempPaths.delete(temp);
  await syncDirectory(path.dirname(path.resolve(target)));
}

/**
 * Writes `data` to `target` through a temporary file created with `mode` (exclusively: an
 * existing file is never reused) and {@link renameOver}. The temporary file is removed on any
 * failure, and by the CLI's signal handler meanwhile.
 */
export async function writeFileReplacing(
  target: string,
  data: string | Uint8Array,
  options: { role: string; mode: number },
): Promise<void> {
  const temp = temporaryPathBeside(target);
  try {
    await writeFile(temp, data, { flag: 'wx', mode: options.mode });
    await renameOver(temp, target, options.role);
  } catch (error) {
    await discardTemporary(temp);
    throw error;
  }
}
