/**
 * Cancellation across processes. BullMQ can abort only the jobs of the worker object it is asked
 * on, and a locked (active) job cannot be removed, so `veil jobs cancel` sets a flag in Redis that
 * every chunk checks before it starts and about once a second while it runs.
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'bullmq';

export type FlagReason = 'cancelled' | 'failed';

/** Flags outlive any run worth cancelling, then expire on their own. */
const FLAG_TTL_SECONDS = 7 * 24 * 3600;

function flagKey(prefix: string, runId: string): string {
  return `${prefix}:veil-cancel:${runId}`;
}

/** A small client for flags; one per process is plenty, callers close it with `close()`. */
export class CancelFlags {
  private readonly client: Redis;

  constructor(
    connection: RedisOptions,
    private readonly prefix: string,
  ) {
    this.client = new Redis({ ...connection, lazyConnect: true });
  }

  /**
   * Raises the flag. `cancelled`: a user asked (the run's files are removed); `failed`: a chunk
   * failed for good and its siblings should stop (files are kept for `veil jobs retry`).
   */
  async set(runId: string, reason: FlagReason = 'cancelled'): Promise<void> {
    await this.client.set(flagKey(this.prefix, runId), reason, 'EX', FLAG_TTL_SECONDS);
  }

  /** Why the flag is up, or undefined when it is not. */
  async reason(runId: string): Promise<FlagReason | undefined> {
    const value = await this.client.get(flagKey(this.prefix, runId));
    return value === 'cancelled' || value === 'failed' ? value : undefined;
  }

  async clear(runId: string): Promise<void> {
    await this.client.del(flagKey(this.prefix, runId));
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
