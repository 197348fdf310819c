/**
 * Submitting a pipeline run to the queue: validate the pipeline, fingerprint its keys, cut the
 * input into chunks on record boundaries, and add one BullMQ flow under a deterministic id.
 *
 * Submitting the same run twice (same pipeline bytes, input, output and keys) finds the first
 * one and returns its id: BullMQ keeps custom job ids unique, and a short-lived submit lock in
 * Redis closes the window between "is it there?" and "add it" for two concurrent submitters.
 * A completed run whose output file has since gone (deleted or moved) is not a duplicate: there
 * is nothing to return, so the submission removes that run and queues it afresh, as a retry does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Job, RedisOptions } from 'bullmq';
import { loadPipelineFile } from '../engine/loader.js';
import { createSecretResolver } from '../engine/secrets.js';
import { defaultStorePath } from '../store/environment.js';
import { QueueError } from '../errors/queue-error.js';
import { planChunks } from './engine-adapter.js';
import { enqueueRunFlow } from './flow.js';
import type { RunJobData } from './job-data.js';
import { DEFAULT_PREFIX } from './names.js';
import { computeRunId, pipelineKeyFingerprint } from './run-id.js';
import { defaultWorkBase, removeWorkDir, runResultPath, runWorkDir } from './shared-storage.js';
import { openQueue } from './worker.js';

/** Default chunk size: large enough that per-chunk overhead (a job, a pool warm-up) is small. */
export const DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024;

/** Options for `submitPipelineRun`. */
export interface SubmitOptions {
  readonly connection: RedisOptions;
  /** BullMQ key prefix; default `veil`. */
  readonly prefix?: string;
  /** Pipeline file (`.yaml`, `.yml`, `.ts`), on storage every worker can read at the same path. */
  readonly pipeline: string;
  /** Input file; stdin cannot be queued (workers read byte ranges of a file). */
  readonly input: string;
  readonly output: string;
  /** Target input bytes per chunk; chunks end on record boundaries. Default 16 MiB. */
  readonly chunkBytes?: number;
  /** Base directory for the run's working files; default `.veil-work` beside the output. */
  readonly workDir?: string;
  /** Threads per chunk on the worker; default the worker's own setting. */
  readonly threads?: number;
  /** Attempts per job (chunks and the parent); default 3. */
  readonly attempts?: number;
  /** First retry delay, doubled on each further attempt; default 1000 ms. */
  readonly backoffMs?: number;
  /**
   * Secret reference aliases, as a local run gets them (the CLI's stand-in for an unset default
   * key). References only; workers apply the same rule on their side.
   */
  readonly secretAliases?: Readonly<Record<string, string>>;
}

/** What `submitPipelineRun` did. */
export interface SubmitResult {
  readonly runId: string;
  /** True when the same run was already queued (or done): nothing was added. */
  readonly duplicate: boolean;
  /** True when the same run had completed but its output file was gone, so it was queued again. */
  readonly requeued: boolean;
  readonly chunks: number;
  readonly phases: number;
}

function absolute(file: string): string {
  return path.resolve(file);
}

/** True for a completed run whose output file no longer exists: nothing of it is left to return. */
async function outputGone(job: Job, output: string): Promise<boolean> {
  if ((await job.getState()) !== 'completed') return false;
  try {
    await stat(output);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Submits a run; see the module comment. Rejects with `QueueError` or `PipelineError`. */
export async function submitPipelineRun(options: SubmitOptions): Promise<SubmitResult> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (options.input === '-' || options.output === '-') {
    throw new QueueError('queued runs need file paths for --input and --output (not stdin/stdout)');
  }
  const pipelineFile = absolute(options.pipeline);
  const input = absolute(options.input);
  const output = absolute(options.output);

  const loaded = await loadPipelineFile(pipelineFile);
  const pipelineDigest = createHash('sha256')
    .update(await readFile(pipelineFile))
    .digest('hex');

  let inputInfo;
  try {
    inputInfo = await stat(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new QueueError(`${input}: cannot read the input file (${code})`);
  }
  if (!inputInfo.isFile()) throw new QueueError(`${input}: the input must be a regular file`);

  const secrets = createSecretResolver({
    baseDir: loaded.baseDir,
    storePath: defaultStorePath(),
    aliases: options.secretAliases ?? {},
  });
  const keyFingerprint = await pipelineKeyFingerprint(
    loaded.resolved.stages.map((s) => s.options),
    secrets,
  );
  const runId = computeRunId({
    pipelineDigest,
    input,
    output,
    inputSize: inputInfo.size,
    inputMtimeMs: Math.floor(inputInfo.mtimeMs),
    keyFingerprint,
  });
  const barriers = loaded.resolved.stages.filter((s) => s.definition.kind === 'barrier').length;

  const queue = openQueue('pipelines', options.connection, prefix);
  const lock = new Redis({ ...options.connection, lazyConnect: true });
  const lockKey = `${prefix}:veil-submit:${runId}`;
  const token = randomBytes(8).toString('hex');
  try {
    // The same run, already queued or done: its id, and nothing added.
    const duplicateOf = (job: Job): SubmitResult => ({
      runId,
      duplicate: true,
      requeued: false,
      chunks: (job.data as RunJobData).chunks?.length ?? 0,
      phases: barriers + 1,
    });

    const existing = await queue.getJob(runId);
    if (existing !== undefined && existing !== null && !(await outputGone(existing, output))) {
      return duplicateOf(existing);
    }

    // Another submitter may be adding this very run right now: wait for its flow instead.
    const acquired = (await lock.set(lockKey, token, 'PX', 120_000, 'NX')) === 'OK';
    if (!acquired) {
      for (let waited = 0; waited < 120_000; waited += 100) {
        const job = await queue.getJob(runId);
        if (job !== undefined && job !== null && !(await outputGone(job, output))) {
          return duplicateOf(job);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new QueueError(
        `run ${runId}: another submission holds the submit lock and never finished`,
      );
    }

    try {
      const again = await queue.getJob(runId);
      let requeued = false;
      if (again !== undefined && again !== null) {
        if (!(await outputGone(again, output))) return duplicateOf(again);
        // Completed, output gone: the old job tree holds no lock, so removal succeeds. Its
        // result file goes too, or the new run's join would take it as its own and stop there.
        if ((await queue.remove(runId, { removeChildren: true })) !== 1) {
          throw new QueueError(
            `run ${runId}: its completed job could not be removed to queue it again`,
          );
        }
        const oldWorkDir = (again.data as RunJobData).workDir;
        await rm(runResultPath(oldWorkDir), { force: true });
        await removeWorkDir(oldWorkDir);
        requeued = true;
      }
      const chunks = await planChunks(loaded, input, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
      const data: RunJobData = {
        v: 1,
        runId,
        pipeline: pipelineFile,
        pipelineDigest,
        input,
        inputSize: inputInfo.size,
        inputMtimeMs: Math.floor(inputInfo.mtimeMs),
        output,
        workDir: runWorkDir(absolute(options.workDir ?? defaultWorkBase(output)), runId),
        chunks,
        barriers,
        keyFingerprint,
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        attempts: options.attempts ?? 3,
        backoffMs: options.backoffMs ?? 1000,
        phase: 0,
        submittedAt: Date.now(),
      };
      await enqueueRunFlow(options.connection, prefix, data);
      return { runId, duplicate: false, requeued, chunks: chunks.length, phases: barriers + 1 };
    } finally {
      // Release only our own lock (compare-and-delete), never one that expired and was retaken.
      await lock.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        lockKey,
        token,
      );
    }
  } finally {
    lock.disconnect();
    await queue.close();
  }
}
