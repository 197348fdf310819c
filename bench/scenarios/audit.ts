/**
 * Audit log benchmark: appends per second (one thread awaiting each event, one thread batched,
 * four worker threads batched), search latency on a large chain (by user, by user and time range,
 * a second page through the cursor, by type + status + time), and verify() throughput.
 * Correctness is checked before anything is timed.
 *
 * The large chain (1,000,000 events by default, over 1,000 users and 400 days) is built once and
 * kept in `bench/.cache/` with its bench-only keys, so later runs go straight to the searches;
 * `--rebuild` builds it again.
 *
 *   npm run bench -- audit [--events 1000000] [--queries 1000] [--rebuild] [--out DIR]
 *   node dist/bench/scenarios/audit.js --events 200000
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AuditLogger, type AuditSearchQuery } from '../../src/security/audit/audit-logger.js';
import type { AuditEventInput } from '../../src/security/audit/audit-event.js';
import { findPackageRoot } from '../../src/engine/package-root.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { machine, machineLine, resultsDir, writeReport } from '../report.js';

interface Stat {
  median: number;
  min: number;
  max: number;
  p95?: number;
  p99?: number;
  runs: number;
  unit: string;
}

function stat(values: number[], unit: string, withTail = false): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    median: at(0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    ...(withTail ? { p95: at(0.95), p99: at(0.99) } : {}),
    runs: values.length,
    unit,
  };
}

/**
 * CPU seconds this process used since `since` (all its threads). On a shared machine the wall
 * clock measures the contention as much as the code; CPU time shows what the code costs.
 */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`audit benchmark: correctness check failed: ${what}`);
}

const USERS = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPAN_DAYS = 400;
const FILL_BATCH = 1000;
// Bump when the store layout or the generated events change, so an old cache is not reused.
const CACHE_LAYOUT = 'v2';

function eventFor(i: number): AuditEventInput {
  return {
    type: i % 3 === 0 ? 'data_access' : i % 3 === 1 ? 'data_modification' : 'user_login',
    userId: `user-${i % USERS}`,
    resource: `dataset-${i % 17}`,
    status: i % 11 === 0 ? 'failure' : 'success',
    details: { row: i, note: 'benchmark event' },
  };
}

function runWorker(data: Record<string, unknown>): Promise<void> {
  const file = fileURLToPath(new URL('./audit-append-worker.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: data });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
    );
  });
}

interface Args {
  events: number;
  queries: number;
  rebuild: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { events: 1_000_000, queries: 1000, rebuild: false, out: resultsDir() };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--events') args.events = Number(argv[++i]);
    else if (argv[i] === '--queries') args.queries = Number(argv[++i]);
    else if (argv[i] === '--rebuild') args.rebuild = true;
    else if (argv[i] === '--out') args.out = path.resolve(String(argv[++i]));
  }
  if (!Number.isSafeInteger(args.events) || args.events < 10_000 || args.events % FILL_BATCH !== 0)
    throw new Error('--events: expected a multiple of 1000, at least 10000');
  if (!Number.isSafeInteger(args.queries) || args.queries < 10)
    throw new Error('--queries: expected an integer >= 10');
  return args;
}

interface LargeChain {
  logger: AuditLogger;
  storePath: string;
  source: 'built' | 'cache';
  build?: { seconds: number; cpuSeconds: number; eventsPerSecond: number };
}

/**
 * Opens the cached large chain, or builds it: `total` events in batches of 1000, the clock
 * stepping so the chain spans 400 days. Its keys are random, bench-only, and kept beside it.
 */
