/**
 * k-anonymity benchmark.
 *
 * 1. Adult (30,162 records, 8 quasi-identifiers, ARX hierarchies) at k = 2, 5, 10, 50, 100:
 *    `optimal` minimising DM with 0% and 5% suppression, `mondrian` strict and relaxed. Wall
 *    time of the algorithm (warm: one run discarded, then the median of `--runs`), DM, C_avg,
 *    GCP, suppressed records, and the process's peak RSS so far.
 * 2. Scaled Adult, only with `--scales` (minutes per scale): the rows repeated with ages
 *    perturbed by -2..+2 to each record count, streamed through the stage's pass-1 collector
 *    (dictionary-encoded chunks, spilling to LMDB past the memory budget), then `mondrian`
 *    relaxed and `optimal` (5%) at k=10, then pass 2 (the plan applied record by record). Time
 *    and peak RSS per scale.
 *
 * Correctness first: ARX's published DM values on Adult, and an independent k check of every
 * output (class sizes recounted from the published labels).
 *
 *   npm run bench -- kanon [--runs 5] [--scales 1000000,10000000] [--scales-only]
 *                          [--scale-algorithms mondrian,optimal] [--out DIR]
 *
 * Writes bench/results/kanon.{json,md} (or to `--out DIR`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonRecord } from '../../src/engine/stage.js';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import type { KAnonymizeOptions } from '../../src/kanon/options.js';
import { resolveOptions } from '../../src/kanon/options.js';
import { KAnonymityCollector } from '../../src/kanon/collector.js';
import { planApplier } from '../../src/kanon/plan.js';
import { closeStore } from '../../src/store/environment.js';
import { machine, machineLine, writeReport } from '../report.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** `../shared/data/adult` from the project root (bench files run from src or dist). */
function adultDir(): string {
  for (const up of ['../../../shared/data/adult', '../../../../shared/data/adult']) {
    const dir = path.resolve(HERE, up);
    try {
      readFileSync(path.join(dir, 'adult.csv'));
      return dir;
    } catch {
      // try the next layout
    }
  }
  throw new Error('kanon benchmark: ../shared/data/adult/adult.csv not found');
}

const QI = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'];

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.length };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`kanon benchmark: correctness check failed: ${what}`);
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

