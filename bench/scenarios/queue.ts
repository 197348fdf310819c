/**
 * Queue benchmark: detect + anonymize over the seeded support-ticket corpus, run locally (one
 * process, a new Piscina pool, as `veil run` does; then again on a pool kept from an earlier run)
 * and queued through a private Redis with 1 and 2 `veil worker` processes (and 1 `--isolate`
 * worker), then a chunk-size sweep with 1 worker that shows where the queue's overhead comes
 * from (per chunk: a job round trip and a range run on the worker's kept pool; per run: the
 * boundary pre-scan and the final concatenation). Correctness first: a sample is run both ways
 * and must match byte for byte, and every timed queued output must equal the local output.
 *
 *   npm run bench -- queue [--records 1000000] [--runs 1] [--threads 2]
 *                          [--chunk-sizes 4MiB,16MiB,64MiB] [--no-isolate]
 *                          [--corpus FILE.ndjson] [--out DIR]
 *
 * Every row reports wall time and CPU time: the CPU of this process and of every process it
 * started (workers, their sandbox children, redis-server), read from /proc, so that a loaded
 * machine (which stretches wall time) still shows what the queue costs. Redis is a private
 * `redis-server` on a free loopback port, stopped at the end. Worker start-up is not timed
 * (workers are long-lived services); each queued time runs from `submit` (pre-scan included) to
 * the output's rename. Progress goes to stderr every few seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipelineFromFile } from '../../src/engine/pipeline.js';
import { PoolCache } from '../../src/engine/pool-cache.js';
import { parseByteSize } from '../../src/engine/spec.js';
import { findPackageRoot } from '../../src/engine/pool.js';
import { parseRedisUrl } from '../../src/queue/connection.js';
import { startPrivateRedis } from '../../src/queue/private-redis.js';
import { waitForRun } from '../../src/queue/progress.js';
import { submitPipelineRun } from '../../src/queue/submit.js';
import { openQueue } from '../../src/queue/worker.js';
import { ensureCorpus } from '../corpus/generate.js';
import { machine, machineLine, markdownTable, stats, writeReport, type Stats } from '../report.js';

interface Options {
  records: number;
  runs: number;
  threads: number;
  chunkSizes: number[];
  isolate: boolean;
  corpus: string | undefined;
  out: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    records: 1_000_000,
    runs: 1,
    threads: 2,
    chunkSizes: [4, 16, 64].map((m) => m * 1024 * 1024),
    isolate: true,
    corpus: undefined,
    out: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-isolate') {
      options.isolate = false;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--records') options.records = Number(value);
    else if (flag === '--runs') options.runs = Number(value);
    else if (flag === '--threads') options.threads = Number(value);
    else if (flag === '--chunk-sizes')
      options.chunkSizes = value.split(',').map((s) => parseByteSize(s.trim()));
    else if (flag === '--corpus') options.corpus = path.resolve(value);
    else if (flag === '--out') options.out = path.resolve(value);
    else throw new Error(`unknown option ${flag}`);
    i++;
  }
  if (!Number.isSafeInteger(options.records) || options.records < 1000)
    throw new Error('--records: expected an integer >= 1000');
  if (!Number.isSafeInteger(options.runs) || options.runs < 1)
    throw new Error('--runs: expected a positive integer');
  if (!Number.isSafeInteger(options.threads) || options.threads < 1)
    throw new Error('--threads: expected a positive integer');
  if (options.chunkSizes.length === 0) throw new Error('--chunk-sizes: expected at least one size');
  return options;
}

const PIPELINE = [
  'name: bench-queue',
  'input:',
  '  format: ndjson',
  'stages:',
  '  - type: detect',
  '    fields: [notes]',
  '  - type: anonymize',
  '    fields: [notes]',
  '',
].join('\n');

const TICKS_PER_SECOND = 100;

/** SHA-256 of a file, streamed: outputs are as large as the corpus (800 MB at 1M records). */
async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** CPU seconds by process group: this process (submit, waiting, local runs), workers, Redis. */
interface CpuParts {
  submitter: number;
  workers: number;
  redis: number;
}

const cpuTotal = (parts: CpuParts): number => parts.submitter + parts.workers + parts.redis;

/**
 * CPU seconds used so far by this process and every process below it (threads included; a reaped
 * child's time is in its parent's cutime/cstime, so it counts once). Linux /proc; elsewhere only
 * this process.
 */