async function largeChain(total: number, rebuild: boolean): Promise<LargeChain> {
  const dir = path.join(findPackageRoot(), 'bench', '.cache', `audit-${CACHE_LAYOUT}-${total}`);
  const storePath = path.join(dir, 'store');
  const keysFile = path.join(dir, 'bench-keys.json');
  const doneFile = path.join(dir, 'complete.json');
  if (!rebuild && existsSync(doneFile) && existsSync(keysFile)) {
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as { hmac: string; signing: string };
    const logger = new AuditLogger({
      store: openStore(storePath),
      hmacKey: new Uint8Array(Buffer.from(keys.hmac, 'hex')),
      signingKey: createPrivateKey(keys.signing),
    });
    if (logger.head().seq === total) return { logger, storePath, source: 'cache' };
    await closeStore(storePath);
  }

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hmacKey = new Uint8Array(randomBytes(32));
  const signingKey: KeyObject = generateKeyPairSync('ed25519').privateKey;
  writeFileSync(
    keysFile,
    JSON.stringify({
      note: 'random keys of the benchmark chain only',
      hmac: Buffer.from(hmacKey).toString('hex'),
      signing: signingKey.export({ format: 'pem', type: 'pkcs8' }),
    }),
    { mode: 0o600 },
  );
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const step = Math.floor((SPAN_DAYS * DAY) / (total / FILL_BATCH));
  const logger = new AuditLogger({
    store: openStore(storePath),
    hmacKey,
    signingKey,
    now: () => clock,
  });
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let written = 0; written < total; written += FILL_BATCH) {
    clock += step;
    await logger.logEvents(Array.from({ length: FILL_BATCH }, (_, k) => eventFor(written + k)));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuUsed = cpuSeconds(cpu);
  check(logger.head().seq === total, `the chain holds ${total} events`);
  writeFileSync(doneFile, JSON.stringify({ events: total, date: new Date().toISOString() }));
  return {
    logger,
    storePath,
    source: 'built',
    build: { seconds, cpuSeconds: cpuUsed, eventsPerSecond: total / seconds },
  };
}

interface Shape {
  name: string;
  query(q: number): AuditSearchQuery;
  /** Checks one page of results against the query. */
  check(q: number, events: ReturnType<AuditLogger['searchEvents']>['events']): boolean;
}

function searchShapes(logger: AuditLogger, total: number): Shape[] {
  const first = Date.parse(logger.getEvent(1)!.time);
  const last = Date.parse(logger.getEvent(total)!.time);
  const user = (q: number): string => `user-${(q * 37) % USERS}`;
  const from = (q: number): number => first + Math.floor(((last - first) * ((q * 13) % 97)) / 97);
  const perUser = total / USERS;
  const cursors = new Map<number, string>();
  const inRange = (q: number, span: number) => (e: { time: string; userId: string | null }) =>
    e.userId === user(q) && Date.parse(e.time) >= from(q) && Date.parse(e.time) <= from(q) + span;
  const shapes: Shape[] = [
    {
      name: 'byUser',
      query: (q) => ({ userId: user(q), limit: 100 }),
      check: (q, events) =>
        events.length === Math.min(100, perUser) && events.every((e) => e.userId === user(q)),
    },
    {
      name: 'byUserSecondPage',
      query: (q) => {
        let cursor = cursors.get(q % USERS);
        if (cursor === undefined) {
          cursor = logger.searchEvents({ userId: user(q), limit: 100 }).nextCursor!;
          cursors.set(q % USERS, cursor);
        }
        return { userId: user(q), limit: 100, cursor };
      },
      check: (q, events) =>
        events.length === Math.min(100, perUser - 100) && events.every((e) => e.userId === user(q)),
    },
    {
      name: 'byUserAnd24Hours',
      query: (q) => ({ userId: user(q), startTime: from(q), endTime: from(q) + DAY, limit: 100 }),
      check: (q, events) => events.every(inRange(q, DAY)),
    },
    {
      name: 'byUserAnd30Days',
      query: (q) => ({
        userId: user(q),
        startTime: from(q),
        endTime: from(q) + 30 * DAY,
        limit: 100,
      }),
      check: (q, events) => events.length > 0 && events.every(inRange(q, 30 * DAY)),
    },
    {
      name: 'byTypeStatusAnd24Hours',
      query: (q) => ({
        type: 'user_login',
        status: 'failure',
        startTime: from(q),
        endTime: from(q) + DAY,
        limit: 100,
      }),
      check: (_q, events) =>
        events.every((e) => e.type === 'user_login' && e.status === 'failure'),
    },
  ];
  // A second page exists only when a user has more than one page of events.
  return perUser > 100 ? shapes : shapes.filter((shape) => shape.name !== 'byUserSecondPage');
}

/**
 * Runs every shape `count` times; returns per-shape wall-clock latencies and CPU time of each
 * query (ms). On a loaded machine the wall-clock tail is mostly time spent descheduled; the CPU
 * time per query is what the search itself costs.
 */
function runSearches(
  logger: AuditLogger,
  shapes: readonly Shape[],
  count: number,
  offset: number,
): Record<string, { ms: number[]; cpuMs: number[] }> {
  const out: Record<string, { ms: number[]; cpuMs: number[] }> = {};
  for (const shape of shapes) {
    const ms: number[] = [];
    const cpuMs: number[] = [];
    const queries = Array.from({ length: count }, (_, q) => shape.query(q + offset));
    for (let q = 0; q < count; q += 1) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const page = logger.searchEvents(queries[q]!);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      cpuMs.push(cpuSeconds(cpu) * 1000);
      check(shape.check(q + offset, page.events), `search ${shape.name} #${q + offset}`);
    }
    out[shape.name] = { ms, cpuMs };
  }
  return out;
}

