/**
 * Engine benchmark: NDJSON pass-through (parse + serialize, no stage) through the engine at 0, 1
 * and 2 worker threads, against a bare single-threaded `JSON.parse` + `JSON.stringify` loop
 * measured in the same run, and the peak RSS of a 2-thread run over the 1M-record corpus.
 *
 *   npm run bench -- engine [--records 100000] [--rss-records 1000000] [--runs 3]
 *                           [--threads 0,1,2] [--batch 512KiB] [--out DIR]
 *
 * Correctness first: the pass-through output must be byte-identical to the input (the corpus is
 * written with JSON.stringify, so a faithful parse + serialize reproduces it), at every thread
 * count, before any timing is reported. Timings include pool start-up: that is what a user waits.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from '../../src/engine/pipeline.js';
import { findPackageRoot } from '../../src/engine/pool.js';
import { parseByteSize } from '../../src/engine/spec.js';
import { ensureCorpus } from '../corpus/generate.js';
import {
  formatStats,
  machine,
  machineLine,
  markdownTable,
  stats,
  writeReport,
  type Stats,
} from '../report.js';

interface Options {
  records: number;
  rssRecords: number;
  runs: number;
  threads: number[];
  batch: string;
  out: string | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    records: 100_000,
    rssRecords: 1_000_000,
    runs: 3,
    threads: [0, 1, 2],
    batch: '512KiB',
    out: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--records') options.records = Number(value);
    else if (flag === '--rss-records') options.rssRecords = Number(value);
    else if (flag === '--runs') options.runs = Number(value);
    else if (flag === '--threads') options.threads = value.split(',').map(Number);
    else if (flag === '--batch') options.batch = value;
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown option ${flag}`);
    i++;
  }
  return options;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The baseline: the fastest reader measured on this machine, one thread, no engine. */
