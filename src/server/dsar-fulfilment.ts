/**
 * DSAR fulfilment for the HTTP server: queued for `veil worker` when a Redis URL is configured
 * (job id = request id, so a request never runs twice), otherwise run in the server process
 * before the response (small deployments without Redis).
 */
import { mkdir } from 'node:fs/promises';
import { UnrecoverableError, type Job } from 'bullmq';
import { DsarError } from '../errors/dsar-error.js';
import { enqueueFulfilment, handleFulfil, type FulfilJobData } from '../dsar/queue.js';
import { resolveRedisSettings } from '../queue/connection.js';
import type { DsarFulfilment } from './context.js';

export function createDsarFulfilment(options: {
  readonly storePath: string;
  /** Where access exports are written. */
  readonly outDir: string;
  readonly redisUrl?: string | undefined;
}): DsarFulfilment {
  return async (requestId, extra) => {
    await mkdir(options.outDir, { recursive: true, mode: 0o700 });
    if (options.redisUrl !== undefined && options.redisUrl !== '') {
      const settings = resolveRedisSettings({ flag: options.redisUrl });
      await enqueueFulfilment({ connection: settings.options, requestId, storePath: options.storePath, outDir: options.outDir, ...extra });
      return { mode: 'queued' };
    }
    const data: FulfilJobData = { requestId, storePath: options.storePath, outDir: options.outDir, baseDir: process.cwd(), ...extra };
    // The handler needs only the job's id, data and progress hook.
    const job = { id: requestId, data, updateProgress: async () => undefined } as unknown as Job;
    try {
      await handleFulfil(job);
    } catch (error) {
      // The handler's refusals (a dataset whose identifier field no record holds, say) are the
      // caller's to act on: a 400 with the handler's message, which names fields, never values.
      if (error instanceof UnrecoverableError) throw new DsarError('VEIL_DSAR_FULFIL', error.message);
      throw error;
    }
    return { mode: 'local' };
  };
}