/** Runs the scenario; writes `audit.json` and `audit.md` to the output folder. */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const { events: total, queries, rebuild, out } = parseArgs(argv);
  const started = process.hrtime.bigint();
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-audit-'));
  const hmacKey = new Uint8Array(randomBytes(32));
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const results: Record<string, unknown> = {};
  const conditions: Record<string, unknown> = {};
  try {
    // 1. Correctness before timing.
    {
      const storePath = path.join(dir, 'check');
      const logger = new AuditLogger({ store: openStore(storePath), hmacKey, signingKey });
      await logger.logEvents(Array.from({ length: 2000 }, (_, i) => eventFor(i)));
      const report = await logger.verify();
      check(report.ok && report.records === 2000, 'a fresh chain of 2000 verifies');
      const found = logger.searchEvents({ userId: 'user-7', limit: 1000 }).events;
      check(
        found.length === 2 && found.every((e) => e.userId === 'user-7'),
        'search by user finds exactly its events',
      );
      await logger.events.put(5, { ...logger.getEvent(5)!, details: { row: -1 } });
      check(!(await logger.verify()).ok, 'an edited record is detected');
      await closeStore(storePath);
    }

    // 2. Single thread, awaiting each append (one commit per event).
    {
      const storePath = path.join(dir, 'single');
      const logger = new AuditLogger({ store: openStore(storePath), hmacKey, checkpointEvery: 0 });
      const rates: number[] = [];
      for (let round = 0; round < 3; round += 1) {
        const n = 300;
        const start = process.hrtime.bigint();
        for (let i = 0; i < n; i += 1) await logger.logEvent(eventFor(i));
        rates.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
      }
      results['appendAwaitedPerSecond'] = stat(rates, 'events/s');
      await closeStore(storePath);
    }

    // 3. Single thread, batched (one transaction per batch of 1000), on a fresh chain.
    {
      const storePath = path.join(dir, 'batched');
      let clock = Date.parse('2025-01-01T00:00:00Z');
      const logger = new AuditLogger({
        store: openStore(storePath),
        hmacKey,
        signingKey,
        now: () => clock,
      });
      const rates: number[] = [];
      const cpuRates: number[] = [];
      const roundSize = 50_000;
      let written = 0;
      for (let round = 0; round < 5; round += 1) {
        const start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        for (let i = 0; i < roundSize; i += FILL_BATCH) {
          clock += HOUR / 100;
          await logger.logEvents(
            Array.from({ length: FILL_BATCH }, (_, k) => eventFor(written + i + k)),
          );
        }
        rates.push(roundSize / (Number(process.hrtime.bigint() - start) / 1e9));
        cpuRates.push(roundSize / cpuSeconds(cpu));
        written += roundSize;
      }
      check((await logger.verify()).ok, 'the batched chain verifies');
      results['appendBatchedPerSecond'] = stat(rates, 'events/s');
      results['appendBatchedPerCpuSecond'] = stat(cpuRates, 'events per CPU-second');
      await closeStore(storePath);
    }

    // 4. Four worker threads appending to one chain, batched.
    {
      const threadsPath = path.join(dir, 'threads');
      const threads = 4;
      const perThread = 25_000;
      const rates: number[] = [];
      const cpuRates: number[] = [];
      for (let round = 0; round < 2; round += 1) {
        const start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        await Promise.all(
          Array.from({ length: threads }, (_, worker) =>
            runWorker({ storePath: threadsPath, hmacKey, worker, count: perThread, batch: 500 }),
          ),
        );
        rates.push((threads * perThread) / (Number(process.hrtime.bigint() - start) / 1e9));
        cpuRates.push((threads * perThread) / cpuSeconds(cpu));
      }
      const check4 = new AuditLogger({ store: openStore(threadsPath), hmacKey });
      const report = await check4.verify();
      check(
        report.ok && report.records === 2 * threads * perThread,
        'the 4-thread chain verifies, no gaps',
      );
      results['append4ThreadsBatchedPerSecond'] = stat(rates, 'events/s');
      results['append4ThreadsBatchedPerCpuSecond'] = stat(cpuRates, 'events per CPU-second');
      await closeStore(threadsPath);
    }

    // 5. The large chain: cached, or built now (its build time is reported).
    const chain = await largeChain(total, rebuild);
    const { logger } = chain;
    conditions['largeChain'] = { source: chain.source, ...chain.build };

    // 6. Search latency. The first pass runs right after opening (process-cold: lmdb-js and V8
    // warm up, and pages of a cached store may still be on disk); the measured pass follows it.
    {
      const shapes = searchShapes(logger, total);
      const coldCount = Math.min(200, queries);
      const cold = runSearches(logger, shapes, coldCount, 0);
      let gcCount = 0;
      let gcMs = 0;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          gcCount += 1;
          gcMs += entry.duration;
        }
      });
      observer.observe({ entryTypes: ['gc'] });
      const warm = runSearches(logger, shapes, queries, coldCount);
      // GC entries are delivered asynchronously.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      for (const shape of shapes) {
        results[`search_${shape.name}_warmMs`] = stat(warm[shape.name]!.ms, 'ms', true);
        results[`search_${shape.name}_warmCpuMs`] = stat(warm[shape.name]!.cpuMs, 'CPU-ms', true);
        results[`search_${shape.name}_firstPassMs`] = stat(cold[shape.name]!.ms, 'ms', true);
      }
      conditions['search'] = {
        warm: true,
        warmUpQueriesPerShape: coldCount,
        measuredQueriesPerShape: queries,
        garbageCollectionsDuringMeasuredPass: gcCount,
        garbageCollectionMsDuringMeasuredPass: Math.round(gcMs * 10) / 10,
      };
    }

    // 7. verify() throughput over the large chain.
    {
      const start = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const report = await logger.verify();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      check(report.ok && report.records === total, 'the large chain verifies');
      results['verifyMBPerSecond'] = stat([report.bytes / 1e6 / seconds], 'MB/s (canonical)');
      results['verifyMBPerCpuSecond'] = stat([report.bytes / 1e6 / cpuSeconds(cpu)], 'MB/CPU-s');
      results['verifyRecordsPerCpuSecond'] = stat(
        [report.records / cpuSeconds(cpu)],
        'records/CPU-s',
      );
    }
    await closeStore(chain.storePath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const m = machine();
  const report = {
    scenario: 'audit',
    events: total,
    machine: m,
    threads: { single: 1, multi: 4 },
    conditions,
    durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    note:
      'wall-clock rows depend on machine load (see loadAverage); CPU-second rows are this ' +
      "process's own CPU time (all threads)",
    date: new Date().toISOString(),
    results,
  };
  const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const rows = Object.entries(results).map(([name, v]) => {
    if (typeof v === 'number') return `| ${name} | ${f(v)} | | | | | | single value |`;
    const s = v as Stat;
    const tail = (x: number | undefined): string => (x === undefined ? '' : f(x));
    const cells = [f(s.median), tail(s.p95), tail(s.p99), f(s.min), f(s.max), s.runs, s.unit];
    return `| ${name} | ${cells.join(' | ')} |`;
  });
  const markdown = [
    `# Audit benchmark (${total.toLocaleString('en-US')} events)`,
    '',
    `${machineLine(m)} Threads: 1 and 4; ${report.note}.`,
    '',
    `Large chain: ${chainLine(conditions)}. Searches: ${searchLine(conditions)}.`,
    `Run took ${report.durationSeconds.toFixed(0)} s.`,
    '',
    '| measure | median | p95 | p99 | min | max | runs | unit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
  writeReport('audit', report, markdown, out);
  process.stdout.write(markdown);
  return report;
}

function chainLine(conditions: Record<string, unknown>): string {
  const c = conditions['largeChain'] as { source: string; seconds?: number; cpuSeconds?: number };
  return c.source === 'cache'
    ? 'opened from bench/.cache'
    : `built in ${c.seconds?.toFixed(0)} s (${c.cpuSeconds?.toFixed(0)} CPU-s), ` +
        'cached in bench/.cache';
}

function searchLine(conditions: Record<string, unknown>): string {
  const s = conditions['search'] as Record<string, number>;
  return (
    `warm (after ${s['warmUpQueriesPerShape']} first-pass queries per shape), ` +
    `${s['measuredQueriesPerShape']} measured queries per shape, ` +
    `${s['garbageCollectionsDuringMeasuredPass']} GCs ` +
    `(${s['garbageCollectionMsDuringMeasuredPass']} ms) during them`
  );
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
