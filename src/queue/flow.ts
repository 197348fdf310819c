/**
 * The BullMQ shape of a run: one flow whose parent (`run`) waits for one child per chunk.
 *
 *        run (parent, job id = run id)
 *       /    |     \
 *   p0.c0  p0.c1  p0.c2 ...   chunk jobs of phase 0
 *
 * With barrier stages, phase 0 is the map pass of the first barrier (each chunk exports partial
 * statistics); when it is done the parent reduces them into a plan and adds the next phase's
 * children to itself (BullMQ's "step job" pattern: add children, move to waiting-children), and
 * so on until the final phase applies every plan and the parent assembles the output.
 *
 * Children fail their parent only after their last attempt, and with `continueParentOnFailure`
 * the parent runs at once to fail the whole run with a message naming the chunk and byte range
 * (BullMQ's own fail-parent option would only say "child <key> failed").
 */
import { FlowProducer, Queue, type JobsOptions, type RedisOptions } from 'bullmq';
import type { ChunkJobData, RunJobData } from './job-data.js';
import { chunkJobId, JOB_APPLY, JOB_MAP, JOB_RUN, queueName } from './names.js';

/** Exponential backoff: `backoffMs`, then twice that, four times... per attempt. */
function retryOptions(data: Pick<RunJobData, 'attempts' | 'backoffMs'>): JobsOptions {
  return { attempts: data.attempts, backoff: { type: 'exponential', delay: data.backoffMs } };
}

/** A chunk job as added to BullMQ. */
export interface ChunkJobSpec {
  readonly name: string;
  readonly queueName: string;
  readonly data: ChunkJobData;
  readonly opts: JobsOptions & { jobId: string };
}

/** The chunk jobs of one phase, in input order. */
export function chunkJobs(run: RunJobData, phase: number): ChunkJobSpec[] {
  const name = phase < run.barriers ? JOB_MAP : JOB_APPLY;
  return run.chunks.map(([start, end, firstIndex, firstLine], index) => {
    const data: ChunkJobData = {
      v: 1,
      runId: run.runId,
      pipeline: run.pipeline,
      pipelineDigest: run.pipelineDigest,
      input: run.input,
      inputSize: run.inputSize,
      inputMtimeMs: run.inputMtimeMs,
      workDir: run.workDir,
      barriers: run.barriers,
      keyFingerprint: run.keyFingerprint,
      ...(run.threads === undefined ? {} : { threads: run.threads }),
      attempts: run.attempts,
      backoffMs: run.backoffMs,
      phase,
      index,
      count: run.chunks.length,
      start,
      end,
      firstIndex,
      firstLine,
    };
    return {
      name,
      queueName: queueName('pipelines'),
      data,
      opts: {
        jobId: chunkJobId(run.runId, phase, index),
        ...retryOptions(run),
        continueParentOnFailure: true,
      },
    };
  });
}

/** Adds a run's flow (parent + its first phase). Duplicate ids are ignored by BullMQ. */
export async function enqueueRunFlow(
  connection: RedisOptions,
  prefix: string,
  run: RunJobData,
): Promise<void> {
  const producer = new FlowProducer({ connection, prefix });
  try {
    await producer.add({
      name: JOB_RUN,
      queueName: queueName('pipelines'),
      data: run,
      opts: { jobId: run.runId, ...retryOptions(run) },
      children: chunkJobs(run, 0).map((child) => ({ ...child })),
    });
  } finally {
    await producer.close();
  }
}

/**
 * Adds the chunk jobs of `phase` as children of the (active) parent. Ids are deterministic, so a
 * parent that crashed after adding them and runs this again adds nothing twice.
 */
export async function addPhaseChildren(
  queue: Queue,
  run: RunJobData,
  phase: number,
  parentQueueKey: string,
): Promise<void> {
  const children = chunkJobs(run, phase);
  await queue.addBulk(
    children.map((child) => ({
      name: child.name,
      data: child.data,
      opts: { ...child.opts, parent: { id: run.runId, queue: parentQueueKey } },
    })),
  );
}
