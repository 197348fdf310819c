/**
 * Output sinks. A file is written to a hidden temporary file beside it and renamed into place
 * only when the run completes, so an interrupted or failed run never leaves a half-written file
 * under the output's name (rename is atomic within one directory on POSIX file systems).
 * Standard output and caller streams cannot be renamed: what was written stays written. The
 * temporary file is flushed to disk before its rename and the directory after it (see durable.ts).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { RunError } from '../errors/run-error.js';
import { syncDirectory } from './durable.js';
import { checkReplaceable } from './path-conflicts.js';
import { checkOutsideVeilState } from './veil-state-paths.js';
import { activeTempPaths, hiddenName } from './temp-paths.js';

/** A destination for bytes with all-or-nothing completion where the target allows it. */
export interface OutputSink {
  /** Final path, or `'-'` / `'stream'`. */
  readonly target: string;
  readonly bytesWritten: number;
  /** Writes and waits for the stream to drain when its buffer is full (backpressure). */
  write(bytes: Uint8Array | string): Promise<void>;
  /** Flushes to disk, closes and renames the temporary file into place. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file. Safe to call after a failure, twice, or after commit. */
  abort(): Promise<void>;
}

/**
 * Opens a sink for a path, `'-'` (stdout) or a writable stream (not ended by the sink). A path
 * that exists must be a regular file when the sink commits (see `checkReplaceable`); `role`
 * names the file in that error (`output`, `reject file`). A file is created with `mode` (before
 * the umask; default 0666), and the rename gives the path that mode whatever it had before.
 */
export function openOutputSink(
  target: string | Writable,
  role = 'output',
  options: { mode?: number } = {},
): OutputSink {
  if (typeof target !== 'string') return new StreamSink(target, 'stream');
  if (target === '-') return new StreamSink(process.stdout, '-');
  return new AtomicFileSink(target, role, options.mode ?? 0o666);
}

class StreamSink implements OutputSink {
  bytesWritten = 0;
  private failure: Error | undefined;

  constructor(
    private readonly stream: Writable,
    readonly target: string,
  ) {
    stream.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.failure !== undefined) throw await outputError(this.target, this.failure);
    this.bytesWritten += typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    if (!this.stream.write(bytes)) {
      await drained(this.stream);
      if (this.failure !== undefined) throw await outputError(this.target, this.failure);
    }
  }

  async commit(): Promise<void> {
    if (this.failure !== undefined) throw await outputError(this.target, this.failure);
  }

  async abort(): Promise<void> {}
}

class AtomicFileSink implements OutputSink {
  bytesWritten = 0;
  readonly temp: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private done = false;

  constructor(
    readonly target: string,
    private readonly role: string,
    mode: number,
  ) {
    this.temp = hiddenPathBeside(target, 'tmp');
    activeTempPaths.add(this.temp);
    // `flush`: the stream syncs the file to disk before it closes, so `commit` renames only
    // data that is on disk, without opening the file a second time.
    this.stream = createWriteStream(this.temp, { flags: 'wx', mode, flush: true });
    this.stream.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.failure !== undefined) throw await this.explain(this.failure);
    this.bytesWritten += typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    if (!this.stream.write(bytes)) {
      await drained(this.stream);
      if (this.failure !== undefined) throw await this.explain(this.failure);
    }
  }

  async commit(): Promise<void> {
    if (this.failure !== undefined) throw await this.explain(this.failure);
    // 'close', not 'finish': the stream's fsync runs between the two, and a failed fsync is
    // reported as an 'error' before the 'close'.
    await new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.end();
    });
    if (this.failure !== undefined) throw await this.explain(this.failure);
    try {
      // Checked again here: a run may take minutes, and a link or FIFO may appear meanwhile.
      await checkReplaceable(this.target, this.role);
    } catch (error) {
      await this.abort();
      throw error;
    }
    try {
      await rename(this.temp, this.target);
    } catch (error) {
      await this.abort();
      throw await this.explain(error as Error);
    }
    this.done = true;
    activeTempPaths.delete(this.temp);
    await syncDirectory(path.dirname(this.temp)).catch(async (error: Error) => {
      throw await this.explain(error);
    });
  }

  private explain(error: Error): Promise<RunError> {
    return outputError(this.target, error, this.role);
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close').catch(() => undefined);
      this.stream.destroy();
      await closed;
    }
    await unlink(this.temp).catch(() => undefined);
    activeTempPaths.delete(this.temp);
  }
}

