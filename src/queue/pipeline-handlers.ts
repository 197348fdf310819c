/**
 * Handlers of the pipelines queue: `map` and `apply` chunk jobs, and the `run` parent that
 * reduces barrier statistics between phases and assembles the output at the end.
 *
 * A chunk never trusts that the world is as it was at submission: it checks the pipeline file's
 * digest, the input's size and modification time, and that this worker's keys have the
 * fingerprint the submitter saw. Any mismatch would make chunks disagree with each other, so it
 * fails the run at once (no retry can fix it) with a message that says which check failed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  Queue,
  UnrecoverableError,
  WaitingChildrenError,
  type Job,
  type RedisOptions,
} from 'bullmq';
import { loadPipelineFile, type LoadedPipeline } from '../engine/loader.js';
import { DEFAULT_KEY_REFERENCE, veilHome } from '../cli/default-key.js';
import { createSecretResolver } from '../engine/secrets.js';
import { defaultStorePath } from '../store/environment.js';
import type { JsonValue } from '../engine/stage.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { QueueError } from '../errors/queue-error.js';
import { VeilError } from '../errors/veil-error.js';
import { CancelFlags } from './cancel-flag.js';
import {
  assembleRun,
  collectChunkPartial,
  reduceBarrier,
  runApplyChunk,
  type ChunkCounts,
} from './engine-adapter.js';
import { addPhaseChildren } from './flow.js';
import { registerJobHandler, type JobContext } from './handlers.js';
import {
  chunkJobDataSchema,
  describeChunk,
  parseJobData,
  runJobDataSchema,
  type ChunkJobData,
  type RunJobData,
} from './job-data.js';
import { JOB_APPLY, JOB_MAP, JOB_RUN, queueName } from './names.js';
import type { ChunkProgress, ChunkResult, RunResult } from './progress.js';
import { pipelineKeyFingerprint } from './run-id.js';
import {
  chunkOutputPath,
  chunkSummaryPath,
  ensureWorkDir,
  partialPath,
  planPath,
  publishFile,
  removeWorkDir,
  runResultPath,
  temporaryName,
  writeFileAtomic,
} from './shared-storage.js';

/** Pipelines loaded by this process, by path and digest (a changed file is a different entry). */
const pipelines = new Map<string, Promise<LoadedPipeline>>();

async function loadVerifiedPipeline(data: ChunkJobData | RunJobData): Promise<LoadedPipeline> {
  let bytes: Buffer;
  try {
    bytes = await readFile(data.pipeline);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new QueueError(`pipeline file ${data.pipeline} is not readable on this worker (${code})`);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== data.pipelineDigest) {
    throw new UnrecoverableError(
      `pipeline file ${data.pipeline} changed since the run was submitted (digest mismatch)`,
    );
  }
  const key = `${data.pipeline}\0${digest}`;
  let loading = pipelines.get(key);
  if (loading === undefined) {
    loading = loadPipelineFile(data.pipeline);
    pipelines.set(key, loading);
    loading.catch(() => pipelines.delete(key));
  }
  return loading;
}

