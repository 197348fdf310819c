/**
 * Queue benchmark: the same detect + anonymize run locally (one process, a Piscina pool) and
 * queued through a private Redis with 1 and 2 `veil worker` processes, then a chunk-size sweep
 * with 1 worker that shows where the queue's overhead comes from (per chunk: a job round trip, a
 * pipeline load and a worker-pool start; per run: the boundary pre-scan and the final
 * concatenation). Correctness first: a sample is run both ways and must match byte for byte.
 *
 *   npm run bench -- queue [--records 1000000] [--runs 1] [--threads 2]
 *                          [--chunk-sizes 8MiB,32MiB,128MiB] [--corpus FILE.ndjson] [--out DIR]
 *   node dist/bench/scenarios/queue.js --records 100000
 *
 * Redis is a private `redis-server` started on a free loopback port and stopped at the end; the
 * machine's own Redis is never used. Worker start-up is not timed (workers are long-lived
 * services); each queued time runs from `submit` (pre-scan included) to the output's rename.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipelineFromFile } from '../../src/engine/pipeline.js';
import { parseByteSize } from '../../src/engine/spec.js';
import { findPackageRoot } from '../../src/engine/pool.js';
import { parseRedisUrl } from '../../src/queue/connection.js';
import { startPrivateRedis } from '../../src/queue/private-redis.js';
import { waitForRun } from '../../src/queue/progress.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { openQueue } from '../../src/queue/worker.js';

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
}

function stat(values: number[], unit: string): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: values.length,
    unit,
  };
}

interface Options {
  records: number;
  runs: number;
  threads: number;
  chunkSizes: number[];
  corpus?: string;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    records: 1_000_000,
    runs: 1,
    threads: 2,
    chunkSizes: [8, 32, 128].map((m) => m * 1024 * 1024),
    out: path.resolve('out', 'bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = String(argv[i + 1]);
    if (flag === '--records') options.records = Number(value);
    else if (flag === '--runs') options.runs = Number(value);
    else if (flag === '--threads') options.threads = Number(value);
    else if (flag === '--chunk-sizes')
      options.chunkSizes = value.split(',').map((s) => parseByteSize(s.trim()));
    else if (flag === '--corpus') options.corpus = path.resolve(value);
    else if (flag === '--out') options.out = path.resolve(value);
    else continue;
    i++;
  }
  if (!Number.isSafeInteger(options.records) || options.records < 1000)
    throw new Error('--records: expected an integer >= 1000');
  if (!Number.isSafeInteger(options.runs) || options.runs < 1)
    throw new Error('--runs: expected a positive integer');
  if (!Number.isSafeInteger(options.threads) || options.threads < 1)
    throw new Error('--threads: expected a positive integer');
  return options;
}

// Seeded PRNG (mulberry32): the corpus is the same on every run.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Elif', 'Femi', 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Lovelace', 'Silva', 'Martin', 'Ivanov', 'Yilmaz', 'Adeyemi', 'Hopper', 'Tanaka'];
const ISSUES = [
  'cannot log in',
  'was charged twice',
  'wants a refund',
  'changed address',
  'lost the card',
];

/** A support ticket: personal data in named fields and inside free text. */
function ticket(i: number, next: () => number): Record<string, unknown> {
  const first = FIRST[Math.floor(next() * FIRST.length)] as string;
  const last = LAST[Math.floor(next() * LAST.length)] as string;
  const phone = `(555) ${100 + Math.floor(next() * 900)}-${1000 + Math.floor(next() * 9000)}`;
  const email = `${first.toLowerCase()}.${last.toLowerCase()}${i % 97}@example.com`;
  const issue = ISSUES[Math.floor(next() * ISSUES.length)] as string;
  return {
    id: `t-${i}`,
    customer: `${first} ${last}`,
    email,
    text: `${first} ${last} ${issue}; call back on ${phone} or write to ${email}. Ticket opened by agent ${Math.floor(next() * 50)}.`,
  };
}