function readAdult(dir: string): JsonRecord[] {
  const lines = readFileSync(path.join(dir, 'adult.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(';');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(';').map((v, i) => [header[i]!, v])));
}

/** Recounts classes from the published labels: the smallest unsuppressed class size. */
function smallestClass(records: readonly JsonRecord[]): number {
  const sizes = new Map<string, number>();
  for (const r of records) {
    if (r['_suppressed'] === true) continue;
    const key = QI.map((q) => String(r[q])).join('\u0000');
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  let smallest = Number.POSITIVE_INFINITY;
  for (const s of sizes.values()) smallest = Math.min(smallest, s);
  return smallest;
}

interface AdultRow {
  algorithm: string;
  k: number;
  suppressionLimit: number;
  ms: Stat;
  /** CPU time of the algorithm, user + system (steadier than wall time on a loaded machine). */
  cpuMs: Stat;
  dm: number;
  cAvg: number;
  gcp: number;
  suppressed: number;
  classes: number;
  peakRssMb: number;
}

async function adultRows(records: JsonRecord[], options: KAnonymizeOptions, runs: number, label: string): Promise<AdultRow> {
  const first = await kAnonymize(records, options);
  check(smallestClass(first.records) >= options.k, `${label}: every class >= k`);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const { report } = await kAnonymize(records, options);
    times.push(report.algorithmMs);
    cpu.push(report.algorithmCpuMs);
  }
  const m = first.report.metrics;
  return {
    algorithm: label,
    k: options.k,
    suppressionLimit: options.suppressionLimit ?? 0,
    ms: stat(times),
    cpuMs: stat(cpu),
    dm: m.discernibility,
    cAvg: m.averageClassSizeMetric,
    gcp: m.gcp,
    suppressed: m.suppressed,
    classes: m.classes,
    peakRssMb: peakRssMb(),
  };
}

interface ScaleRow {
  records: number;
  algorithm: string;
  collectMs: number;
  spilledChunks: number;
  finishMs: number;
  applyMs: number;
  applyRecordsPerSecond: number;
  cAvg: number;
  dm: number;
  suppressed: number;
  peakRssMb: number;
}

/** The scaled record `i`: Adult row i mod n with its age moved by a seeded -2..+2, kept in 1..100. */
function scaledRecord(base: readonly JsonRecord[], i: number): JsonRecord {
  const row = base[i % base.length]!;
  const shift = i < base.length ? 0 : (Math.imul(i, 0x9e3779b1) >>> 29) % 5 - 2;
  const age = Math.min(100, Math.max(1, Number(row['age']) + shift));
  return { ...row, age: String(age) };
}

async function scaled(base: JsonRecord[], dir: string, records: number, algorithm: 'optimal' | 'mondrian'): Promise<ScaleRow> {
  const hierarchies = Object.fromEntries(QI.map((q) => [q, { file: path.join(dir, `adult_hierarchy_${q}.csv`) }]));
  const options = resolveOptions({
    quasiIdentifiers: hierarchies,
    k: 10,
    algorithm,
    mondrianMode: 'relaxed',
    suppressionLimit: algorithm === 'optimal' ? 0.05 : 0,
  });
  const scratch = mkdtempSync(path.join(tmpdir(), 'veil-bench-kanon-'));
  const storePath = path.join(scratch, 'store');
  try {
    const collector = new KAnonymityCollector(options, { storePath, memoryBudgetBytes: 256 * 1024 * 1024 });
    let started = performance.now();
    for (let i = 0; i < records; i++) collector.observe(scaledRecord(base, i), { index: i });
    const collectMs = performance.now() - started;
    const spilledChunks = collector.spilledChunks;

    started = performance.now();
    const plan = await collector.finish();
    const finishMs = performance.now() - started;

    // Pass 2: apply the plan to every record (timed alone).
    const apply = planApplier(plan, { suppressed: 'mark', suppressedField: '_suppressed' });
    started = performance.now();
    let published = 0;
    for (let i = 0; i < records; i++) if (apply(scaledRecord(base, i), { index: i })!['_suppressed'] !== true) published++;
    const applyMs = performance.now() - started;

    // The k check recounts classes from the published labels (up to 1M records; beyond, the
    // plan's own smallest class, to keep the run within minutes on this machine).
    const report = plan.report as unknown as { metrics: { minClassSize: number; suppressed: number } };
    check(published === records - report.metrics.suppressed, `scaled ${records} ${algorithm}: suppressed count`);
    if (records <= 1_000_000) {
      const sizes = new Map<string, number>();
      for (let i = 0; i < records; i++) {
        const out = apply(scaledRecord(base, i), { index: i })!;
        if (out['_suppressed'] === true) continue;
        const key = QI.map((q) => out[q] as string).join('\u0000');
        sizes.set(key, (sizes.get(key) ?? 0) + 1);
      }
      let smallest = Number.POSITIVE_INFINITY;
      for (const s of sizes.values()) smallest = Math.min(smallest, s);
      check(smallest >= 10, `scaled ${records} ${algorithm}: every class >= 10`);
    } else {
      check(report.metrics.minClassSize >= 10, `scaled ${records} ${algorithm}: every class >= 10 (plan)`);
    }

    const metrics = (plan.report as unknown as { metrics: { averageClassSizeMetric: number; discernibility: number; suppressed: number } }).metrics;
    return {
      records,
      algorithm: algorithm === 'mondrian' ? 'mondrian relaxed' : 'optimal (5%)',
      collectMs,
      spilledChunks,
      finishMs,
      applyMs,
      applyRecordsPerSecond: records / (applyMs / 1000),
      cAvg: metrics.averageClassSizeMetric,
      dm: metrics.discernibility,
      suppressed: metrics.suppressed,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await closeStore(storePath);
    rmSync(scratch, { recursive: true, force: true });
  }
}

function parseArgs(argv: readonly string[]): {
  runs: number;
  scales: number[];
  out: string | undefined;
  adult: boolean;
  algorithms: ('mondrian' | 'optimal')[];
} {
  const out = {
    runs: 5,
    scales: [] as number[],
    out: undefined as string | undefined,
    adult: true,
    algorithms: ['mondrian', 'optimal'] as ('mondrian' | 'optimal')[],
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--scales-only') {
      out.adult = false;
      continue;
    }
    if (argv[i] === '--runs' && value !== undefined) out.runs = Number(value);
    else if (argv[i] === '--scales' && value !== undefined) out.scales = value.split(',').filter(Boolean).map(Number);
    else if (argv[i] === '--out' && value !== undefined) out.out = path.resolve(value);
    else if (argv[i] === '--scale-algorithms' && value !== undefined) {
      out.algorithms = value.split(',').filter((a): a is 'mondrian' | 'optimal' => a === 'mondrian' || a === 'optimal');
    }
    else continue;
    i++;
  }
  return out;
}

/** Runs the scenario; writes `kanon.json` and `kanon.md` to the output folder. */
export async function run(argv: readonly string[] = []): Promise<Record<string, unknown>> {
  const options = parseArgs(argv);
  const dir = adultDir();
  const records = readAdult(dir);
  const hierarchies = Object.fromEntries(QI.map((q) => [q, { file: path.join(dir, `adult_hierarchy_${q}.csv`) }]));

  // Correctness before timing: ARX's optima.
  for (const [k, s, dm] of [[5, 0, 55_170_356], [10, 0, 55_170_356], [5, 0.05, 9_268_952], [10, 0.05, 13_357_407]] as const) {
    const r = await kAnonymize(records, { quasiIdentifiers: hierarchies, k, suppressionLimit: s });
    check(r.report.metrics.discernibility === dm, `Adult optimal k=${k} ${s * 100}%: DM ${r.report.metrics.discernibility} = ARX's ${dm}`);
  }

  const adult: AdultRow[] = [];
  for (const k of options.adult ? [2, 5, 10, 50, 100] : []) {
    for (const s of [0, 0.05]) {
      adult.push(await adultRows(records, { quasiIdentifiers: hierarchies, k, suppressionLimit: s }, options.runs, `optimal (${s * 100}%)`));
    }
    for (const mode of ['strict', 'relaxed'] as const) {
      adult.push(
        await adultRows(records, { quasiIdentifiers: hierarchies, k, algorithm: 'mondrian', mondrianMode: mode }, options.runs, `mondrian ${mode}`),
      );
    }
  }

  const scales: ScaleRow[] = [];
  for (const n of options.scales) {
    for (const algorithm of options.algorithms) scales.push(await scaled(records, dir, n, algorithm));
  }

  const report = {
    scenario: 'kanon',
    machine: machine(),
    threads: 1,
    note: 'algorithm time (wall and CPU) excludes reading, encoding and metrics',
    date: new Date().toISOString(),
    adult,
    scales,
  };

  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const markdown = [
    '# k-anonymity benchmark',
    '',
    `${machineLine(report.machine)} 1 thread; ${report.note}.`,
    '',
    ...(adult.length === 0
      ? []
      : [
          `## Adult (30,162 records, 8 quasi-identifiers), median of ${options.runs} warm runs`,
          '',
          '| algorithm | k | wall ms (min-max) | CPU ms (min-max) | DM | C_avg | GCP | suppressed | classes | peak RSS MB |',
          '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
          ...adult.map(
            (r) =>
              `| ${r.algorithm} | ${r.k} | ${r.ms.median.toFixed(0)} (${r.ms.min.toFixed(0)}-${r.ms.max.toFixed(0)}) | ${r.cpuMs.median.toFixed(0)} (${r.cpuMs.min.toFixed(0)}-${r.cpuMs.max.toFixed(0)}) | ${n(r.dm)} | ${r.cAvg.toFixed(2)} | ${r.gcp.toFixed(3)} | ${n(r.suppressed)} | ${n(r.classes)} | ${r.peakRssMb.toFixed(0)} |`,
          ),
          '',
        ]),
    ...(scales.length === 0
      ? ['Scaled runs: not requested (`--scales 1000000,10000000`).', '']
      : [
          '## Scaled Adult (ages perturbed), k=10, through the stage collector and plan',
          '',
          '| records | algorithm | pass 1 collect s | spilled chunks | finish s | pass 2 apply s (records/s) | C_avg | suppressed | peak RSS MB |',
          '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
          ...scales.map(
            (r) =>
              `| ${n(r.records)} | ${r.algorithm} | ${(r.collectMs / 1000).toFixed(1)} | ${r.spilledChunks} | ${(r.finishMs / 1000).toFixed(1)} | ${(r.applyMs / 1000).toFixed(1)} (${n(r.applyRecordsPerSecond)}) | ${r.cAvg.toFixed(2)} | ${n(r.suppressed)} | ${r.peakRssMb.toFixed(0)} |`,
          ),
          '',
        ]),
  ].join('\n');
  writeReport('kanon', report, markdown, options.out);
  process.stdout.write(markdown);
  return report;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await run(process.argv.slice(2));
}
