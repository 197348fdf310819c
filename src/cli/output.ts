/**
 * What every CLI command shares: exit codes (DESIGN.md: 0 success, 1 failed run, 2 bad usage or
 * bad pipeline file), one-line error messages on stderr without a stack trace (unless
 * `VEIL_DEBUG=1`), and small writers for stdout/stderr.
 *
 * ```ts
 * program.command('keys').action(cliAction(async (opts) => { ... }));
 * ```
 */
import { VeilError } from '../errors/veil-error.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad flags or arguments: exit code 2. */
export class UsageError extends VeilError {
  constructor(message: string) {
    super('VEIL_USAGE', message);
  }
}

/**
 * Error codes that mean "the command or its configuration is wrong", not "the run failed". A
 * keyring key that is named but missing, of the wrong purpose or badly named is a configuration
 * error like a missing `env:` secret (exit 2, whichever stage or command names it); a master key
 * that does not open the keyring is not (exit 1). Two of a run's files naming the same file
 * (output over input, reject file over output) is a usage error too, and so is an output or reject
 * file that exists but is not a regular file (a link, FIFO, device or directory), or a path that
 * holds a control character. So is a key file named by a `NAME_FILE` variable that is missing or
 * that group or others can read: the fix is a path or a chmod, not a retry.
 */
const USAGE_CODES = new Set([
  'VEIL_USAGE',
  'VEIL_PIPELINE',
  'VEIL_FIELD_PATH',
  'VEIL_KEYRING_NOT_FOUND',
  'VEIL_KEYRING_EXISTS',
  'VEIL_KEYRING_PURPOSE',
  'VEIL_KEYRING_INPUT',
  'VEIL_PATH_CONFLICT',
  'VEIL_OUTPUT_NOT_FILE',
  'VEIL_SECURITY_KEY_FILE',
  'VEIL_PATH_CHARACTERS',
  'VEIL_STORE_PATH',
]);

/** True for the error of a write to a pipe whose reader has gone (`veil ... | head -1`). */
export function isBrokenPipe(error: unknown): boolean {
  // A wrapper (`synthetic data generation failed: write EPIPE`) keeps the write error as cause.
  for (let depth = 0, e = error; depth < 4 && e instanceof Error; depth += 1, e = e.cause) {
    if ((e as { code?: unknown }).code === 'EPIPE') return true;
  }
  return false;
}

/**
 * Ends the process quietly when the reader of stdout (or stderr) closes it: the output is no
 * longer wanted, as with `git log | head -1`, so there is nothing to report and no stack trace.
 * The exit code is the one the command already set, else 0. Without a listener, Node would throw
 * the stream's 'error' event as an uncaught exception; with one per writer (commander's help, a
 * stream pipeline), each would report `write EPIPE` in its own way. Installed once, by `main`,
 * before any command runs, so it is the first listener and the others never see the error.
 */
export function endQuietlyOnClosedOutput(): void {
  if (closedOutputHandled) return;
  closedOutputHandled = true;
  const onError = (error: unknown): void => {
    if (!isBrokenPipe(error)) throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

let closedOutputHandled = false;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (USAGE_CODES.has(code) || code.startsWith('commander.')))
    return EXIT_USAGE;
  return EXIT_FAILED;
}

/**
 * Prints an error as `veil: message` (each line of a multi-line message prefixed), with the
 * stack only under `VEIL_DEBUG=1`. Non-Veil errors show their message too: they come from
 * Node or a library (file not found, socket refused), never from record data.
 */
export function printError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => `veil: ${line}`);
  process.stderr.write(lines.join('\n') + '\n');
  if (process.env['VEIL_DEBUG'] === '1' && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(error.stack + '\n');
  }
}

/**
 * Wraps a command's action: an error is printed and sets the exit code; a returned number sets
 * the exit code. The process is not exited here, so pending output is flushed first.
 */
export function cliAction<Args extends unknown[]>(
  action: (...args: Args) => Promise<number | void> | number | void,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      const code = await action(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      // The reader of stdout has gone: stop quietly (see endQuietlyOnClosedOutput).
      if (isBrokenPipe(error)) return;
      printError(error);
      process.exitCode = exitCodeFor(error);
    }
  };
}

/** Parses a non-negative integer flag, or throws a `UsageError` naming the flag. */
export function parseIntegerFlag(flag: string, value: string, min = 0): number {
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`${flag} must be an integer >= ${min}`);
  }
  return Number(value);
}

/** Writes a line to stdout. */
export function printLine(text: string): void {
  process.stdout.write(text + '\n');
}

/** Writes a line to stderr (status messages that must not mix with data on stdout). */
export function printStatus(text: string): void {
  process.stderr.write(text + '\n');
}