async function verifyInput(data: ChunkJobData | RunJobData): Promise<void> {
  let info;
  try {
    info = await stat(data.input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new QueueError(`input ${data.input} is not readable on this worker (${code})`);
  }
  if (info.size !== data.inputSize || Math.floor(info.mtimeMs) !== data.inputMtimeMs) {
    throw new UnrecoverableError(
      `input ${data.input} changed since the run was submitted (size or mtime)`,
    );
  }
}

/**
 * The CLI's stand-in for an unset default key (`$VEIL_HOME/keys/pseudonym.key`), applied the way
 * a local `veil run` applies it, except that a worker never creates the key file: a worker with
 * no key must fail the fingerprint check, not invent a key of its own.
 */
function workerSecretAliases(loaded: LoadedPipeline): Record<string, string> {
  if (!JSON.stringify(loaded.spec).includes(DEFAULT_KEY_REFERENCE)) return {};
  const value = process.env['VEIL_PSEUDONYM_KEY'];
  if (value !== undefined && value.length > 0) return {};
  const file = path.join(veilHome(), 'keys', 'pseudonym.key');
  return existsSync(file) ? { [DEFAULT_KEY_REFERENCE]: `file:${file}` } : {};
}

/** Key fingerprints checked by this process, per run: the scrypt runs once per key anyway. */
const verifiedKeys = new Map<string, Promise<string>>();

async function verifyKeys(data: ChunkJobData, loaded: LoadedPipeline): Promise<void> {
  let checking = verifiedKeys.get(data.runId);
  if (checking === undefined) {
    const resolver = createSecretResolver({
      baseDir: loaded.baseDir,
      storePath: defaultStorePath(),
      aliases: workerSecretAliases(loaded),
    });
    checking = pipelineKeyFingerprint(
      loaded.resolved.stages.map((s) => s.options),
      resolver,
    );
    verifiedKeys.set(data.runId, checking);
    checking.catch(() => verifiedKeys.delete(data.runId));
  }
  const fingerprint = await checking;
  if (fingerprint !== data.keyFingerprint) {
    throw new UnrecoverableError(
      "this worker's keys differ from the submitter's (key fingerprint mismatch); " +
        "every worker must resolve the pipeline's key references to the same keys",
    );
  }
}

/** One flag client per connection and prefix, for the life of the process. */
const flagClients = new Map<string, CancelFlags>();

function flagsFor(context: JobContext): CancelFlags {
  const key = `${context.prefix}\0${context.connection.host}\0${context.connection.port}`;
  let flags = flagClients.get(key);
  if (flags === undefined) {
    flags = new CancelFlags(context.connection, context.prefix);
    flagClients.set(key, flags);
  }
  return flags;
}

/**
 * Errors that no retry can fix (a bad record under `on_error: fail`, a bad pipeline, a changed
 * input) skip the remaining attempts; anything else (I/O, a crashed thread) is retried.
 */
function isPermanent(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return true;
  if (error instanceof PipelineError) return true;
  return error instanceof VeilError && error.code === 'VEIL_RECORD';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work` while polling the run's cancellation flag; a set flag aborts it. */
async function withCancellation<T>(
  context: JobContext,
  runId: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const flags = flagsFor(context);
  const stopped = (reason: string | undefined): string =>
    reason === 'failed'
      ? `run ${runId} stopped: another chunk failed`
      : `run ${runId} was cancelled`;
  const initial = await flags.reason(runId);
  if (initial !== undefined) throw new UnrecoverableError(stopped(initial));

  const controller = new AbortController();
  const relay = (): void => controller.abort(context.signal.reason);
  context.signal.addEventListener('abort', relay, { once: true });
  let cancelled = false;
  const timer = setInterval(() => {
    flags.reason(runId).then(
      (reason) => {
        if (reason !== undefined && !cancelled) {
          cancelled = true;
          controller.abort(new UnrecoverableError(stopped(reason)));
        }
      },
      () => undefined,
    );
  }, 1000);
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
      once: true,
    });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    clearInterval(timer);
    context.signal.removeEventListener('abort', relay);
  }
}

/** The plans of barriers `0..count-1`, reduced by earlier phases. */
async function readPlans(workDir: string, count: number): Promise<JsonValue[]> {
  const plans: JsonValue[] = [];
  for (let barrier = 0; barrier < count; barrier++) {
    plans.push(JSON.parse(await readFile(planPath(workDir, barrier), 'utf8')) as JsonValue);
  }
  return plans;
}

async function readSummary(file: string): Promise<ChunkResult | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ChunkResult;
  } catch {
    return undefined;
  }
}

async function handleChunk(job: Job, context: JobContext): Promise<ChunkResult> {
  const data = parseJobData(chunkJobDataSchema, job.data, job.id);
  const where = describeChunk(data);
  const started = Date.now();
  const summaryFile = chunkSummaryPath(data.workDir, data.phase, data.index);

  try {
    return await withCancellation(context, data.runId, async (signal) => {
      // A chunk finished by an earlier attempt (or an earlier run of `veil jobs retry`) is
      // complete on disk: its summary is written only after its output was renamed into place.
      const done = await readSummary(summaryFile);
      if (done !== undefined && done.phase === data.phase && done.index === data.index) return done;

      await verifyInput(data);
      const loaded = await loadVerifiedPipeline(data);
      await verifyKeys(data, loaded);
      await ensureWorkDir(data.workDir);

      const plans = await readPlans(data.workDir, data.phase);
      const reportProgress = (progress: ChunkProgress): void => {
        job.updateProgress({ ...progress }).catch(() => undefined);
      };
      const threads = data.threads ?? context.threads;
      const secretAliases = workerSecretAliases(loaded);
      // Scoped by key fingerprint: threads built with one key never serve a run with another.
      const pools = context.pools?.scoped(data.keyFingerprint);

      let counts: ChunkCounts;
      if (data.phase < data.barriers) {
        const collected = await collectChunkPartial({
          loaded,
          data,
          plans,
          signal,
          onProgress: reportProgress,
          secretAliases,
          pools,
          ...(threads === undefined ? {} : { threads }),
        });
        await writeFileAtomic(
          partialPath(data.workDir, data.phase, data.index),
          JSON.stringify(collected.partial),
        );
        counts = collected.counts;
      } else {
        const finalPath = chunkOutputPath(data.workDir, data.phase, data.index);
        const temp = temporaryName(finalPath);
        try {
          counts = await runApplyChunk({
            loaded,
            data,
            plans,
            output: temp,
            signal,
            onProgress: reportProgress,
            secretAliases,
            pools,
            ...(threads === undefined ? {} : { threads }),
          });
          await publishFile(temp, finalPath);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      }

      const result: ChunkResult = {
        phase: data.phase,
        index: data.index,
        bytes: data.end - data.start,
        ...counts,
        ms: Date.now() - started,
      };
      await writeFileAtomic(summaryFile, JSON.stringify(result));
      return result;
    });
  } catch (error) {
    const message = `${where}: ${messageOf(error)}`;
    if (isPermanent(error)) throw new UnrecoverableError(message);
    const wrapped = new QueueError(message, { cause: error });
    throw wrapped;
  }
}

/** Queues used by parents to add the next phase's children, one per connection and prefix. */
const parentQueues = new Map<string, Queue>();

function pipelinesQueue(connection: RedisOptions, prefix: string): Queue {
  const key = `${prefix}\0${connection.host}\0${connection.port}`;
  let queue = parentQueues.get(key);
  if (queue === undefined) {
    queue = new Queue(queueName('pipelines'), { connection, prefix });
    parentQueues.set(key, queue);
  }
  return queue;
}

async function handleRun(job: Job, context: JobContext): Promise<RunResult> {
  let data = parseJobData(runJobDataSchema, job.data, job.id);
  const flags = flagsFor(context);

  for (;;) {
    if ((await flags.reason(data.runId)) === 'cancelled') {
      await job.removeUnprocessedChildren().catch(() => undefined);
      await removeWorkDir(data.workDir);
      throw new UnrecoverableError(`run ${data.runId} was cancelled`);
    }
    const failures = Object.values(await job.getIgnoredChildrenFailures());
    if (failures.length > 0) {
      // Stop the siblings (waiting ones are removed, running ones see the flag); the work files
      // stay, so `veil jobs retry` redoes only the chunks that did not finish.
      await flags.set(data.runId, 'failed');
      await job.removeUnprocessedChildren().catch(() => undefined);
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more chunk(s) failed)` : '';
      throw new UnrecoverableError(`run ${data.runId} failed: ${failures[0]}${more}`);
    }

    if (data.phase < data.barriers) {
      const loaded = await loadVerifiedPipeline(data);
      const partials: JsonValue[] = [];
      for (let index = 0; index < data.chunks.length; index++) {
        partials.push(
          JSON.parse(
            await readFile(partialPath(data.workDir, data.phase, index), 'utf8'),
          ) as JsonValue,
        );
      }
      const plan = await reduceBarrier(loaded, data.phase, partials, workerSecretAliases(loaded));
      await writeFileAtomic(planPath(data.workDir, data.phase), JSON.stringify(plan));

      const next = data.phase + 1;
      await addPhaseChildren(
        pipelinesQueue(context.connection, context.prefix),
        data,
        next,
        job.queueQualifiedName,
      );
      data = { ...data, phase: next };
      await job.updateData(data);
      context.logger.info(
        { run: data.runId, phase: next },
        'barrier plan reduced; next pass queued',
      );
      if (await job.moveToWaitingChildren(context.token ?? '')) throw new WaitingChildrenError();
      continue;
    }

    // A previous attempt may have put the output in place and removed the work files before
    // its completion reached Redis: its result file says so.
    const previous = await readFile(runResultPath(data.workDir), 'utf8').then(
      (text) => JSON.parse(text) as RunResult,
      () => undefined,
    );
    if (previous !== undefined) return previous;

    const loaded = await loadVerifiedPipeline(data);
    const summaries: ChunkResult[] = [];
    for (let index = 0; index < data.chunks.length; index++) {
      const summary = await readSummary(chunkSummaryPath(data.workDir, data.barriers, index));
      if (summary === undefined) {
        throw new QueueError(
          `run ${data.runId}: chunk ${index + 1}/${data.chunks.length} has no output summary`,
        );
      }
      summaries.push(summary);
    }
    const parts = summaries.map((_, index) => chunkOutputPath(data.workDir, data.barriers, index));
    const plans = await readPlans(data.workDir, data.barriers);
    await assembleRun(loaded, data, parts, summaries, plans, workerSecretAliases(loaded));

    const result: RunResult = {
      runId: data.runId,
      output: data.output,
      chunks: data.chunks.length,
      phases: data.barriers + 1,
      recordsIn: summaries.reduce((sum, s) => sum + s.recordsIn, 0),
      recordsOut: summaries.reduce((sum, s) => sum + s.recordsOut, 0),
      rejected: summaries.reduce((sum, s) => sum + s.rejected, 0),
      bytes: data.inputSize,
      ms: Date.now() - data.submittedAt,
    };
    await writeFileAtomic(runResultPath(data.workDir), JSON.stringify(result));
    await removeWorkDir(data.workDir);
    return result;
  }
}

registerJobHandler('pipelines', JOB_MAP, handleChunk);
registerJobHandler('pipelines', JOB_APPLY, handleChunk);
registerJobHandler('pipelines', JOB_RUN, handleRun);