async function writeCorpus(file: string, records: number): Promise<void> {
  const next = prng(42);
  const out = createWriteStream(file);
  for (let i = 0; i < records; i++) {
    if (!out.write(JSON.stringify(ticket(i, next)) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const PIPELINE = [
  'name: bench-queue',
  'input:',
  '  format: ndjson',
  'stages:',
  '  - type: detect',
  '    fields: [text]',
  '  - type: anonymize',
  '    fields: [text]',
  '',
].join('\n');

/** Starts a `veil worker` process and resolves once it logs that it is ready. */
async function startWorker(
  redisUrl: string,
  prefix: string,
  name: string,
  threads: number,
  children: ChildProcess[],
  extra: readonly string[] = [],
): Promise<void> {
  const bin = path.join(findPackageRoot(), 'bin', 'veil.js');
  const child = spawn(
    process.execPath,
    [
      bin,
      'worker',
      '--redis',
      redisUrl,
      '--prefix',
      prefix,
      '--name',
      name,
      '--queues',
      'pipelines',
      '--threads',
      String(threads),
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Registered before waiting, so a failure below still stops it.
  children.push(child);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      seen += text;
      if (seen.includes('"msg":"worker ready"')) resolve();
      // Keep only the tail: the ready line is the one we wait for, later lines are not needed.
      if (seen.length > 1 << 16) seen = seen.slice(-4096);
    });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
  });
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
}

let runCounter = 0;

/** Submits one queued run and waits for its output; returns the seconds it took. */
async function queuedRun(
  redisUrl: string,
  prefix: string,
  pipeline: string,
  input: string,
  dir: string,
  chunkBytes: number,
): Promise<{ seconds: number; output: string; chunks: number }> {
  const connection = parseRedisUrl(redisUrl).options;
  // A distinct output per run: the same output would be the same run id, which runs once.
  const output = path.join(dir, `queued-${runCounter++}.ndjson`);
  const started = performance.now();
  const submitted = await submitPipelineRun({
    connection,
    prefix,
    pipeline,
    input,
    output,
    chunkBytes,
  });
  const queue = openQueue('pipelines', connection, prefix);
  try {
    await waitForRun(queue, submitted.runId, { intervalMs: 100 });
  } finally {
    await queue.close();
  }
  return { seconds: (performance.now() - started) / 1000, output, chunks: submitted.chunks };
}

/** Runs the scenario; writes `queue.json` and `queue.md` to the output folder. */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseArgs(argv);
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-queue-'));
  const redis = await startPrivateRedis();
  const children: ChildProcess[] = [];
  // Interrupted (Ctrl-C, a time limit): stop the workers and the private Redis before leaving.
  const interrupt = (): void => {
    for (const child of children) child.kill('SIGKILL');
    void redis.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const pipelineFile = path.join(dir, 'pipeline.yaml');
    writeFileSync(pipelineFile, PIPELINE);
    const corpus = options.corpus ?? path.join(dir, 'corpus.ndjson');
    if (options.corpus === undefined) await writeCorpus(corpus, options.records);
    const corpusBytes = statSync(corpus).size;
    const local = await pipelineFromFile(pipelineFile);

    // Correctness before timing: a sample, local and queued in several chunks, byte for byte.
    const sample = path.join(dir, 'sample.ndjson');
    await writeCorpus(sample, 3000);
    const sampleLocal = path.join(dir, 'sample-local.ndjson');
    await local.run({ input: sample, output: sampleLocal, threads: options.threads });
    await startWorker(redis.url, 'bench1', 'solo', options.threads, children);
    const sampleQueued = await queuedRun(redis.url, 'bench1', pipelineFile, sample, dir, 64 * 1024);
    if (!readFileSync(sampleQueued.output).equals(readFileSync(sampleLocal))) {
      throw new Error(
        'queue benchmark: correctness check failed: queued sample differs from the local run',
      );
    }
    if (sampleQueued.chunks < 2)
      throw new Error('queue benchmark: the sample should span several chunks');

    const results: Record<string, Stat> = {};
    const mbps = (seconds: number): number => corpusBytes / 1e6 / seconds;
    const defaultChunk = options.chunkSizes[Math.floor(options.chunkSizes.length / 2)] as number;
    const mib = (bytes: number): string =>
      bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MiB` : `${Math.round(bytes / 1024)} KiB`;

    const localTimes: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const summary = await local.run({
        input: corpus,
        output: path.join(dir, 'local.ndjson'),
        threads: options.threads,
      });
      localTimes.push(summary.elapsedMs / 1000);
    }
    results[`local, ${options.threads} threads`] = stat(localTimes.map(mbps), 'MB/s');

    const oneWorker: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      oneWorker.push(
        (await queuedRun(redis.url, 'bench1', pipelineFile, corpus, dir, defaultChunk)).seconds,
      );
    }
    results[`queued, 1 worker x ${options.threads} threads, ${mib(defaultChunk)} chunks`] = stat(
      oneWorker.map(mbps),
      'MB/s',
    );

    const sweep: Record<string, number> = {};
    for (const chunkBytes of options.chunkSizes) {
      if (chunkBytes === defaultChunk) continue;
      const { seconds, chunks } = await queuedRun(
        redis.url,
        'bench1',
        pipelineFile,
        corpus,
        dir,
        chunkBytes,
      );
      results[
        `queued, 1 worker x ${options.threads} threads, ${mib(chunkBytes)} chunks (${chunks} chunks)`
      ] = stat([mbps(seconds)], 'MB/s');
      sweep[mib(chunkBytes)] = seconds;
    }
    sweep[mib(defaultChunk)] = stat(oneWorker, 's').median;
    await stopWorkers(children.splice(0));

    const perWorker = Math.max(1, Math.floor(options.threads / 2));
    await startWorker(redis.url, 'bench2', 'left', perWorker, children);
    await startWorker(redis.url, 'bench2', 'right', perWorker, children);
    const twoWorkers: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      twoWorkers.push(
        (await queuedRun(redis.url, 'bench2', pipelineFile, corpus, dir, defaultChunk)).seconds,
      );
    }
    results[`queued, 2 workers x ${perWorker} thread(s), ${mib(defaultChunk)} chunks`] = stat(
      twoWorkers.map(mbps),
      'MB/s',
    );
    await stopWorkers(children.splice(0));

    // One worker whose jobs run in child processes that stay loaded between chunks (no pool
    // start per chunk), one child per thread.
    await startWorker(redis.url, 'bench3', 'isolated', 0, children, [
      '--isolate',
      '--concurrency',
      String(options.threads),
    ]);
    const isolated: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      isolated.push(
        (await queuedRun(redis.url, 'bench3', pipelineFile, corpus, dir, defaultChunk)).seconds,
      );
    }
    results[
      `queued, 1 worker --isolate x ${options.threads} children (inline), ${mib(defaultChunk)} chunks`
    ] = stat(isolated.map(mbps), 'MB/s');
    await stopWorkers(children.splice(0));

    const overhead = stat(oneWorker, 's').median / stat(localTimes, 's').median - 1;
    const overheadIsolated = stat(isolated, 's').median / stat(localTimes, 's').median - 1;
    const report = {
      scenario: 'queue',
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      corpus: {
        records: options.records,
        bytes: corpusBytes,
        file: options.corpus ?? 'generated (seeded support tickets)',
      },
      pipeline: 'detect + anonymize (redact) on the text field',
      threads: options.threads,
      redis: 'private redis-server on a loopback port, persistence off',
      note: 'measured on a shared 2-core machine under load from other processes; compare rows within one run',
      date: new Date().toISOString(),
      overheadOneWorkerVsLocal: overhead,
      overheadIsolatedWorkerVsLocal: overheadIsolated,
      chunkSweepSeconds: sweep,
      results,
    };
    mkdirSync(options.out, { recursive: true });
    writeFileSync(path.join(options.out, 'queue.json'), JSON.stringify(report, null, 2) + '\n');
    const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
    const markdown = [
      `# Queue benchmark (${options.records.toLocaleString('en-US')} records, ${(corpusBytes / 1e6).toFixed(0)} MB, detect + anonymize)`,
      '',
      `Machine: ${report.machine.cpus} cores (${report.machine.model}), Node ${report.machine.node}; ${report.note}.`,
      '',
      '| run | median | min | max | unit |',
      '| --- | ---: | ---: | ---: | --- |',
      ...Object.entries(results).map(
        ([name, s]) => `| ${name} | ${f(s.median)} | ${f(s.min)} | ${f(s.max)} | ${s.unit} |`,
      ),
      '',
      `Queue overhead vs local (same cores, ${mib(defaultChunk)} chunks): 1 worker with a pool per chunk ` +
        `${(overhead * 100).toFixed(1)}%, 1 isolated worker ${(overheadIsolated * 100).toFixed(1)}%.`,
      '',
    ].join('\n');
    writeFileSync(path.join(options.out, 'queue.md'), markdown);
    process.stdout.write(markdown);
    return report;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await stopWorkers(children);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