function treeCpuSeconds(): CpuParts {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    const usage = process.cpuUsage();
    return { submitter: (usage.user + usage.system) / 1e6, workers: 0, redis: 0 };
  }
  const parent = new Map<number, number>();
  const ticks = new Map<number, { own: number; redis: boolean }>();
  for (const name of entries) {
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name (which may hold spaces) start at field 3, the state.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    const pid = Number(name);
    parent.set(pid, Number(fields[1]));
    // utime, stime, cutime, cstime: fields 14-17, i.e. 11-14 after the name.
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    ticks.set(pid, { own, redis: text.slice(text.indexOf('(') + 1, close) === 'redis-server' });
  }
  const parts: CpuParts = { submitter: 0, workers: 0, redis: 0 };
  for (const [pid, { own, redis }] of ticks) {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parent.get(at)) {
      if (at === process.pid) {
        const group = pid === process.pid ? 'submitter' : redis ? 'redis' : 'workers';
        parts[group] += own / TICKS_PER_SECOND;
        break;
      }
    }
  }
  return parts;
}

/** Wall and CPU seconds of `work`. */
async function measure<T>(
  work: () => Promise<T>,
): Promise<{ wall: number; cpu: number; parts: CpuParts; value: T }> {
  const before = treeCpuSeconds();
  const started = performance.now();
  const value = await work();
  const after = treeCpuSeconds();
  const parts: CpuParts = {
    submitter: after.submitter - before.submitter,
    workers: after.workers - before.workers,
    redis: after.redis - before.redis,
  };
  return { wall: (performance.now() - started) / 1000, cpu: cpuTotal(parts), parts, value };
}

/** Progress lines on stderr, at most one per `everyMs`. */
function progressLine(label: string, everyMs = 5000): (done: number, total: number) => void {
  const started = performance.now();
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (now - last < everyMs && done < total) return;
    last = now;
    const seconds = (now - started) / 1000;
    const share = total > 0 ? done / total : 0;
    const eta = share > 0.01 ? ` eta ${Math.round(seconds / share - seconds)} s` : '';
    process.stderr.write(
      `[queue bench] ${label}: ${(share * 100).toFixed(1)}% (${(done / 1e6).toFixed(0)}/` +
        `${(total / 1e6).toFixed(0)} MB) ${seconds.toFixed(0)} s${eta}\n`,
    );
  };
}

function note(text: string): void {
  process.stderr.write(`[queue bench] ${text}\n`);
}

interface WorkerProcess {
  child: ChildProcess;
  /** The last pool counters the worker logged (`job completed`). */
  pools: { created: number; reused: number };
}

/** Starts a `veil worker` process and resolves once it logs that it is ready. */
async function startWorker(
  redisUrl: string,
  prefix: string,
  name: string,
  threads: number,
  children: WorkerProcess[],
  extra: readonly string[] = [],
): Promise<WorkerProcess> {
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
  const worker: WorkerProcess = { child, pools: { created: 0, reused: 0 } };
  // Registered before waiting, so a failure below still stops it.
  children.push(worker);
  let pending = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"msg":"worker ready"')) resolve();
        const created = /"poolsCreated":(\d+),"poolsReused":(\d+)/.exec(line);
        if (created !== null) {
          worker.pools = { created: Number(created[1]), reused: Number(created[2]) };
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
  });
  return worker;
}

