/**
 * `veil jobs list|show|cancel|retry`: operations on queued runs, by run id.
 */
import type { Job, Queue, RedisOptions } from 'bullmq';
import { QueueError } from '../errors/queue-error.js';
import { CancelFlags } from './cancel-flag.js';
import { enqueueRunFlow } from './flow.js';
import { parseJobData, runJobDataSchema } from './job-data.js';
import { JOB_RUN } from './names.js';
import { progressOf, type RunProgress } from './progress.js';
import { removeWorkDir } from './shared-storage.js';

const LISTED_STATES = [
  'active',
  'waiting',
  'waiting-children',
  'delayed',
  'prioritized',
  'completed',
  'failed',
] as const;

/** Runs on a queue, newest first. */
export async function listRuns(queue: Queue, limit = 50): Promise<RunProgress[]> {
  const jobs = await queue.getJobs([...LISTED_STATES], 0, -1, false);
  const runs = jobs
    .filter((job): job is Job => job !== undefined && job !== null && job.name === JOB_RUN)
    .sort((a, b) => b.timestamp - a.timestamp)
    .slice(0, limit);
  return Promise.all(runs.map((job) => progressOf(queue, job)));
}

/** Details of one run: progress plus the failure reason of each failed chunk. */
export interface RunDetails extends RunProgress {
  readonly failedChunks: ReadonlyArray<{ readonly job: string; readonly reason: string }>;
}

export async function showRun(queue: Queue, runId: string): Promise<RunDetails> {
  const job = await requireRun(queue, runId);
  const progress = await progressOf(queue, job);
  const failures = await job.getIgnoredChildrenFailures();
  const failedChunks = Object.entries(failures).map(([key, reason]) => ({
    job: key.slice(key.lastIndexOf(':') + 1),
    reason,
  }));
  return { ...progress, failedChunks };
}

async function requireRun(queue: Queue, runId: string): Promise<Job> {
  const job = await queue.getJob(runId);
  if (job === undefined || job === null || job.name !== JOB_RUN) {
    throw new QueueError(`no run with id ${runId} on queue ${queue.name}`, { code: 'VEIL_USAGE' });
  }
  return job;
}

/** What `cancelRun` did. */
export interface CancelOutcome {
  /** The run and its chunk jobs are gone from Redis (nothing was running). */
  readonly removed: boolean;
  /** Chunks still running; they see the flag within about a second and fail the run. */
  readonly stillActive: number;
}

/**
 * Cancels a run: sets the cancellation flag, then removes the run with its chunk jobs if none is
 * running. Running chunks stop at their next flag check and the run fails as "cancelled".
 */
export async function cancelRun(
  queue: Queue,
  connection: RedisOptions,
  prefix: string,
  runId: string,
): Promise<CancelOutcome> {
  const job = await requireRun(queue, runId);
  const data = parseJobData(runJobDataSchema, job.data, job.id);
  const flags = new CancelFlags(connection, prefix);
  try {
    await flags.set(runId);
  } finally {
    await flags.close();
  }

  const state = await job.getState();
  if (state === 'completed') {
    throw new QueueError(`run ${runId} already completed; nothing to cancel`);
  }
  // Removal refuses (returns 0) while any job of the tree holds a lock.
  const removed = (await queue.remove(runId, { removeChildren: true })) === 1;
  if (removed) {
    await removeWorkDir(data.workDir);
    return { removed: true, stillActive: 0 };
  }
  const active = (await queue.getActive(0, 500)).filter(
    (j) => j.id?.startsWith(`${runId}.`) === true,
  );
  return { removed: false, stillActive: active.length };
}

/**
 * Retries a failed run: the run and its chunk jobs are removed and the same flow is added again
 * (same ids). Chunks whose output already sits complete in the work directory are not redone.
 */
export async function retryRun(
  queue: Queue,
  connection: RedisOptions,
  prefix: string,
  runId: string,
): Promise<void> {
  const job = await requireRun(queue, runId);
  const state = await job.getState();
  if (state !== 'failed') {
    throw new QueueError(`run ${runId} is ${state}; only a failed run can be retried`);
  }
  const data = parseJobData(runJobDataSchema, job.data, job.id);
  if ((await queue.remove(runId, { removeChildren: true })) !== 1) {
    throw new QueueError(`run ${runId}: a chunk of it is still running; retry when it stops`);
  }
  const flags = new CancelFlags(connection, prefix);
  try {
    await flags.clear(runId);
  } finally {
    await flags.close();
  }
  await enqueueRunFlow(connection, prefix, { ...data, phase: 0, submittedAt: Date.now() });
}
