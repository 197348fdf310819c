/**
 * Data-subject request fulfilment as BullMQ jobs on the `dsar` queue. The job id is the request
 * id, so a request is never queued (or run) twice; the job data holds the request id and paths,
 * never the subject's identifiers, which stay in the LMDB store.
 *
 * A retried job (a worker killed mid-erasure, say) starts again from the request's stored state:
 * datasets already rewritten no longer contain the subject and are left untouched, and each
 * rewrite is atomic (temporary file, then rename), so every dataset is either untouched or fully
 * rewritten whatever moment the worker died at.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, type Job, type RedisOptions } from 'bullmq';
import { z } from 'zod';
import { DsarError } from '../errors/dsar-error.js';
import { writeFileReplacing } from '../io/replace-file.js';
import { registerJobHandler } from '../queue/handlers.js';
import { DEFAULT_PREFIX } from '../queue/names.js';
import { openQueue } from '../queue/worker.js';
import { openStore } from '../store/environment.js';
import { DatasetRegistry } from './dataset-registry.js';
import { DsarManager, type DsarAuditSink } from './dsar-manager.js';
import { exportSubjectData, rewriteSubjectData, type DatasetOutcome } from './fulfil.js';
import { fulfilmentKind, unusableIdentifier } from './request.js';

export const JOB_FULFIL = 'fulfil';

const fulfilJobSchema = z.strictObject({
  requestId: z.string().uuid(),
  storePath: z.string().min(1),
  /** Where access exports are written (storage the requester's delivery channel can reach). */
  outDir: z.string().min(1),
  /** Base64url X25519 public key of the requester, for access exports (not a secret). */
  recipientPublicKey: z.string().optional(),
  /** Directory against which relative key files of the registry resolve. */
  baseDir: z.string().min(1),
});
export type FulfilJobData = z.infer<typeof fulfilJobSchema>;

export interface EnqueueFulfilmentOptions {
  readonly connection: RedisOptions;
  readonly prefix?: string;
  readonly requestId: string;
  readonly storePath: string;
  readonly outDir: string;
  readonly recipientPublicKey?: string;
  readonly attempts?: number;
  readonly backoffMs?: number;
}

/**
 * Queues fulfilment of a verified request. Adding the same request twice returns the existing
 * job: BullMQ ignores an add whose job id already exists.
 */
export async function enqueueFulfilment(options: EnqueueFulfilmentOptions): Promise<{ jobId: string }> {
  const data: FulfilJobData = {
    requestId: options.requestId,
    storePath: path.resolve(options.storePath),
    outDir: path.resolve(options.outDir),
    baseDir: process.cwd(),
    ...(options.recipientPublicKey === undefined ? {} : { recipientPublicKey: options.recipientPublicKey }),
  };
  fulfilJobSchema.parse(data);
  const queue = openQueue('dsar', options.connection, options.prefix ?? DEFAULT_PREFIX);
  try {
    // A failed job (say, a registry error fixed since) would make the add a silent no-op; the
    // request's stored state, not the job, keeps a completed request from being fulfilled again.
    const existing = await queue.getJob(options.requestId);
    if (existing !== undefined && existing !== null && (await existing.getState()) === 'failed') {
      await existing.remove();
    }
    await queue.add(JOB_FULFIL, data, {
      jobId: options.requestId,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
      removeOnComplete: false,
      removeOnFail: false,
    });
  } finally {
    await queue.close();
  }
  return { jobId: options.requestId };
}

async function auditSink(store: ReturnType<typeof openStore>): Promise<DsarAuditSink | undefined> {
  // The audit log needs its HMAC key from the environment; a worker without it still fulfils,
  // and says so in its log, rather than inventing a key.
  if (process.env['VEIL_AUDIT_HMAC_KEY'] === undefined && process.env['VEIL_AUDIT_HMAC_KEY_FILE'] === undefined) return undefined;
  const { AuditLogger } = await import('../security/audit/audit-logger.js');
  return AuditLogger.fromEnvironment({ store }) as unknown as DsarAuditSink;
}

