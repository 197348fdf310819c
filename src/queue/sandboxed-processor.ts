/**
 * The module an isolated `veil worker --isolate` child process loads (BullMQ sandboxed
 * processor). It loads the full job by id over its own connection, because handlers need more of
 * the job than the sandbox forwards (adding children, removing unprocessed ones), and dispatches
 * it like the in-process worker does.
 */
import { Job, Queue, WaitingError, type SandboxedJob } from 'bullmq';
import { PoolCache } from '../engine/pool-cache.js';
import { QueueError } from '../errors/queue-error.js';
import type { JobContext, JobLogger } from './handlers.js';
import {
  dispatchJob,
  queueKindOfName,
  SANDBOX_CONTEXT_ENV,
  type SandboxContext,
} from './worker.js';

function readContext(): SandboxContext {
  const text = process.env[SANDBOX_CONTEXT_ENV];
  if (text === undefined) {
    throw new QueueError(`isolated worker child started without ${SANDBOX_CONTEXT_ENV}`);
  }
  return JSON.parse(text) as SandboxContext;
}

/** The child logs to stderr as one JSON line per event, like pino, without a second pino setup. */
const logger: JobLogger = {
  info: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 30, ...fields, msg: message })}\n`),
  warn: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 40, ...fields, msg: message })}\n`),
  error: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 50, ...fields, msg: message })}\n`),
};

const queues = new Map<string, Queue>();

/** This child's pools, kept between the jobs it runs (it lives until the worker closes). */
const pools = new PoolCache();

export default async function process_(
  sandboxed: SandboxedJob,
  token?: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const context = readContext();
  const name = sandboxed.queueQualifiedName.slice(context.prefix.length + 1);
  const kind = queueKindOfName(name);
  if (kind === undefined) throw new QueueError(`isolated worker: unknown queue ${name}`);

  let queue = queues.get(name);
  if (queue === undefined) {
    queue = new Queue(name, { connection: context.connection, prefix: context.prefix });
    queues.set(name, queue);
  }
  const job = await Job.fromId(queue, sandboxed.id);
  if (job === undefined) throw new QueueError(`isolated worker: job ${sandboxed.id} vanished`);

  const jobContext: JobContext = {
    token,
    signal: signal ?? new AbortController().signal,
    connection: context.connection,
    prefix: context.prefix,
    threads: context.threads,
    pools,
    logger,
  };
  const work = dispatchJob(job, kind, jobContext);
  if (signal === undefined) return work;

  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const outcome = await Promise.race([work.then((value) => ({ value })), aborted]);
  if (outcome === 'aborted') {
    work.catch(() => undefined);
    await job.moveToWait(token);
    throw new WaitingError();
  }
  return outcome.value;
}
