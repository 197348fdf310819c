/**
 * Output sinks. A file is written to a hidden temporary file beside it and renamed into place
 * only when the run completes, so an interrupted or failed run never leaves a half-written file
 * under the output's name (rename is atomic within one directory on POSIX file systems).
 * Standard output and caller streams cannot be renamed: what was written stays written.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { RunError } from '../errors/run-error.js';
import { checkReplaceable } from './path-conflicts.js';
import { activeTempPaths } from './temp-paths.js';

/** A destination for bytes with all-or-nothing completion where the target allows it. */
export interface OutputSink {
  /** Final path, or `'-'` / `'stream'`. */
  readonly target: string;
  readonly bytesWritten: number;
  /** Writes and waits for the stream to drain when its buffer is full (backpressure). */
  write(bytes: Uint8Array | string): Promise<void>;
  /** Flushes, closes and renames the temporary file into place. */
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
    if (this.failure !== undefined) throw outputError(this.target, this.failure);
    this.bytesWritten += typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    if (!this.stream.write(bytes)) {
      await drained(this.stream);
      if (this.failure !== undefined) throw outputError(this.target, this.failure);
    }
  }

  async commit(): Promise<void> {
    if (this.failure !== undefined) throw outputError(this.target, this.failure);
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
    const dir = path.dirname(path.resolve(target));
    const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
    this.temp = path.join(dir, `.${path.basename(target)}.${suffix}.tmp`);
    activeTempPaths.add(this.temp);
    this.stream = createWriteStream(this.temp, { flags: 'wx', mode });
    this.stream.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  async write(bytes: Uint8Array | string): Promise<void> {
    if (this.failure !== undefined) throw outputError(this.target, this.failure, this.role);
    this.bytesWritten += typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
    if (!this.stream.write(bytes)) {
      await drained(this.stream);
      if (this.failure !== undefined) throw outputError(this.target, this.failure, this.role);
    }
  }

  async commit(): Promise<void> {
    if (this.failure !== undefined) throw outputError(this.target, this.failure, this.role);
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    }).catch((error: Error) => {
      throw outputError(this.target, error, this.role);
    });
    if (this.failure !== undefined) throw outputError(this.target, this.failure, this.role);
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
      throw outputError(this.target, error as Error, this.role);
    }
    this.done = true;
    activeTempPaths.delete(this.temp);
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

function outputError(target: string, error: Error, role = 'output'): RunError {
  const code = (error as NodeJS.ErrnoException).code ?? error.name;
  const dir = path.dirname(path.resolve(target));
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    const reason = code === 'ENOENT' ? 'does not exist' : 'is not a directory';
    return new RunError(`cannot write the ${role} ${target}: its directory ${dir} ${reason}`, {
      cause: error,
    });
  }
  return new RunError(`cannot write the ${role} ${target} (${code})`, { cause: error });
}

/**
 * Checks before a run that an output file can be created: its directory must exist and be a
 * directory. Missing directories are not created, so a typo in `--output` fails at once instead
 * of creating a tree somewhere unexpected (and `mkdir -p` under /proc never returns on Linux).
 * Rejects with a `RunError` naming the directory; `role` names the file (`output`, `reject file`).
 */
export async function checkOutputDirectory(target: string, role = 'output'): Promise<void> {
  if (target === '-') return;
  const dir = path.dirname(path.resolve(target));
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw outputError(target, error as Error, role);
  }
  if (!info.isDirectory()) {
    const error = Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    throw outputError(target, error, role);
  }
}