/** The `dsar/fulfil` handler that `veil worker` runs. */
export async function handleFulfil(job: Job): Promise<Record<string, unknown>> {
  const parsed = fulfilJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`dsar job ${job.id ?? '?'}: job data does not match the fulfil schema`);
  const data = parsed.data;
  const store = openStore(data.storePath);
  const audit = await auditSink(store);
  const dsar = new DsarManager(audit === undefined ? { store } : { store, audit });
  const registry = new DatasetRegistry({ store });

  let request = dsar.getRequest(data.requestId);
  const unusable = unusableIdentifier(request.identifiers);
  if (unusable !== undefined) {
    // Retrying cannot help: the request must be denied or filed again with a usable identifier.
    throw new UnrecoverableError(`dsar request ${request.id}: identifiers.${unusable.name}: ${unusable.problem}; nothing was fulfilled`);
  }
  if (request.state === 'verified' || request.state === 'extended') request = await dsar.startProcessing(request.id, 'veil-worker');
  else if (request.state !== 'in_progress') {
    throw new UnrecoverableError(`dsar request ${request.id} is ${request.state}: only verified requests are fulfilled`);
  }

  const datasets = registry.list();
  const onDataset = async (done: number): Promise<void> => {
    await dsar.recordProgress(request.id, { datasetsDone: done, datasetsTotal: datasets.length });
    await job.updateProgress({ datasetsDone: done, datasetsTotal: datasets.length });
  };

  // A dataset none of whose records holds an identifier field as a string or number cannot
  // show whether the subject is there: the request is not reported complete. It stays in
  // progress, and is fulfilled again once the registry names the right field (datasets already
  // done are left as they are).
  const unproven = (outcomes: readonly DatasetOutcome[]): string | undefined => {
    const flagged = outcomes.filter((o) => o.absentFields.length > 0);
    if (flagged.length === 0) return undefined;
    const named = flagged.map(
      (o) =>
        `dataset ${o.dataset}: no record holds the identifier field ` +
        `${o.absentFields.map((f) => `'${f}'`).join(', ')} as a string or number`,
    );
    return (
      `dsar request ${request.id} is not complete: ${named.join('; ')}; the subject could not be looked for there. ` +
      'Correct the dataset with `veil dsar datasets add` and fulfil the request again'
    );
  };

  const kind = fulfilmentKind(request.requestType);
  let summary: Record<string, unknown>;
  if (kind === 'export') {
    const result = await exportSubjectData(datasets, request, {
      outDir: data.outDir,
      baseDir: data.baseDir,
      onDataset,
      ...(data.recipientPublicKey === undefined ? {} : { recipientPublicKey: data.recipientPublicKey }),
    });
    const flagged = unproven(result.outcomes);
    if (flagged !== undefined) {
      // An export missing a dataset's records is not delivered.
      await rm(result.file, { force: true });
      throw new UnrecoverableError(flagged);
    }
    if (result.oneTimePassword !== undefined) {
      // The password goes to a file only its owner reads, for the operator to deliver; never to
      // Redis, the audit log or the worker's log.
      // An export whose password could not be written cannot be opened: it is removed, and the
      // request stays in progress for a second fulfilment.
      try {
        await writeFileReplacing(`${result.file}.password`, `${result.oneTimePassword}\n`, {
          role: 'DSAR export password file',
          mode: 0o600,
        });
      } catch (error) {
        await rm(result.file, { force: true });
        throw error;
      }
    }
    summary = { export: path.basename(result.file), datasets: result.outcomes.map((o) => ({ dataset: o.dataset, records: o.matched })) };
  } else if (kind === 'erase' || kind === 'patch') {
    const outcomes = await rewriteSubjectData(datasets, request, { baseDir: data.baseDir, onDataset });
    const flagged = unproven(outcomes);
    if (flagged !== undefined) throw new UnrecoverableError(flagged);
    summary = { [kind === 'erase' ? 'erased' : 'rectified']: outcomes.map((o) => ({ dataset: o.dataset, records: o.matched })) };
  } else {
    summary = { recorded: request.requestType };
  }

  try {
    await dsar.complete(request.id, summary, 'veil-worker');
  } catch (error) {
    if (error instanceof DsarError && error.code === 'VEIL_DSAR_TRANSITION') throw new UnrecoverableError(error.message);
    throw error;
  }
  return summary;
}

registerJobHandler('dsar', JOB_FULFIL, handleFulfil);
