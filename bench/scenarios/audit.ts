/**
 * Audit log benchmark: appends per second (one thread awaiting each event, one thread batched,
 * four worker threads batched), search latency on a large chain (by user, by user and time range),
 * and verify() throughput. Correctness is checked before anything is timed.
 *
 *   npm run bench -- audit [--events 1000000] [--out DIR]
 *   node dist/bench/scenarios/audit.js --events 200000
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import type { AuditEventInput } from '../../src/security/audit/audit-event.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { machine, machineLine, resultsDir, writeReport } from '../report.js';

interface Stat {
  median: number;
  min: number;
  max: number;
  p95?: number;
  runs: number;
  unit: string;
}

function stat(values: number[], unit: string, withP95 = false): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    median: at(0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    ...(withP95 ? { p95: at(0.95) } : {}),
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

function parseArgs(argv: readonly string[]): { events: number; out: string } {
  let events = 1_000_000;
  let out = resultsDir();
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--events') events = Number(argv[++i]);
    else if (argv[i] === '--out') out = path.resolve(String(argv[++i]));
  }
  if (!Number.isSafeInteger(events) || events < 10_000)
    throw new Error('--events: expected an integer >= 10000');
  return { events, out };
}

/** Runs the scenario; writes `audit.json` and `audit.md` to the output folder. */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const { events: total, out } = parseArgs(argv);
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-audit-'));
  const hmacKey = new Uint8Array(randomBytes(32));
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  const results: Record<string, unknown> = {};
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

    // 3. Single thread, batched (one transaction per batch of 1000).
    const storePath = path.join(dir, 'main');
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const logger = new AuditLogger({
      store: openStore(storePath),
      hmacKey,
      signingKey,
      now: () => clock,
    });
    {
      const rates: number[] = [];
      const cpuRates: number[] = [];
      let written = 0;
      const batch = 1000;
      const roundSize = Math.min(100_000, Math.floor(total / 5));
      for (let round = 0; round < 5; round += 1) {
        const start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        for (let i = 0; i < roundSize; i += batch) {
          clock += HOUR / 100;
          await logger.logEvents(
            Array.from({ length: batch }, (_, k) => eventFor(written + i + k)),
          );
        }
        rates.push(roundSize / (Number(process.hrtime.bigint() - start) / 1e9));
        cpuRates.push(roundSize / cpuSeconds(cpu));
        written += roundSize;
      }
      results['appendBatchedPerSecond'] = stat(rates, 'events/s');
      results['appendBatchedPerCpuSecond'] = stat(cpuRates, 'events per CPU-second');
      // Fill up to the search size (timed as a whole, reported separately).
      const start = process.hrtime.bigint();
      while (written < total) {
        const n = Math.min(batch, total - written);
        clock += HOUR / 100;
        await logger.logEvents(Array.from({ length: n }, (_, k) => eventFor(written + k)));
        written += n;
      }
      results['fillSeconds'] = Number(process.hrtime.bigint() - start) / 1e9;
      check(logger.head().seq === total, `the chain holds ${total} events`);
    }

    // 4. Search latency on the full chain.
    {
      const byUser: number[] = [];
      const byUserTime: number[] = [];
      const byTypeTime: number[] = [];
      const first = Date.parse(logger.getEvent(1)!.time);
      const last = Date.parse(logger.getEvent(total)!.time);
      for (let q = 0; q < 200; q += 1) {
        const userId = `user-${(q * 37) % USERS}`;
        let start = process.hrtime.bigint();
        const page = logger.searchEvents({ userId, limit: 100 });
        byUser.push(Number(process.hrtime.bigint() - start) / 1e6);
        check(
          page.events.every((e) => e.userId === userId) && page.events.length > 0,
          'search by user',
        );

        const from = first + ((last - first) * ((q * 13) % 100)) / 100;
        const to = from + 24 * HOUR;
        start = process.hrtime.bigint();
        const ranged = logger.searchEvents({ userId, startTime: from, endTime: to, limit: 100 });
        byUserTime.push(Number(process.hrtime.bigint() - start) / 1e6);
        check(
          ranged.events.every((e) => Date.parse(e.time) >= from && Date.parse(e.time) <= to),
          'time range',
        );

        start = process.hrtime.bigint();
        logger.searchEvents({
          type: 'user_login',
          status: 'failure',
          startTime: from,
          endTime: to,
          limit: 100,
        });
        byTypeTime.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      results['searchByUserMs'] = stat(byUser, 'ms', true);
      const cpu = process.cpuUsage();
      for (let q = 0; q < 200; q += 1) {
        logger.searchEvents({ userId: `user-${(q * 41) % USERS}`, limit: 100 });
      }
      results['searchByUserCpuMsPerQuery'] = (cpuSeconds(cpu) * 1000) / 200;
      results['searchByUserAndTimeMs'] = stat(byUserTime, 'ms', true);
      results['searchByTypeStatusTimeMs'] = stat(byTypeTime, 'ms', true);
    }

    // 5. verify() throughput over the full chain.
    {
      const rates: number[] = [];
      const cpuRates: number[] = [];
      let records = 0;
      for (let round = 0; round < 2; round += 1) {
        const start = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        const report = await logger.verify();
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        check(report.ok, 'the full chain verifies');
        records = report.records;
        rates.push(report.bytes / 1e6 / seconds);
        cpuRates.push(report.bytes / 1e6 / cpuSeconds(cpu));
      }
      results['verifyMBPerSecond'] = stat(rates, 'MB/s (canonical bytes hashed)');
      results['verifyMBPerCpuSecond'] = stat(cpuRates, 'MB per CPU-second');
      results['verifyRecords'] = records;
    }
    await closeStore(storePath);

    // 6. Four worker threads appending to one chain, batched.
    {
      const threadsPath = path.join(dir, 'threads');
      const threads = 4;
      const perThread = Math.min(50_000, Math.floor(total / 20));
      const rates: number[] = [];
      for (let round = 0; round < 2; round += 1) {
        const start = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: threads }, (_, worker) =>
            runWorker({ storePath: threadsPath, hmacKey, worker, count: perThread, batch: 500 }),
          ),
        );
        rates.push((threads * perThread) / (Number(process.hrtime.bigint() - start) / 1e9));
      }
      const check4 = new AuditLogger({ store: openStore(threadsPath), hmacKey });
      const report = await check4.verify();
      check(
        report.ok && report.records === 2 * threads * perThread,
        'the 4-thread chain verifies, no gaps',
      );
      results['append4ThreadsBatchedPerSecond'] = stat(rates, 'events/s');
      await closeStore(threadsPath);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const m = machine();
  const report = {
    scenario: 'audit',
    events: total,
    machine: m,
    threads: { single: 1, multi: 4 },
    note:
      'measured on a shared machine under contention from other processes; ' +
      'CPU-second rows show the cost without the wait',
    date: new Date().toISOString(),
    results,
  };
  const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const rows = Object.entries(results).map(([name, v]) => {
    if (typeof v === 'number') return `| ${name} | ${f(v)} | | | | single value |`;
    const s = v as Stat;
    const p95 = s.p95 === undefined ? '' : f(s.p95);
    return `| ${name} | ${f(s.median)} | ${f(s.min)} | ${f(s.max)} | ${p95} | ${s.unit} |`;
  });
  const markdown = [
    `# Audit benchmark (${total.toLocaleString('en-US')} events)`,
    '',
    `${machineLine(m)} Threads: 1 and 4; ${report.note}.`,
    '',
    '| measure | median | min | max | p95 | unit |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
  writeReport('audit', report, markdown, out);
  process.stdout.write(markdown);
  return report;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
