/**
 * The process side of `veil worker`: one BullMQ `Worker` per served queue, each job dispatched to
 * the handler registered for its name, and a shutdown that finishes the current jobs or, past the
 * grace period, hands them back to the queue for another worker.
 *
 * Two modes. In-process (default): handlers run on this process's event loop and pipeline chunks
 * use this process's Piscina pools, kept between chunks (`PoolCache`): consecutive chunks of one
 * pipeline reuse threads that already built their stage chain. Isolated (`isolate`): BullMQ runs
 * each job in a child process (its sandboxed processors), so a crash in native code or an
 * out-of-memory kill takes down only that child; the job fails its attempt and is retried with
 * backoff.
 */
import {
  Queue,
  UnrecoverableError,
  WaitingError,
  Worker,
  type Job,
  type RedisOptions,
} from 'bullmq';
import { fileURLToPath } from 'node:url';
import { PoolCache, type PoolCacheStats } from '../engine/pool-cache.js';
import { getJobHandler, listJobHandlers, type JobContext, type JobLogger } from './handlers.js';
import { DEFAULT_PREFIX, queueName, type QueueKind } from './names.js';
import './builtin-handlers.js';

/** Options for `startQueueWorker`. Durations in milliseconds. */
export interface QueueWorkerOptions {
  readonly connection: RedisOptions;
  /** BullMQ key prefix; default `veil`. */
  readonly prefix?: string;
  /** Queues to serve; default both. */
  readonly queues?: readonly QueueKind[];
  /** Jobs processed at once per queue; default 1 (a chunk already uses every thread). */
  readonly concurrency?: number;
  /** Piscina threads per pipeline chunk; default the pipeline's own setting. */
  readonly threads?: number;
  /**
   * How long a job's lock lives without renewal; default 30 000. A worker that dies (SIGKILL,
   * OOM) stops renewing, and after this long another worker's stalled check takes the job back.
   */
  readonly lockDuration?: number;
  /** How often this worker checks for stalled jobs; default 30 000. */
  readonly stalledInterval?: number;
  /** How many times a job may stall before it fails; default 2. */
  readonly maxStalledCount?: number;
  /** On `close()`: how long current jobs may run before they are handed back; default 60 000. */
  readonly gracePeriod?: number;
  /** Name recorded on each job this worker processes (`processedBy`). */
  readonly name?: string;
  /** Run each job in a child process (BullMQ sandbox). */
  readonly isolate?: boolean;
  /**
   * With `isolate`: the processor module the child loads; default Veil's own dispatcher. Tests
   * and extensions may point it elsewhere.
   */
  readonly processorFile?: string;
  readonly logger: JobLogger;
}

/** A running worker. */
export interface QueueWorkerHandle {
  readonly workers: readonly Worker[];
  /** Pools started and reused by this process's chunk runs (in-process mode), for diagnostics. */
  poolStats(): PoolCacheStats;
  /**
   * Stops taking jobs, lets current jobs finish for up to the grace period, then hands back the
   * ones still running (they return to the wait list without using an attempt) and disconnects.
   */
  close(): Promise<void>;
}

/** How long past the grace period a shutdown may wait for Redis before giving up on it. */
const FORCE_CLOSE_MARGIN_MS = 10_000;

/** Environment variable through which an isolated child learns its connection and settings. */
export const SANDBOX_CONTEXT_ENV = 'VEIL_QUEUE_SANDBOX_CONTEXT';

/** Settings an isolated child needs; serialised into its environment, never into job data. */
export interface SandboxContext {
  readonly connection: RedisOptions;
  readonly prefix: string;
  readonly threads: number | undefined;
}

/** Finds which kind a BullMQ queue name serves. */
function kindOf(name: string, kinds: readonly QueueKind[]): QueueKind | undefined {
  return kinds.find((kind) => queueName(kind) === name);
}

/**
 * Runs one job through its registered handler. Exported for the sandboxed child, which calls it
 * with a full `Job` it loaded itself.
 */
export async function dispatchJob(
  job: Job,
  kind: QueueKind,
  context: JobContext,
): Promise<unknown> {
  const handler = getJobHandler(kind, job.name);
  if (handler === undefined) {
    const known = listJobHandlers(kind).join(', ') || '(none)';
    throw new UnrecoverableError(
      `job ${job.id ?? '?'}: no handler for job name '${job.name}' on queue ${kind}; known: ${known}`,
    );
  }
  return handler(job, context);
}

/**
 * Hands a job back to the wait list when the worker shuts down past its grace period: another
 * worker takes it from the start, and the attempt is not counted. Chunk outputs are only ever
 * renamed into place when complete, so the half-done work is simply discarded.
 */
async function handBack(job: Job, token: string | undefined): Promise<never> {
  await job.moveToWait(token);
  throw new WaitingError();
}

