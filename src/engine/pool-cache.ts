/**
 * Worker pools kept between runs. A new pool costs each thread an import of the stage modules and
 * a chain build (detect's lexicons: about 0.5 s of CPU per thread), which a long-lived caller
 * running range after range of the same pipeline (a queue worker) would otherwise pay per range.
 *
 * Pools are keyed by everything a thread builds its chain from (the whole `WorkerSetup`: spec,
 * plans, settings, store path, secret references, stage modules) plus the thread count and a
 * caller-chosen scope (the queue uses the key fingerprint, so a rotated key never meets threads
 * that hold the old one). A different key is a different pool; the least recently used idle pools
 * beyond `maxPools` are closed, and so is any pool left idle for `idleMs`.
 */
import { createHash } from 'node:crypto';
import type { BatchResult, BatchTask } from './batch.js';
import { PoolExecutor, type BatchExecutor } from './pool.js';
import type { WorkerSetup } from './worker-setup.js';

/** Options of `PoolCache`. */
export interface PoolCacheOptions {
  /** Idle pools kept at most; default 1 (a new pipeline or pass closes the previous pool). */
  readonly maxPools?: number;
  /** An idle pool is closed after this many milliseconds; default 300 000. */
  readonly idleMs?: number;
  /** Makes executors; default `new PoolExecutor(setup, threads)`. Tests count them here. */
  readonly create?: (setup: WorkerSetup, threads: number) => BatchExecutor;
}

/** Counters for diagnostics and tests. */
export interface PoolCacheStats {
  /** Pools started since the cache was created. */
  readonly created: number;
  /** Runs served by a pool that an earlier run started. */
  readonly reused: number;
  /** Pools alive now. */
  readonly open: number;
}

interface Entry {
  readonly key: string;
  readonly executor: BatchExecutor;
  leases: number;
  lastUsed: number;
  /** A task failed on this pool: its threads may hold a broken chain, so it is not lent again. */
  broken: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** Lends worker pools to runs (`RunOptions.pools`); a lent executor's `close` returns it. */
export class PoolCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxPools: number;
  private readonly idleMs: number;
  private readonly create: (setup: WorkerSetup, threads: number) => BatchExecutor;
  private readonly closing = new Set<Promise<void>>();
  private created = 0;
  private reused = 0;
  private closed = false;

  constructor(options: PoolCacheOptions = {}) {
    this.maxPools = options.maxPools ?? 1;
    this.idleMs = options.idleMs ?? 300_000;
    if (!Number.isInteger(this.maxPools) || this.maxPools < 1) {
      throw new RangeError(`PoolCache: maxPools must be an integer >= 1, got ${this.maxPools}`);
    }
    if (!(this.idleMs > 0)) throw new RangeError(`PoolCache: idleMs must be > 0`);
    this.create = options.create ?? ((setup, threads) => new PoolExecutor(setup, threads));
  }

  /**
   * Lends the pool for `setup` (starting one when none fits). `scope` separates setups that are
   * equal as data but must not share threads (different keys behind the same reference).
   */
  acquire(setup: WorkerSetup, threads: number, scope = ''): BatchExecutor {
    if (this.closed) throw new RangeError('PoolCache: acquire after close');
    const key = createHash('sha256')
      .update(JSON.stringify([scope, threads, setup]))
      .digest('hex');

    let entry = this.entries.get(key);
    if (entry !== undefined && !entry.broken) this.reused++;
    else {
      entry = {
        key,
        executor: this.create(setup, threads),
        leases: 0,
        lastUsed: 0,
        broken: false,
        timer: undefined,
      };
      this.created++;
      this.entries.set(key, entry);
    }
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.leases++;
    this.evictIdle();
    return this.lease(entry);
  }

  /** A view bound to one scope, in the shape `RunOptions.pools` takes. */
  scoped(scope: string): { acquire(setup: WorkerSetup, threads: number): BatchExecutor } {
    return { acquire: (setup, threads) => this.acquire(setup, threads, scope) };
  }

  stats(): PoolCacheStats {
    return { created: this.created, reused: this.reused, open: this.entries.size };
  }

  /** Closes every pool, lent or not (runs still using one fail); later `acquire`s throw. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of [...this.entries.values()]) this.discard(entry);
    await Promise.all([...this.closing]);
  }

  private lease(entry: Entry): BatchExecutor {
    let returned = false;
    return {
      run: async (task: BatchTask): Promise<BatchResult> => {
        try {
          return await entry.executor.run(task);
        } catch (error) {
          entry.broken = true;
          throw error;
        }
      },
      close: async (): Promise<void> => {
        if (returned) return;
        returned = true;
        entry.leases--;
        entry.lastUsed = performance.now();
        if (entry.leases > 0) return;
        if (entry.broken || this.entries.get(entry.key) !== entry) this.discard(entry);
        else {
          entry.timer = setTimeout(() => this.discard(entry), this.idleMs);
          // An idle pool must not keep the process alive.
          entry.timer.unref();
          this.evictIdle();
        }
        await Promise.all([...this.closing]);
      },
    };
  }

  /** Closes least recently used idle pools until at most `maxPools` pools are open. */
  private evictIdle(): void {
    const idle = [...this.entries.values()]
      .filter((entry) => entry.leases === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of idle) {
      if (this.entries.size <= this.maxPools) break;
      this.discard(entry);
    }
  }

  private discard(entry: Entry): void {
    clearTimeout(entry.timer);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    const closing = entry.executor.close().catch(() => undefined);
    this.closing.add(closing);
    void closing.finally(() => this.closing.delete(closing));
  }
}