/**
 * Waits for 'drain' or 'error', removing both listeners afterwards (racing two `once` promises
 * would leave one listener behind per wait).
 */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

/**
 * Errors of creating or renaming a file that are the directory's doing. EPERM: Linux refuses new
 * files in some directories (immutable ones, parts of /proc) with it.
 */
const DIRECTORY_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'is not writable by this user (EACCES)',
  EPERM: 'refuses new files (EPERM)',
  EROFS: 'is on a read-only file system (EROFS)',
};

/**
 * A `RunError` naming the file, and its directory when the directory is the cause. ENOENT means
 * a missing directory unless the directory is there: /proc and other virtual file systems refuse
 * new files with it, which used to be reported as "does not exist".
 */
async function outputError(target: string, error: Error, role = 'output'): Promise<RunError> {
  const code = (error as NodeJS.ErrnoException).code ?? error.name;
  const dir = path.dirname(path.resolve(target));
  let reason = DIRECTORY_REASONS[code];
  if (code === 'ENOTDIR') reason = 'is not a directory';
  if (code === 'ENOENT') {
    const there = await stat(dir).then((info) => info.isDirectory(), () => false);
    reason = there ? 'exists but refuses new files (ENOENT)' : 'does not exist';
  }
  if (reason !== undefined) {
    return new RunError(`cannot write the ${role} ${target}: its directory ${dir} ${reason}`, {
      cause: error,
    });
  }
  return new RunError(`cannot write the ${role} ${target} (${code})`, { cause: error });
}

/**
 * Checks before a run that an output file can be created: its directory must exist, be a
 * directory and accept a new file. Missing directories are not created, so a typo in `--output`
 * fails at once instead of creating a tree somewhere unexpected (and `mkdir -p` under /proc never
 * returns on Linux). Acceptance is tried by creating and removing an empty hidden file: a
 * permission check (`access`) passes for root everywhere and for anyone in /proc, whose
 * directories still refuse new files, and a barrier pipeline would learn it only after its
 * collect pass. Rejects with a `RunError` naming the directory and the reason; `role` names the
 * file (`output`, `reject file`).
 */
export async function checkOutputDirectory(target: string, role = 'output'): Promise<void> {
  if (target === '-') return;
  await checkOutsideVeilState(target, role);
  const dir = path.dirname(path.resolve(target));
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw await outputError(target, error as Error, role);
  }
  if (!info.isDirectory()) {
    const error = Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    throw await outputError(target, error, role);
  }
  await probeDirectory(target, role);
}

/** Creates and removes an empty hidden file beside `target` (see `checkOutputDirectory`). */
async function probeDirectory(target: string, role: string): Promise<void> {
  const probe = hiddenPathBeside(target, 'probe');
  activeTempPaths.add(probe);
  try {
    await (await open(probe, 'wx', 0o600)).close();
    await unlink(probe);
  } catch (error) {
    await unlink(probe).catch(() => undefined);
    throw await outputError(target, error as Error, role);
  } finally {
    activeTempPaths.delete(probe);
  }
}

/**
 * `.<name>.<pid>-<random>.<extension>` in `target`'s directory: hidden, in the same file system
 * as the target (a rename is atomic only within one), and never shared by two runs.
 */
function hiddenPathBeside(target: string, extension: string): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const dir = path.dirname(path.resolve(target));
  return path.join(dir, hiddenName(path.basename(target), suffix, extension));
}