/** Starts serving the given queues. Resolves once every BullMQ worker is connected. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const kinds = options.queues ?? (['pipelines', 'dsar'] as const);
  const logger = options.logger;
  const workers: Worker[] = [];
  // One pool per pipeline pass in use, at most one per concurrent job; closed on shutdown.
  const pools = new PoolCache({ maxPools: Math.max(1, options.concurrency ?? 1) });

  const common = {
    connection: options.connection,
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    ...(options.name === undefined ? {} : { name: options.name }),
  };

  for (const kind of kinds) {
    let worker: Worker;
    if (options.isolate === true) {
      const context: SandboxContext = {
        connection: options.connection,
        prefix,
        threads: options.threads,
      };
      const file =
        options.processorFile ??
        fileURLToPath(new URL('./sandboxed-processor.js', import.meta.url));
      worker = new Worker(queueName(kind), file, {
        ...common,
        workerForkOptions: {
          env: { ...process.env, [SANDBOX_CONTEXT_ENV]: JSON.stringify(context) },
        },
      });
    } else {
      worker = new Worker(
        queueName(kind),
        async (job: Job, token?: string, signal?: AbortSignal) => {
          const controller = new AbortController();
          const relay = (): void => controller.abort(signal?.reason);
          if (signal?.aborted === true) relay();
          signal?.addEventListener('abort', relay, { once: true });

          const context: JobContext = {
            token,
            signal: controller.signal,
            connection: options.connection,
            prefix,
            threads: options.threads,
            pools,
            logger,
          };
          const work = dispatchJob(job, kind, context);
          // A shutdown abort must not wait for a long chunk: hand the job back at once; the
          // abandoned work can only write temporary files, which the run cleans up.
          const aborted = new Promise<'aborted'>((resolve) => {
            controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
          });
          try {
            const outcome = await Promise.race([work.then((value) => ({ value })), aborted]);
            if (outcome === 'aborted') {
              work.catch(() => undefined);
              return await handBack(job, token);
            }
            return outcome.value;
          } finally {
            signal?.removeEventListener('abort', relay);
          }
        },
        common,
      );
    }

    worker.on('active', (job) => {
      logger.info(
        { queue: kind, job: job.id, name: job.name, attempt: job.attemptsMade + 1 },
        'job started',
      );
    });
    worker.on('completed', (job) => {
      const ms = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
      const { created, reused, open } = pools.stats();
      logger.info(
        {
          queue: kind,
          job: job.id,
          name: job.name,
          ms,
          poolsCreated: created,
          poolsReused: reused,
          poolsOpen: open,
        },
        'job completed',
      );
    });
    worker.on('failed', (job, error) => {
      logger.warn(
        {
          queue: kind,
          job: job?.id,
          name: job?.name,
          attempt: job?.attemptsMade,
          reason: error.message,
        },
        'job attempt failed',
      );
    });
    worker.on('stalled', (jobId) => {
      logger.warn(
        { queue: kind, job: jobId },
        'job stalled: its worker stopped renewing the lock; retrying',
      );
    });
    worker.on('error', (error) => {
      logger.error({ queue: kind, reason: error.message }, 'worker error');
    });

    workers.push(worker);
  }

  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  logger.info({ queues: kinds, prefix, concurrency: common.concurrency }, 'worker ready');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const grace = options.gracePeriod ?? 60_000;
      const timers: NodeJS.Timeout[] = [];
      timers.push(
        setTimeout(() => {
          logger.warn(
            { graceMs: grace },
            'grace period over: handing current jobs back to the queue',
          );
          for (const worker of workers) worker.cancelAllJobs('worker shutting down');
        }, grace),
      );
      // A worker that cannot reach Redis any more would wait for it forever: after the grace
      // period and a margin, close without waiting (its locks expire; other workers recover).
      const forced = new Promise<void>((resolve) => {
        timers.push(
          setTimeout(() => {
            logger.warn({}, 'shutdown is stuck (Redis unreachable?): closing without waiting');
            for (const worker of workers) worker.close(true).catch(() => undefined);
            resolve();
          }, grace + FORCE_CLOSE_MARGIN_MS),
        );
      });
      try {
        await Promise.race([
          Promise.all(workers.map((worker) => worker.close())).then(() => undefined),
          forced,
        ]);
      } finally {
        for (const timer of timers) clearTimeout(timer);
        // After the jobs: a job handed back may still hold a pool; closing it stops that work.
        await pools.close();
      }
      logger.info({}, 'worker stopped');
    })();
    return closing;
  };

  return { workers, poolStats: () => pools.stats(), close };
}

/** Kind of a queue by its BullMQ name, for the sandboxed child. */
export function queueKindOfName(name: string): QueueKind | undefined {
  return kindOf(name, ['pipelines', 'dsar']);
}

/** A `Queue` for a kind, for producers and job inspection. Callers close it. */
export function openQueue(
  kind: QueueKind,
  connection: RedisOptions,
  prefix = DEFAULT_PREFIX,
): Queue {
  return new Queue(queueName(kind), { connection, prefix });
}
