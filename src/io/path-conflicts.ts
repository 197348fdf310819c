/**
 * A run writes its output and its reject file by renaming a temporary file over each path, so
 * either path naming the input would replace the input, and a reject file naming the output
 * would replace the output (or be replaced by it): the rejects were lost with exit 0 (BR-32).
 * Paths are compared after resolving `.`/`..` and symbolic links, so `a`, `./a` and a link to
 * `a` are one file; a path that does not exist yet is resolved through its directory.
 */
import { lstat, realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { RunError } from '../errors/run-error.js';
import { checkPathCharacters } from './path-characters.js';
import { checkOutsideVeilState } from './veil-state-paths.js';

/** The files a run reads and writes; `undefined` or `'-'` for none, stdin or stdout. */
export interface RunPaths {
  readonly input: string | undefined;
  readonly output: string | undefined;
  readonly rejectFile: string | undefined;
}

/** The path with every symbolic link resolved, as far as the path exists. */
export async function realTarget(file: string): Promise<string> {
  const absolute = path.resolve(file);
  try {
    return await realpath(absolute);
  } catch {
    // Not created yet (an output): its directory may still be reached through a link.
  }
  try {
    return path.join(await realpath(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/**
 * Rejects with a `RunError` (code `VEIL_PATH_CONFLICT`, a usage error for the CLI) when two of
 * the run's files are the same file, and (code `VEIL_PATH_CHARACTERS`) when a path holds a
 * control character. Messages name the role, not the record data.
 */
export async function checkRunPaths(paths: RunPaths): Promise<void> {
  checkPathCharacters(paths.input, 'input path');
  checkPathCharacters(paths.output, 'output path');
  checkPathCharacters(paths.rejectFile, 'reject file path');
  const real = async (file: string | undefined): Promise<string | undefined> =>
    file === undefined || file === '-' ? undefined : realTarget(file);
  const [input, output, rejectFile] = await Promise.all([
    real(paths.input),
    real(paths.output),
    real(paths.rejectFile),
  ]);

  const conflict = (message: string): never => {
    throw new RunError(message, { code: 'VEIL_PATH_CONFLICT' });
  };
  if (input !== undefined && output === input) {
    conflict('the output would overwrite the input; choose another output path');
  }
  if (input !== undefined && rejectFile === input) {
    conflict('the reject file would overwrite the input; choose another reject file');
  }
  if (output !== undefined && rejectFile === output) {
    conflict(
      'the reject file is the output file: one would overwrite the other; ' +
        'choose another reject file',
    );
  }

  for (const [file, role] of [
    [paths.output, 'output'],
    [paths.rejectFile, 'reject file'],
  ] as const) {
    if (file !== undefined && file !== '-') await checkReplaceable(file, role);
  }
}

/**
 * Rejects with a `RunError` (code `VEIL_OUTPUT_NOT_FILE`, a usage error for the CLI) when an
 * existing path is not a regular file. The sink renames a temporary file over its target, which
 * would replace a symbolic link, a FIFO or a device node (as root, `/dev/stdout` itself) instead
 * of writing through it. Links are refused rather than followed, as `veil serve` refuses them:
 * the temporary file would have to live in the link target's directory, somewhere the caller
 * did not name. A path that does not exist yet is fine. A path inside Veil's store or key-file
 * directory is refused too (`checkOutsideVeilState`, code `VEIL_STORE_PATH`).
 */
export async function checkReplaceable(file: string, role: string): Promise<void> {
  await checkOutsideVeilState(file, role);
  let info: Stats;
  try {
    info = await lstat(file);
  } catch {
    // Missing (created by the run), or unreachable: the directory check and the write report it.
    return;
  }
  if (info.isFile()) return;
  const advice =
    role === 'output'
      ? "give a regular file path, or '-o -' to write to stdout"
      : 'give a regular file path';
  throw new RunError(
    `the ${role} ${file} ${describeKind(info)}: Veil writes only to regular files (it renames a ` +
      `temporary file over the path, which would replace it); ${advice}`,
    { code: 'VEIL_OUTPUT_NOT_FILE' },
  );
}

/** `is a FIFO`, `is a directory`...: what a path that is not a regular file is, for messages. */
export function describeKind(info: Stats): string {
  if (info.isSymbolicLink()) return 'is a symbolic link';
  if (info.isDirectory()) return 'is a directory';
  if (info.isFIFO()) return 'is a FIFO';
  if (info.isSocket()) return 'is a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device';
  return 'is not a regular file';
}
