/**
 * Progress of a queued run, read from BullMQ: the parent's state, the return values of finished
 * chunks (records and bytes), and the progress each running chunk reports with
 * `job.updateProgress`. Reading never writes, so any number of `veil jobs show` or
 * `veil submit --wait` processes can watch one run.
 */
import type { Job, Queue } from 'bullmq';
import { QueueError } from '../errors/queue-error.js';
import { parseJobData, runJobDataSchema, type RunJobData } from './job-data.js';

/** What a chunk job returns (stored by BullMQ as its return value). */
export interface ChunkResult {
  readonly phase: number;
  readonly index: number;
  /** Input bytes of the chunk's range. */
  readonly bytes: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejected: number;
  /** CSV output whose columns the data chooses: length of the chunk's own header line. */
  readonly csvHeaderBytes?: number;
  readonly ms: number;
}

/** What a running chunk reports through `updateProgress`. */
export interface ChunkProgress {
  readonly phase: number;
  readonly bytesRead: number;
  readonly records: number;
}

/** What the parent (`run`) job returns when the output is in place. */
export interface RunResult {
  readonly runId: string;
  readonly output: string;
  readonly chunks: number;
  readonly phases: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejected: number;
  readonly bytes: number;
  /** From the parent's creation to the output's rename. */
  readonly ms: number;
}

export type RunState =
  | 'waiting'
  | 'waiting-children'
  | 'active'
  | 'delayed'
  | 'prioritized'
  | 'completed'
  | 'failed'
  | 'unknown';

/** A snapshot of a run. */
export interface RunProgress {
  readonly runId: string;
  readonly state: RunState;
  readonly data: RunJobData;
  /** Phases in all: one per barrier stage plus the final pass. */
  readonly phases: number;
  /** Chunk jobs finished over all phases, and in all. */
  readonly chunksDone: number;
  readonly chunksTotal: number;
  /** Records written by finished chunks of the final pass. */
  readonly recordsOut: number;
  /** Input bytes processed over all phases (finished chunks plus running ones' reports). */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Input bytes processed in the current phase (what a per-pass progress bar shows). */
  readonly phaseBytesDone: number;
  readonly elapsedMs: number;
  /** Input MB (10^6 bytes) per second over all phases so far. */
  readonly mbPerSecond: number;
  readonly failedReason: string | undefined;
  readonly result: RunResult | undefined;
}

function isChunkResult(value: unknown): value is ChunkResult {
  return (
    value !== null && typeof value === 'object' && typeof (value as ChunkResult).bytes === 'number'
  );
}

function isChunkProgress(value: unknown): value is ChunkProgress {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ChunkProgress).bytesRead === 'number'
  );
}

/** Reads a run's progress; undefined when no such run exists. */
export async function readRunProgress(
  queue: Queue,
  runId: string,
): Promise<RunProgress | undefined> {
  const job = await queue.getJob(runId);
  if (job === undefined || job === null) return undefined;
  return progressOf(queue, job);
}

/** Progress of a parent job already loaded. */
export async function progressOf(queue: Queue, job: Job): Promise<RunProgress> {
  const data = parseJobData(runJobDataSchema, job.data, job.id);
  const state = (await job.getState()) as RunState;
  const phases = data.barriers + 1;

  const values = await job.getChildrenValues<unknown>();
  let chunksDone = 0;
  let recordsOut = 0;
  let bytesDone = 0;
  let phaseBytesDone = 0;
  for (const value of Object.values(values)) {
    if (!isChunkResult(value)) continue;
    chunksDone++;
    bytesDone += value.bytes;
    if (value.phase === data.phase) phaseBytesDone += value.bytes;
    if (value.phase === data.barriers) recordsOut += value.recordsOut;
  }

  // Running chunks of this run report how far they are; only a handful are active at once.
  if (state === 'waiting-children') {
    for (const active of await queue.getActive(0, 200)) {
      if (active.id?.startsWith(`${data.runId}.`) === true && isChunkProgress(active.progress)) {
        bytesDone += active.progress.bytesRead;
        if (active.progress.phase === data.phase) phaseBytesDone += active.progress.bytesRead;
      }
    }
  }

  // The job was read before its state: a run that completed in between has no return value in
  // this copy yet, and the next poll sees it. One that failed in between has no reason in it
  // either: read it again (a waiting caller would otherwise report "no reason recorded").
  let failedReason = state === 'failed' ? job.failedReason : undefined;
  let finishedOn = job.finishedOn;
  if (state === 'failed' && (failedReason === undefined || failedReason === '')) {
    const fresh = job.id === undefined ? undefined : await queue.getJob(job.id);
    failedReason = fresh?.failedReason || undefined;
    finishedOn = fresh?.finishedOn ?? finishedOn;
  }
  const result =
    state === 'completed' && job.returnvalue !== null && job.returnvalue !== undefined
      ? (job.returnvalue as RunResult)
      : undefined;
  const end = finishedOn ?? Date.now();
  const elapsedMs = Math.max(1, end - data.submittedAt);
  const bytesTotal = data.inputSize * phases;
  if (result !== undefined) {
    chunksDone = data.chunks.length * phases;
    bytesDone = bytesTotal;
    phaseBytesDone = data.inputSize;
    recordsOut = result.recordsOut;
  }

  return {
    runId: data.runId,
    state,
    data,
    phases,
    chunksDone,
    chunksTotal: data.chunks.length * phases,
    recordsOut,
    bytesDone: Math.min(bytesDone, bytesTotal),
    bytesTotal,
    phaseBytesDone: Math.min(phaseBytesDone, data.inputSize),
    elapsedMs,
    mbPerSecond: bytesDone / 1e6 / (elapsedMs / 1000),
    failedReason,
    result,
  };
}

/** Options for `waitForRun`. */
export interface WaitOptions {
  /** Poll interval; default 250 ms. */
  readonly intervalMs?: number;
  /** Called with each snapshot (the CLI draws its progress bar from it). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Gives up (rejects) after this long; default never. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Resolves with the run's result when its output is in place; rejects with a `QueueError`
 * carrying the run's failure reason (which names the chunk and byte range) when it failed.
 */
export async function waitForRun(
  queue: Queue,
  runId: string,
  options: WaitOptions = {},
): Promise<RunResult> {
  const interval = options.intervalMs ?? 250;
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    const progress = await readRunProgress(queue, runId);
    if (progress === undefined) {
      throw new QueueError(`run ${runId}: no such run (removed or cancelled)`, {
        code: 'VEIL_QUEUE_NO_RUN',
      });
    }
    options.onProgress?.(progress);
    if (progress.state === 'completed' && progress.result !== undefined) return progress.result;
    if (progress.state === 'failed') {
      const reason = progress.failedReason ?? 'no reason recorded';
      // The run job's own reasons already name the run ('run X failed: ...', 'run X was cancelled').
      const message = reason.startsWith(`run ${runId} `) ? reason : `run ${runId} failed: ${reason}`;
      throw new QueueError(message, { code: 'VEIL_QUEUE_RUN_FAILED' });
    }
    if (Date.now() > deadline) {
      throw new QueueError(`run ${runId}: still ${progress.state} after ${options.timeoutMs} ms`);
    }
    if (options.signal?.aborted === true) throw new QueueError(`run ${runId}: stopped waiting`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
