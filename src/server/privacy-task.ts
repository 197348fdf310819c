/**
 * The detect/anonymize work of one request, as a plain serializable task, so the same code runs
 * on the event loop (`threads: 0`) or in a Piscina worker thread (`workers/serve-privacy-worker`).
 * Worker threads cannot send error classes back, so failures travel as `{ code, message }` and
 * are rebuilt as VeilErrors (their messages never carry values).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { AnonymizeConfig } from '../anonymize/config.js';
import { findPackageRoot } from '../engine/package-root.js';
import { esmWorkerOptions } from '../engine/worker-entry.js';
import type { JsonRecord } from '../engine/stage.js';
import { ServerError } from '../errors/server-error.js';
import { VeilError } from '../errors/veil-error.js';
import type { PrivacyManager } from '../privacy/privacy-manager.js';

export interface PrivacyTask {
  readonly op: 'detect' | 'anonymize' | 'deanonymize';
  /** deanonymize: where each replacement sits in `text` (from the anonymize response). */
  readonly items?: readonly { type: string; start: number; end: number }[];
  readonly text?: string;
  readonly record?: JsonRecord;
  readonly entities?: string[];
  readonly explain?: boolean;
  readonly operators?: AnonymizeConfig;
  readonly fields?: string[];
  readonly subject?: string;
}

export type PrivacyOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string }
  /** A failure that is not the request's fault (a bug): answered 500, its message dropped. */
  | { readonly ok: false; readonly internal: true };

/**
 * PrivacyManager caches compiled operators per configuration object; requests carry fresh
 * objects, so equal configurations are mapped to one canonical object here (bounded).
 */
export class OperatorCache {
  readonly #byText = new Map<string, AnonymizeConfig>();
  get(config: AnonymizeConfig): AnonymizeConfig {
    const key = JSON.stringify(config);
    const found = this.#byText.get(key);
    if (found !== undefined) return found;
    if (this.#byText.size >= 256) this.#byText.delete(this.#byText.keys().next().value as string);
    this.#byText.set(key, config);
    return config;
  }
}

async function perform(privacy: PrivacyManager, task: PrivacyTask, cache: OperatorCache): Promise<unknown> {
  const detectOptions = {
    ...(task.entities === undefined ? {} : { entities: task.entities }),
    ...(task.explain === undefined ? {} : { explain: task.explain }),
  };
  if (task.op === 'detect') {
    if (task.text !== undefined) return { findings: privacy.detectEntities(task.text, detectOptions) };
    const findings: unknown[] = [];
    const walk = (value: unknown, at: string): void => {
      if (typeof value === 'string') {
        for (const f of privacy.detectEntities(value, detectOptions)) findings.push({ ...f, field: at });
      } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, at === '' ? k : `${at}.${k}`);
      }
    };
    walk(task.record, '');
    return { findings };
  }
  const common = {
    ...(task.entities === undefined ? {} : { entities: task.entities }),
    ...(task.operators === undefined ? {} : { operators: cache.get(task.operators) }),
  };
  if (task.op === 'deanonymize') {
    return {
      text: await privacy.deanonymizeText(task.text ?? '', task.items ?? [], {
        ...(task.operators === undefined ? {} : { operators: cache.get(task.operators) }),
        ...(task.subject === undefined ? {} : { subject: task.subject }),
      }),
    };
  }
  if (task.text !== undefined) {
    // The items say where each replacement sits, so a reversible text can be deanonymized later.
    return privacy.anonymizeTextReversibly(task.text, {
      ...common,
      ...(task.subject === undefined ? {} : { subject: task.subject }),
    });
  }
  return {
    record: await privacy.anonymizeRecord(task.record as JsonRecord, {
      ...common,
      ...(task.fields === undefined ? {} : { fields: task.fields }),
    }),
  };
}

