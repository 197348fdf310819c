/**
 * Pipeline runs submitted over HTTP. A client names a pipeline file from the server's pipelines
 * directory and an input and output inside datasets the server was configured with (a named root
 * directory plus a relative path, or a registered dataset file); it never passes a server path.
 * With a Redis URL the run is queued on BullMQ for `veil worker`; without, it runs in this process
 * with the engine's worker threads, one run at a time.
 *
 * Paths are checked after resolving symlinks (`realpath`), so `../`, absolute paths and a symlink
 * that leads out of a root are refused alike. Pipelines are YAML only: a module pipeline would
 * run code, and the server never imports code a request points at.
 *
 * Each run keeps one record in the `server-pipeline-runs` sub-database: who submitted it, which
 * datasets it touches (the object-level check of `GET` reads them), counts and an error code.
 */
import { randomBytes } from 'node:crypto';
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Queue } from 'bullmq';
import type { Database, RootDatabase } from 'lmdb';
import { DatasetRegistry } from '../dsar/dataset-registry.js';
import { loadPipelineFile } from '../engine/loader.js';
import { pipeline } from '../engine/pipeline.js';
import { ServerError } from '../errors/server-error.js';
import { PATH_CHARACTER_RULE, hasControlCharacter } from '../io/path-characters.js';
import { VeilError } from '../errors/veil-error.js';
import { resolveRedisSettings } from '../queue/connection.js';
import { readRunProgress } from '../queue/progress.js';
import { defaultWorkBase } from '../queue/shared-storage.js';
import { submitPipelineRun } from '../queue/submit.js';
import { openQueue } from '../queue/worker.js';
import { openSubDatabase } from '../store/environment.js';

/** Options of the pipeline-run routes (`createVeilServer({ pipelineRuns })`). */
export interface PipelineRunsOptions {
  /** Directory of the pipeline files clients may name (`.yaml`/`.yml`, no sub-directories). */
  readonly pipelinesDir: string;
  /** Dataset roots by name: a client reads and writes files below these directories only. */
  readonly datasets: Readonly<Record<string, string>>;
  /**
   * Also accept datasets registered for DSAR fulfilment (`veil dsar datasets add`), by name, as
   * whole files. Default true. A root of the same name wins.
   */
  readonly registeredDatasets?: boolean | undefined;
  /** Queue runs on this Redis (for `veil worker`); without it, runs execute in this process. */
  readonly redisUrl?: string | undefined;
  /** BullMQ key prefix (default `veil`). */
  readonly prefix?: string | undefined;
  /** Engine worker threads of a local run (default 1). */
  readonly threads?: number | undefined;
  /** LMDB path for stages that use stores and keyring references (local runs). */
  readonly storePath?: string | undefined;
  /** Target chunk size of queued runs in bytes (default the queue's 16 MiB). */
  readonly chunkBytes?: number | undefined;
}

/** Where a run reads or writes: a dataset name and, for a root, a path relative to it. */
export interface DatasetLocation {
  readonly dataset: string;
  readonly path?: string | undefined;
}

export type PipelineRunState = 'queued' | 'running' | 'completed' | 'failed';

/** What the server keeps about a run; what `GET /v1/pipelines/runs/:id` shows. */
export interface PipelineRunRecord {
  readonly id: string;
  readonly mode: 'local' | 'queued';
  readonly pipeline: string;
  readonly input: DatasetLocation;
  readonly output: DatasetLocation;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly state: PipelineRunState;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejected: number;
  /** Queued runs: input bytes done and in all (over every phase). */
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  readonly finishedAt?: string;
  /** Why it failed: a stable code only, never a message that could quote data. */
  readonly errorCode?: string;
  /** Which server process ran a local run (a record left `running` by another one was cut off). */
  readonly instance?: string;
}

/** A request to start a run, after schema validation. */
export interface PipelineRunRequest {
  readonly pipeline: string;
  readonly input: DatasetLocation;
  readonly output: DatasetLocation;
}

const PIPELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.ya?ml$/;

function refuse(field: string, reason: string): never {
  throw new ServerError('VEIL_HTTP_BAD_REQUEST', `${field}: ${reason}`);
}

/** The name of the queue's work directory beside an output (see `defaultWorkBase`). */
const WORK_DIR = path.basename(defaultWorkBase('x'));
const WORK_DIR_REASON = `must not lead into a ${WORK_DIR} directory (the run queue's work files)`;

