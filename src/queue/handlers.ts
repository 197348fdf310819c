/**
 * Job handlers by queue and job name. `veil worker` looks up the handler for each job it takes;
 * each area that queues work registers its handlers here (pipelines: `pipeline-handlers.ts`;
 * data-subject requests register theirs under the `dsar` queue).
 */
import type { Job, RedisOptions } from 'bullmq';
import type { PoolCache } from '../engine/pool-cache.js';
import type { QueueKind } from './names.js';

/** Minimal structured logger (pino's shape), so handlers log without importing pino. */
export interface JobLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** What a handler gets besides its job. */
export interface JobContext {
  /** The lock token of this attempt: needed to move the job (to waiting-children, to wait). */
  readonly token: string | undefined;
  /** Aborted when the worker shuts down past its grace period, or the job is cancelled locally. */
  readonly signal: AbortSignal;
  /** Connection and key prefix, for handlers that add jobs (the next fan-out of a flow). */
  readonly connection: RedisOptions;
  readonly prefix: string;
  /** Worker threads this worker gives each pipeline chunk (its local Piscina pool size). */
  readonly threads: number | undefined;
  /**
   * The worker's pools, lent to chunk runs so that consecutive chunks of one pipeline reuse
   * threads that already built their stage chain; undefined: a new pool per chunk.
   */
  readonly pools?: PoolCache | undefined;
  readonly logger: JobLogger;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<unknown>;

const handlers = new Map<string, JobHandler>();

/** Registers (or replaces) the handler for jobs named `name` on queue `kind`. */
export function registerJobHandler(kind: QueueKind, name: string, handler: JobHandler): void {
  handlers.set(`${kind}/${name}`, handler);
}

/** The handler for a job, or undefined when no area registered one. */
export function getJobHandler(kind: QueueKind, name: string): JobHandler | undefined {
  return handlers.get(`${kind}/${name}`);
}

/** Names registered for a queue, for messages. */
export function listJobHandlers(kind: QueueKind): string[] {
  const prefix = `${kind}/`;
  return [...handlers.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}