/** Runs a task, turning Veil errors into a serializable failure. */
export async function runPrivacyTask(
  privacy: PrivacyManager,
  task: PrivacyTask,
  cache: OperatorCache,
): Promise<PrivacyOutcome> {
  try {
    return { ok: true, value: await perform(privacy, task, cache) };
  } catch (error) {
    if (error instanceof VeilError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** Where privacy tasks run: the event loop, or a pool of worker threads. */
export interface PrivacyRunner {
  run(task: PrivacyTask): Promise<unknown>;
  close(): Promise<void>;
}

function unwrap(outcome: PrivacyOutcome): unknown {
  if (outcome.ok) return outcome.value;
  if ('internal' in outcome) throw new Error('privacy task failed in a worker thread');
  throw new VeilError(outcome.code, outcome.message);
}

/** Runs tasks on the event loop (tests, small deployments). */
export function inlineRunner(privacy: PrivacyManager): PrivacyRunner {
  const cache = new OperatorCache();
  return {
    run: async (task) => unwrap(await runPrivacyTask(privacy, task, cache)),
    close: async () => undefined,
  };
}

/** Most tasks one message to a worker carries, and most text characters (a big text goes alone). */
const MAX_BATCH_TASKS = 32;
const MAX_BATCH_CHARS = 64 * 1024;

interface PendingTask {
  readonly task: PrivacyTask;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

function sizeOf(task: PrivacyTask): number {
  // Records are not measured (that would mean serializing them): count each as a small text.
  return task.text?.length ?? 4096;
}

/**
 * Runs tasks on `threads` worker threads, each with its own PrivacyManager (built on first use),
 * so detection never blocks the event loop that accepts connections and answers other routes.
 *
 * Tasks that arrive in the same event-loop turn go to the pool together, split into about one
 * batch per thread: one message and one wake-up per batch instead of per request. Under the serve
 * benchmark's 50 connections the per-task dispatch (structured clone, `postMessage`, waking the
 * thread) was the largest single cost on the event loop; a batch waits at most for the current
 * turn to end, so an idle server answers as before.
 */
export function poolRunner(threads: number, options: { storePath?: string | undefined } = {}): PrivacyRunner {
  const filename = path.join(findPackageRoot(), 'dist', 'workers', 'serve-privacy-worker.js');
  if (!existsSync(filename)) {
    throw new ServerError('VEIL_SERVER_CONFIG', `the worker script ${filename} is missing; run 'npm run build' first`);
  }
  const pool = new Piscina({
    ...esmWorkerOptions(filename),
    minThreads: threads,
    maxThreads: threads,
    // Two batches per thread: one running, one already delivered when it ends.
    concurrentTasksPerWorker: 2,
    idleTimeout: 60_000,
    workerData: { storePath: options.storePath },
  });

  // At most two batches per thread are with the pool (one running, one delivered); the rest wait
  // here and leave together, so batches grow with the load instead of queueing up one by one.
  const maxInFlight = threads * 2;
  let inFlight = 0;
  let waiting: PendingTask[] = [];
  let scheduled = false;

  const send = (batch: readonly PendingTask[]): void => {
    inFlight++;
    pool.run(batch.map((p) => p.task)).then(
      (outcomes: PrivacyOutcome[]) => {
        batch.forEach((p, i) => {
          try {
            p.resolve(unwrap(outcomes[i] as PrivacyOutcome));
          } catch (error) {
            p.reject(error);
          }
        });
        settled();
      },
      (error: unknown) => {
        for (const p of batch) p.reject(error);
        settled();
      },
    );
  };

  const settled = (): void => {
    inFlight--;
    if (waiting.length > 0 && !scheduled) dispatch();
  };

  const dispatch = (): void => {
    scheduled = false;
    const slots = maxInFlight - inFlight;
    if (slots <= 0 || waiting.length === 0) return;
    const perBatch = Math.min(MAX_BATCH_TASKS, Math.ceil(waiting.length / Math.min(slots, threads)));
    let batch: PendingTask[] = [];
    let chars = 0;
    let taken = 0;
    for (const pending of waiting) {
      const size = sizeOf(pending.task);
      if (batch.length > 0 && (batch.length >= perBatch || chars + size > MAX_BATCH_CHARS)) {
        send(batch);
        batch = [];
        chars = 0;
        if (inFlight >= maxInFlight) break;
      }
      batch.push(pending);
      chars += size;
      taken++;
    }
    if (batch.length > 0 && inFlight < maxInFlight) send(batch);
    else taken -= batch.length;
    waiting = waiting.slice(taken);
  };

  return {
    run: (task) =>
      new Promise((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(dispatch);
        }
      }),
    close: async () => {
      const left = waiting;
      waiting = [];
      for (const p of left) p.reject(new ServerError('VEIL_SERVER_CLOSING', 'the server is shutting down'));
      await pool.destroy();
    },
  };
}