function bareLoop(input: string, output: string): void {
  const inFd = openSync(input, 'r');
  const outFd = openSync(output, 'w');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let carry = Buffer.alloc(0);
  let pending: string[] = [];
  try {
    while (true) {
      const read = readSync(inFd, chunk, 0, chunk.length, null);
      const data = read === 0 ? carry : Buffer.concat([carry, chunk.subarray(0, read)]);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        pending.push(JSON.stringify(JSON.parse(data.toString('utf8', start, nl))));
        start = nl + 1;
      }
      if (pending.length > 0) {
        writeSync(outFd, pending.join('\n') + '\n');
        pending = [];
      }
      carry = Buffer.from(data.subarray(start));
      if (read === 0) break;
    }
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

/** Peak RSS (worker threads included) of a separate process running the pass-through. */
function peakRss(
  input: string,
  output: string,
  threads: number,
  batch: string,
): { rssMb: number; mbPerSecond: number } {
  const module = path.join(findPackageRoot(), 'dist', 'src', 'engine', 'pipeline.js');
  const script = `
    const { pipeline } = await import(${JSON.stringify(module)});
    const spec = { name: 'rss', input: { format: 'ndjson' }, batch_size: ${JSON.stringify(batch)}, stages: [] };
    const s = await pipeline(spec).run({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(output)}, threads: ${threads} });
    console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, mbps: s.mbPerSecond }));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const parsed = JSON.parse(stdout.trim()) as { rss: number; mbps: number };
  return { rssMb: Math.round(parsed.rss / 1e5) / 10, mbPerSecond: parsed.mbps };
}

export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseArgs(argv);
  const corpus = await ensureCorpus('tickets', options.records);
  const work = mkdtempSync(path.join(tmpdir(), 'veil-bench-engine-'));
  const spec = {
    name: 'passthrough',
    input: { format: 'ndjson' as const },
    batch_size: options.batch,
    stages: [],
  };

  try {
    // Correctness before timing.
    const expected = sha256(corpus.file);
    const bareOut = path.join(work, 'bare.ndjson');
    bareLoop(corpus.file, bareOut);
    if (sha256(bareOut) !== expected)
      throw new Error('engine bench: the bare loop does not reproduce its input');
    for (const threads of options.threads) {
      const output = path.join(work, `check-${threads}.ndjson`);
      const summary = await pipeline(spec).run({ input: corpus.file, output, threads });
      if (summary.recordsOut !== options.records || sha256(output) !== expected) {
        throw new Error(
          `engine bench: pass-through at ${threads} threads is not byte-identical to its input`,
        );
      }
    }

    const mb = corpus.bytes / 1e6;
    const bare: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const started = performance.now();
      bareLoop(corpus.file, bareOut);
      bare.push(mb / ((performance.now() - started) / 1000));
    }

    const engine: Record<string, { mbPerSecond: Stats; recordsPerSecond: Stats }> = {};
    for (const threads of options.threads) {
      const speeds: number[] = [];
      for (let r = 0; r < options.runs; r++) {
        const output = path.join(work, `out-${threads}.ndjson`);
        const started = performance.now();
        await pipeline(spec).run({ input: corpus.file, output, threads });
        speeds.push(mb / ((performance.now() - started) / 1000));
      }
      const mbStats = stats(speeds);
      engine[String(threads)] = {
        mbPerSecond: mbStats,
        recordsPerSecond: stats(speeds.map((s) => (s * 1e6 * options.records) / corpus.bytes)),
      };
    }

    const bareStats = stats(bare);
    const best = engine['2'] ?? engine[String(Math.max(...options.threads))];
    const ratio = best === undefined ? NaN : bareStats.median / best.mbPerSecond.median;

    const rss: Array<{
      records: number;
      mb: number;
      threads: number;
      rssMb: number;
      mbPerSecond: number;
    }> = [];
    rss.push({
      records: options.records,
      mb: Math.round(mb),
      threads: 2,
      ...peakRss(corpus.file, path.join(work, 'rss.ndjson'), 2, options.batch),
    });
    if (options.rssRecords > 0) {
      const big = await ensureCorpus('tickets', options.rssRecords);
      rss.push({
        records: options.rssRecords,
        mb: Math.round(big.bytes / 1e6),
        threads: 2,
        ...peakRss(big.file, path.join(work, 'rss.ndjson'), 2, options.batch),
      });
    }

    const m = machine();
    const report = {
      scenario: 'engine',
      machine: m,
      corpus: {
        kind: corpus.kind,
        records: options.records,
        bytes: corpus.bytes,
        seed: corpus.seed,
      },
      batch: options.batch,
      batchBytes: parseByteSize(options.batch),
      runs: options.runs,
      bareLoopMbPerSecond: bareStats,
      engine,
      ratioBareOverTwoThreads: Math.round(ratio * 100) / 100,
      peakRss: rss,
      note: 'MB = 10^6 bytes of NDJSON input per second; timings include worker start-up',
    };

    const rows = [
      [
        'bare JSON.parse + JSON.stringify loop',
        '1 (main)',
        formatStats(bareStats),
        formatStats(stats(bare.map((s) => (s * 1e6 * options.records) / corpus.bytes)), 0),
      ],
      ...options.threads.map((t) => {
        const e = engine[String(t)] as { mbPerSecond: Stats; recordsPerSecond: Stats };
        return [
          `veil pass-through`,
          t === 0 ? '0 (inline)' : String(t),
          formatStats(e.mbPerSecond),
          formatStats(e.recordsPerSecond, 0),
        ];
      }),
    ];
    const markdown = [
      `# Engine benchmark: NDJSON pass-through`,
      '',
      machineLine(m),
      `Corpus: ${options.records} support tickets (${mb.toFixed(1)} MB, seed ${corpus.seed}); batch ${options.batch}; median (min-max) of ${options.runs} runs.`,
      '',
      markdownTable(['what', 'threads', 'MB/s', 'records/s'], rows),
      '',
      `Bare loop / 2-thread engine: ${ratio.toFixed(2)}x.`,
      '',
      markdownTable(
        ['records', 'input MB', 'threads', 'peak RSS (MB)', 'MB/s in that run'],
        rss.map((r) => [
          String(r.records),
          String(r.mb),
          String(r.threads),
          r.rssMb.toFixed(1),
          r.mbPerSecond.toFixed(1),
        ]),
      ),
      '',
    ].join('\n');
    const written = writeReport('engine', report, markdown, options.out);
    process.stdout.write(markdown + `\nwritten: ${written.json}, ${written.markdown}\n`);
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  await run(process.argv.slice(2));
}