async function stopWorkers(children: WorkerProcess[]): Promise<void> {
  await Promise.all(
    children.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
}

let runCounter = 0;

/** Submits one queued run and waits for its output. */
async function queuedRun(
  redisUrl: string,
  prefix: string,
  pipeline: string,
  input: string,
  dir: string,
  chunkBytes: number,
  label: string,
): Promise<{ output: string; chunks: number }> {
  const connection = parseRedisUrl(redisUrl).options;
  // A distinct output per run: the same output would be the same run id, which runs once.
  const output = path.join(dir, `queued-${runCounter++}.ndjson`);
  const submitted = await submitPipelineRun({
    connection,
    prefix,
    pipeline,
    input,
    output,
    chunkBytes,
  });
  const queue = openQueue('pipelines', connection, prefix);
  const show = progressLine(`${label} (${submitted.chunks} chunks)`);
  try {
    await waitForRun(queue, submitted.runId, {
      // The submitter's own polling is measured too: once a second, as `veil submit --wait`.
      intervalMs: 1000,
      onProgress: (p) => show(p.bytesDone, p.bytesTotal),
    });
  } finally {
    await queue.close();
  }
  return { output, chunks: submitted.chunks };
}

interface Row {
  name: string;
  chunkBytes: number | undefined;
  chunks: number | undefined;
  wall: Stats;
  cpu: Stats;
  /** Wall and CPU against the local run (median over median), e.g. 0.05 = +5%. */
  wallOverhead: number | undefined;
  cpuOverhead: number | undefined;
  /** The same against a local run whose pool was already started: the queue's own cost. */
  wallVsWarmLocal: number | undefined;
  cpuVsWarmLocal: number | undefined;
  /** CPU seconds by process group, of the median-wall run. */
  cpuParts: CpuParts | undefined;
}

const mib = (bytes: number): string =>
  bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** Runs the scenario; writes `queue.json` and `queue.md` to `bench/results/` (or `--out`). */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseArgs(argv);
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-queue-'));
  const redis = await startPrivateRedis();
  const children: WorkerProcess[] = [];
  // Interrupted (Ctrl-C, a time limit): stop the workers and the private Redis before leaving.
  const interrupt = (): void => {
    for (const { child } of children) child.kill('SIGKILL');
    void redis.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const pipelineFile = path.join(dir, 'pipeline.yaml');
    writeFileSync(pipelineFile, PIPELINE);
    note(`corpus: ${options.corpus ?? `${options.records} seeded tickets (cached once made)`}`);
    const corpus = options.corpus ?? (await ensureCorpus('tickets', options.records)).file;
    const corpusBytes = statSync(corpus).size;
    const local = await pipelineFromFile(pipelineFile);
    const defaultChunk = options.chunkSizes[Math.floor(options.chunkSizes.length / 2)] as number;
    const expectedSeconds = Math.round(corpusBytes / 1.2e6 / options.threads);
    const fullRuns =
      options.runs * 4 + options.chunkSizes.length - 1 + (options.isolate ? options.runs : 0);
    note(
      `${(corpusBytes / 1e6).toFixed(0)} MB; ${fullRuns} full runs of roughly ` +
        `${expectedSeconds} s each on an idle machine (detect + anonymize ~1.2 MB per ` +
        `CPU-second, ${options.threads} threads)`,
    );

    // Correctness before timing: a sample, local and queued in several chunks, byte for byte.
    const sample = (await ensureCorpus('tickets', 2000)).file;
    const sampleLocal = path.join(dir, 'sample-local.ndjson');
    await local.run({ input: sample, output: sampleLocal, threads: options.threads });
    await startWorker(redis.url, 'bench1', 'solo', options.threads, children);
    const sampleQueued = await queuedRun(
      redis.url,
      'bench1',
      pipelineFile,
      sample,
      dir,
      128 * 1024,
      'correctness sample',
    );
    if (!readFileSync(sampleQueued.output).equals(readFileSync(sampleLocal))) {
      throw new Error(
        'queue benchmark: correctness check failed: queued sample differs from the local run',
      );
    }
    if (sampleQueued.chunks < 2)
      throw new Error('queue benchmark: the sample should span several chunks');
    rmSync(sampleQueued.output, { force: true });
    note('correctness: queued sample equals the local run byte for byte');

    const rows: Row[] = [];
    const localOutput = path.join(dir, 'local.ndjson');
    const localWall: number[] = [];
    const localCpu: number[] = [];
    const warm = async (prefix: string): Promise<void> => {
      // Workers are long-lived services: a first small run starts their pools before timing.
      const { output } = await queuedRun(
        redis.url,
        prefix,
        pipelineFile,
        sample,
        dir,
        128 * 1024,
        'warm-up',
      );
      rmSync(output, { force: true });
    };

    for (let r = 0; r < options.runs; r++) {
      const show = progressLine(`local run ${r + 1}/${options.runs}`);
      const { wall, cpu } = await measure(() =>
        local.run({
          input: corpus,
          output: localOutput,
          threads: options.threads,
          onProgress: (p) => show(p.bytesRead, corpusBytes),
        }),
      );
      localWall.push(wall);
      localCpu.push(cpu);
    }
    const localDigest = await fileDigest(localOutput);
    rmSync(localOutput, { force: true });
    const localWallMedian = stats(localWall).median;
    const localCpuMedian = stats(localCpu).median;
    rows.push({
      name: `local, ${options.threads} threads`,
      chunkBytes: undefined,
      chunks: undefined,
      wall: stats(localWall),
      cpu: stats(localCpu),
      wallOverhead: undefined,
      cpuOverhead: undefined,
      wallVsWarmLocal: undefined,
      cpuVsWarmLocal: undefined,
      cpuParts: undefined,
    });

    // Local again, on a pool kept from a first small run (`PoolCache`, as `veil worker` keeps
    // one): the difference to the row above is the pool start a local run pays.
    const localPools = new PoolCache();
    const warmWall: number[] = [];
    const warmCpu: number[] = [];
    try {
      const warmUp = path.join(dir, 'local-warm-up.ndjson');
      const pools = localPools;
      await local.run({ input: sample, output: warmUp, threads: options.threads, pools });
      rmSync(warmUp, { force: true });
      for (let r = 0; r < options.runs; r++) {
        const show = progressLine(`local run on a kept pool ${r + 1}/${options.runs}`);
        const { wall, cpu } = await measure(() =>
          local.run({
            input: corpus,
            output: localOutput,
            threads: options.threads,
            pools,
            onProgress: (p) => show(p.bytesRead, corpusBytes),
          }),
        );
        warmWall.push(wall);
        warmCpu.push(cpu);
        if ((await fileDigest(localOutput)) !== localDigest) {
          throw new Error('queue benchmark: a local run on a kept pool wrote other bytes');
        }
        rmSync(localOutput, { force: true });
      }
    } finally {
      await localPools.close();
    }
    const warmWallMedian = stats(warmWall).median;
    const warmCpuMedian = stats(warmCpu).median;
    rows.push({
      name: `local, ${options.threads} threads, pool kept from an earlier run`,
      chunkBytes: undefined,
      chunks: undefined,
      wall: stats(warmWall),
      cpu: stats(warmCpu),
      wallOverhead: warmWallMedian / localWallMedian - 1,
      cpuOverhead: warmCpuMedian / localCpuMedian - 1,
      wallVsWarmLocal: undefined,
      cpuVsWarmLocal: undefined,
      cpuParts: undefined,
    });

    const timeQueued = async (
      name: string,
      prefix: string,
      chunkBytes: number,
      runs: number,
    ): Promise<Row> => {
      // Workers are long-lived: their pools were started before (and an idle pool closes after
      // 5 minutes, which the local rows can exceed on a slow machine), so warm them first.
      await warm(prefix);
      const wall: number[] = [];
      const parts: CpuParts[] = [];
      const cpu: number[] = [];
      let chunks = 0;
      for (let r = 0; r < runs; r++) {
        const measured = await measure(() =>
          queuedRun(redis.url, prefix, pipelineFile, corpus, dir, chunkBytes, `${name} ${r + 1}`),
        );
        wall.push(measured.wall);
        cpu.push(measured.cpu);
        parts.push(measured.parts);
        chunks = measured.value.chunks;
        // Identity on the full corpus too: the queued output is the local run's.
        if ((await fileDigest(measured.value.output)) !== localDigest) {
          throw new Error(`queue benchmark: ${name}: output differs from the local run`);
        }
        rmSync(measured.value.output, { force: true });
      }
      const row: Row = {
        name,
        chunkBytes,
        chunks,
        wall: stats(wall),
        cpu: stats(cpu),
        wallOverhead: stats(wall).median / localWallMedian - 1,
        cpuOverhead: stats(cpu).median / localCpuMedian - 1,
        wallVsWarmLocal: stats(wall).median / warmWallMedian - 1,
        cpuVsWarmLocal: stats(cpu).median / warmCpuMedian - 1,
        cpuParts: parts[wall.indexOf(stats(wall).median)] ?? parts[0],
      };
      note(
        `${name}: ${row.wall.median.toFixed(1)} s wall (${pct(row.wallOverhead)}), ` +
          `${row.cpu.median.toFixed(1)} s CPU (${pct(row.cpuOverhead)}); against the warm ` +
          `local run ${pct(row.wallVsWarmLocal)} wall, ${pct(row.cpuVsWarmLocal)} CPU`,
      );
      return row;
    };

    // 1 worker with every thread; the correctness sample has started its pool, as it would have
    // in a running service.
    rows.push(
      await timeQueued(
        `queued, 1 worker x ${options.threads} threads`,
        'bench1',
        defaultChunk,
        options.runs,
      ),
    );
    for (const chunkBytes of options.chunkSizes) {
      if (chunkBytes === defaultChunk) continue;
      rows.push(
        await timeQueued(`queued, 1 worker x ${options.threads} threads`, 'bench1', chunkBytes, 1),
      );
    }
    const solo = children[0];
    const soloPools = solo === undefined ? undefined : { ...solo.pools };
    await stopWorkers(children.splice(0));

    const perWorker = Math.max(1, Math.floor(options.threads / 2));
    await startWorker(redis.url, 'bench2', 'left', perWorker, children);
    await startWorker(redis.url, 'bench2', 'right', perWorker, children);
    rows.push(
      await timeQueued(
        `queued, 2 workers x ${perWorker} thread(s)`,
        'bench2',
        defaultChunk,
        options.runs,
      ),
    );
    await stopWorkers(children.splice(0));

    if (options.isolate) {
      // One worker whose jobs run in child processes that stay loaded between chunks, one child
      // per thread, each running its chunk inline.
      await startWorker(redis.url, 'bench3', 'isolated', 0, children, [
        '--isolate',
        '--concurrency',
        String(options.threads),
      ]);
      rows.push(
        await timeQueued(
          `queued, 1 worker --isolate x ${options.threads} children (inline)`,
          'bench3',
          defaultChunk,
          options.runs,
        ),
      );
      await stopWorkers(children.splice(0));
    }

    const m = machine();
    const oneWorker = rows.find((r) => r.chunkBytes === defaultChunk);
    const report = {
      scenario: 'queue',
      machine: m,
      loadAverageAtStart: Math.round(loadBefore * 100) / 100,
      corpus: {
        records: options.corpus === undefined ? options.records : undefined,
        bytes: corpusBytes,
        file: options.corpus ?? 'bench/.cache (seeded support tickets, bench/corpus/generate.ts)',
      },
      pipeline: 'detect + anonymize (redact) on the notes field',
      threads: options.threads,
      defaultChunkBytes: defaultChunk,
      redis: 'private redis-server on a loopback port, persistence off',
      cpu: 'CPU seconds of this process and every process it started (workers, redis), /proc',
      date: new Date().toISOString(),
      overheadOneWorkerVsLocal: {
        wall: oneWorker?.wallOverhead,
        cpu: oneWorker?.cpuOverhead,
        wallVsWarmLocal: oneWorker?.wallVsWarmLocal,
        cpuVsWarmLocal: oneWorker?.cpuVsWarmLocal,
      },
      soloWorkerPools: soloPools,
      rows,
    };
    const markdown = [
      `# Queue benchmark (${(corpusBytes / 1e6).toFixed(0)} MB, ` +
        (options.corpus === undefined
          ? `${options.records.toLocaleString('en-US')} records, `
          : '') +
        'detect + anonymize)',
      '',
      machineLine(m) + ` Load average ${report.loadAverageAtStart} at start.`,
      '',
      markdownTable(
        [
          'run',
          'chunks',
          'wall s (min-max)',
          'MB/s',
          'CPU s',
          'wall vs local',
          'CPU vs local',
          'wall / CPU vs warm local',
          'CPU s: submitter / workers / redis',
        ],
        rows.map((row) => [
          row.name + (row.chunkBytes === undefined ? '' : `, ${mib(row.chunkBytes)} chunks`),
          row.chunks === undefined ? '-' : String(row.chunks),
          `${row.wall.median.toFixed(1)} (${row.wall.min.toFixed(1)}-${row.wall.max.toFixed(1)})`,
          (corpusBytes / 1e6 / row.wall.median).toFixed(2),
          row.cpu.median.toFixed(1),
          pct(row.wallOverhead),
          pct(row.cpuOverhead),
          row.wallVsWarmLocal === undefined
            ? '-'
            : `${pct(row.wallVsWarmLocal)} / ${pct(row.cpuVsWarmLocal)}`,
          row.cpuParts === undefined
            ? '-'
            : [row.cpuParts.submitter, row.cpuParts.workers, row.cpuParts.redis]
                .map((x) => x.toFixed(1))
                .join(' / '),
        ]),
      ),
      '',
      `Runs per row: ${options.runs} (sweep rows: 1). CPU: this process and every process it ` +
        'started (workers and their children, redis-server). The 1-worker pool counters at the ' +
        'end: ' +
        (soloPools === undefined
          ? 'n/a'
          : `${soloPools.created} pool(s) started, ${soloPools.reused} chunk runs on a kept pool`) +
        '.',
      '',
    ].join('\n');
    const written = writeReport('queue', report, markdown, options.out);
    process.stdout.write(markdown + `\nwritten: ${written.json}, ${written.markdown}\n`);
    return report;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await stopWorkers(children);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pct(x: number | undefined): string {
  return x === undefined ? '-' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