/**
 * Whether a path relative to a dataset root passes through the queue's work directory: it holds
 * other runs' chunk and result files, which a run must neither overwrite nor read (round 13: an
 * output of `.veil-work/x` was accepted).
 */
function inWorkDir(relative: string): boolean {
  return relative.split(/[\\/]+/).some((segment) => segment === WORK_DIR);
}

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

async function exists(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A pipeline loader message for an HTTP client: the server path replaced by the pipeline's name,
 * and quoted text (a value from the file, which may be a path or a name the client should not
 * learn) replaced by `<value>`, keeping `name:line:column: field: problem`.
 */
export function pipelineProblem(message: string, file: string, display: string): string {
  return message
    .split(file)
    .join(display)
    .replace(/'[^'\n]*'|"[^"\n]*"|`[^`\n]*`/g, '<value>');
}

/** The error code of a failed run: a Veil code, else a generic one (messages are not kept). */
function failureCode(error: unknown): string {
  return error instanceof VeilError ? error.code : 'VEIL_RUN_FAILED';
}

/** Runs the HTTP-submitted pipeline runs; built once per server. */
export class PipelineRunService {
  readonly #options: PipelineRunsOptions;
  readonly #runs: Database<PipelineRunRecord, string>;
  readonly #registry: DatasetRegistry | undefined;
  readonly #instance = randomBytes(8).toString('hex');
  readonly #live = new Map<string, PipelineRunRecord>();
  #roots: Promise<{ pipelines: string; datasets: Map<string, string> }> | undefined;
  #queue: Queue | undefined;
  /** Local runs execute one after another: each already uses the engine's threads. */
  #tail: Promise<void> = Promise.resolve();
  readonly #pending = new Set<Promise<void>>();

  constructor(options: PipelineRunsOptions, store: RootDatabase) {
    this.#options = options;
    this.#runs = openSubDatabase<PipelineRunRecord, string>(store, 'server-pipeline-runs');
    this.#registry = options.registeredDatasets === false ? undefined : new DatasetRegistry({ store });
  }

  /** Whether runs go to the queue. */
  get queued(): boolean {
    return this.#options.redisUrl !== undefined && this.#options.redisUrl !== '';
  }

  /** Real paths of the configured directories, resolved once (a missing one is a config error). */
  #resolvedRoots(): Promise<{ pipelines: string; datasets: Map<string, string> }> {
    this.#roots ??= (async () => {
      const real = async (dir: string, what: string): Promise<string> => {
        try {
          const resolved = await realpath(dir);
          if (!(await stat(resolved)).isDirectory()) throw new Error('not a directory');
          return resolved;
        } catch {
          throw new ServerError('VEIL_SERVER_CONFIG', `pipelineRuns: ${what} is not a readable directory`);
        }
      };
      const datasets = new Map<string, string>();
      for (const [name, dir] of Object.entries(this.#options.datasets)) {
        datasets.set(name, await real(dir, `dataset root '${name}'`));
      }
      return { pipelines: await real(this.#options.pipelinesDir, 'pipelinesDir'), datasets };
    })();
    return this.#roots;
  }

  /** Whether `name` is a dataset this server knows (a root or a registered file). */
  async knows(name: string): Promise<boolean> {
    const { datasets } = await this.#resolvedRoots();
    if (datasets.has(name)) return true;
    if (this.#registry === undefined) return false;
    try {
      this.#registry.get(name);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The absolute file behind a location, checked: inside its root after symlinks are resolved, a
   * regular file (input) or a writable place that is not a symlink (output and its reject file).
   */
  async #locate(location: DatasetLocation, field: string, role: 'input' | 'output'): Promise<string> {
    const { datasets } = await this.#resolvedRoots();
    const root = datasets.get(location.dataset);
    if (root === undefined) {
      const registered = this.#registry === undefined ? undefined : await this.#registeredPath(location.dataset);
      if (registered === undefined) refuse(`${field}.dataset`, 'no such dataset');
      // A registered dataset is one file: no path below it.
      if (location.path !== undefined) refuse(`${field}.path`, 'not allowed for a registered dataset');
      return this.#check(path.dirname(registered), path.basename(registered), field, role);
    }
    if (location.path === undefined) refuse(`${field}.path`, 'is required for a dataset root');
    const relative = location.path;
    if (hasControlCharacter(relative)) refuse(`${field}.path`, `the ${role} path ${PATH_CHARACTER_RULE}`);
    if (path.isAbsolute(relative) || relative.split(/[\\/]+/).includes('..')) {
      refuse(`${field}.path`, 'must be a relative path inside the dataset root, without ..');
    }
    if (inWorkDir(path.normalize(relative))) refuse(`${field}.path`, WORK_DIR_REASON);
    return this.#check(root, relative, field, role);
  }

  async #registeredPath(name: string): Promise<string | undefined> {
    try {
      return this.#registry?.get(name).path;
    } catch {
      return undefined;
    }
  }

  async #check(root: string, relative: string, field: string, role: 'input' | 'output'): Promise<string> {
    const realRoot = await realpath(root).catch(() => refuse(`${field}.dataset`, 'its directory is not readable'));
    const candidate = path.resolve(realRoot, relative);
    if (!inside(realRoot, candidate) || candidate === realRoot) refuse(`${field}.path`, 'is outside the dataset root');

    if (role === 'input') {
      let real: string;
      try {
        real = await realpath(candidate);
      } catch {
        refuse(`${field}.path`, 'no such file in the dataset');
      }
      if (!inside(realRoot, real)) refuse(`${field}.path`, 'leads outside the dataset root');
      if (inWorkDir(path.relative(realRoot, real))) refuse(`${field}.path`, WORK_DIR_REASON);
      if (!(await stat(real)).isFile()) refuse(`${field}.path`, 'is not a regular file');
      return real;
    }

    // Output: the directory must exist inside the root; the file, its reject file and the queue's
    // work directory beside it must not be symlinks (a write would follow one out of the root).
    let parent: string;
    try {
      parent = await realpath(path.dirname(candidate));
    } catch {
      refuse(`${field}.path`, 'its directory does not exist in the dataset');
    }
    if (!inside(realRoot, parent)) refuse(`${field}.path`, 'leads outside the dataset root');
    const file = path.join(parent, path.basename(candidate));
    if (inWorkDir(path.relative(realRoot, file))) refuse(`${field}.path`, WORK_DIR_REASON);
    for (const [target, what] of [
      [file, 'path'],
      [`${file}.rejects.ndjson`, 'path (its reject file)'],
      [path.join(parent, '.veil-work'), 'path (its work directory)'],
    ] as const) {
      const info = await exists(target);
      if (info === undefined) continue;
      if (info.isSymbolicLink()) refuse(`${field}.${what}`, 'is a symbolic link');
      if (target !== path.join(parent, '.veil-work') && !info.isFile()) refuse(`${field}.path`, 'is not a regular file');
    }
    return file;
  }

  async #pipelineFile(name: string): Promise<{ file: string; display: string }> {
    if (!PIPELINE_NAME.test(name)) refuse('body.pipeline', 'expected a .yaml or .yml file name from the pipelines directory');
    const { pipelines } = await this.#resolvedRoots();
    let real: string;
    try {
      real = await realpath(path.join(pipelines, name));
    } catch {
      refuse('body.pipeline', 'no such pipeline');
    }
    if (!inside(pipelines, real) || !(await stat(real)).isFile()) refuse('body.pipeline', 'no such pipeline');
    return { file: real, display: name };
  }

  /** Checks a request and starts the run; resolves with its record (state `queued`/`running`). */
  async start(request: PipelineRunRequest, userId: string): Promise<{ record: PipelineRunRecord; duplicate: boolean }> {
    const { file, display } = await this.#pipelineFile(request.pipeline);
    const input = await this.#locate(request.input, 'body.input', 'input');
    const output = await this.#locate(request.output, 'body.output', 'output');
    if (input === output) refuse('body.output', 'must differ from the input');

    // Load and validate before answering, so a broken pipeline is a 400 naming its line. The
    // loader names the file by the path it was given: the server path is replaced by the name.
    let loaded;
    try {
      loaded = await loadPipelineFile(file);
    } catch (error) {
      if (error instanceof VeilError) throw new VeilError(error.code, pipelineProblem(error.message, file, display));
      throw error;
    }

    const base = {
      pipeline: display,
      input: request.input,
      output: request.output,
      submittedBy: userId,
      submittedAt: new Date().toISOString(),
      recordsIn: 0,
      recordsOut: 0,
      rejected: 0,
    };

    if (this.queued) {
      const settings = resolveRedisSettings({ flag: this.#options.redisUrl });
      const submitted = await submitPipelineRun({
        connection: settings.options,
        ...(this.#options.prefix === undefined ? {} : { prefix: this.#options.prefix }),
        pipeline: file,
        input,
        output,
        ...(this.#options.chunkBytes === undefined ? {} : { chunkBytes: this.#options.chunkBytes }),
      });
      const known = this.#runs.get(submitted.runId);
      // A requeued run (completed, output since gone) starts over: its old record is replaced.
      if (known !== undefined && !submitted.requeued) return { record: known, duplicate: true };
      const record: PipelineRunRecord = { ...base, id: submitted.runId, mode: 'queued', state: 'queued' };
      await this.#runs.put(record.id, record);
      return { record, duplicate: submitted.duplicate };
    }

    const id = `run-${randomBytes(16).toString('hex')}`;
    const record: PipelineRunRecord = { ...base, id, mode: 'local', state: 'queued', instance: this.#instance };
    this.#live.set(id, record);
    await this.#runs.put(id, record);
    const runnable = pipeline(loaded, this.#options.storePath === undefined ? {} : { storePath: this.#options.storePath });
    const execute = async (): Promise<void> => {
      this.#update(id, { state: 'running' });
      try {
        const summary = await runnable.run({
          input,
          output,
          threads: this.#options.threads ?? 1,
          rejectFile: `${output}.rejects.ndjson`,
          onProgress: (p) => this.#update(id, { recordsIn: p.recordsIn, recordsOut: p.recordsOut, rejected: p.recordsRejected }),
        });
        this.#update(id, {
          state: 'completed',
          recordsIn: summary.recordsIn,
          recordsOut: summary.recordsOut,
          rejected: summary.recordsRejected,
          finishedAt: new Date().toISOString(),
        });
      } catch (error) {
        this.#update(id, { state: 'failed', errorCode: failureCode(error), finishedAt: new Date().toISOString() });
      }
      const final = this.#live.get(id);
      if (final !== undefined) await this.#runs.put(id, final);
      this.#live.delete(id);
    };
    const done = this.#tail.then(execute, execute);
    this.#tail = done;
    this.#pending.add(done);
    void done.finally(() => this.#pending.delete(done));
    return { record, duplicate: false };
  }

  #update(id: string, changes: Partial<PipelineRunRecord>): void {
    const current = this.#live.get(id);
    if (current !== undefined) this.#live.set(id, { ...current, ...changes });
  }

  /** The stored record without live state (for the object-level check). */
  record(id: string): PipelineRunRecord | undefined {
    return this.#live.get(id) ?? this.#runs.get(id);
  }

  /** The run's current status: live counts for local runs, BullMQ's progress for queued ones. */
  async status(id: string): Promise<PipelineRunRecord | undefined> {
    const record = this.record(id);
    if (record === undefined) return undefined;
    if (record.mode === 'local') {
      // A run left `running` by another server process was cut off by its shutdown.
      if ((record.state === 'running' || record.state === 'queued') && record.instance !== this.#instance) {
        return { ...record, state: 'failed', errorCode: 'VEIL_SERVER_INTERRUPTED' };
      }
      return record;
    }
    if (!this.queued) return record;
    this.#queue ??= openQueue('pipelines', resolveRedisSettings({ flag: this.#options.redisUrl }).options, this.#options.prefix);
    const progress = await readRunProgress(this.#queue, id);
    if (progress === undefined) return { ...record, state: 'failed', errorCode: 'VEIL_QUEUE_NO_RUN' };
    const state: PipelineRunState =
      progress.state === 'completed'
        ? 'completed'
        : progress.state === 'failed'
          ? 'failed'
          : progress.state === 'active' || progress.state === 'waiting-children'
            ? 'running'
            : 'queued';
    const result = progress.result;
    return {
      ...record,
      state,
      recordsIn: result?.recordsIn ?? record.recordsIn,
      recordsOut: result?.recordsOut ?? progress.recordsOut,
      rejected: result?.rejected ?? record.rejected,
      bytesDone: progress.bytesDone,
      bytesTotal: progress.bytesTotal,
      ...(state === 'failed' ? { errorCode: 'VEIL_QUEUE_RUN_FAILED' } : {}),
      ...(state === 'completed' || state === 'failed'
        ? { finishedAt: new Date(progress.data.submittedAt + progress.elapsedMs).toISOString() }
        : {}),
    };
  }

  /** Waits for local runs in flight (graceful shutdown) and closes the queue connection. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await this.#queue?.close();
  }
}
