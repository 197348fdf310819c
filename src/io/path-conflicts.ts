/**
 * A run writes its output and its reject file by renaming a temporary file over each path, so
 * either path naming the input would replace the input, and a reject file naming the output
 * would replace the output (or be replaced by it): the rejects were lost with exit 0 (BR-32).
 * Paths are compared after resolving `.`/`..` and symbolic links, so `a`, `./a` and a link to
 * `a` are one file; a path that does not exist yet is resolved through its directory.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { RunError } from '../errors/run-error.js';

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
 * the run's files are the same file. Messages name the role, not the record data.
 */
export async function checkRunPaths(paths: RunPaths): Promise<void> {
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
}
