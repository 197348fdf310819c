/**
 * Synthetic-data benchmark.
 *
 * 1. Schema generation: a 9-field customer schema (UUID, full name, email derived from it, age,
 *    flag, plan, signup date, city, phone) written as NDJSON with `writeSyntheticData` inline
 *    (0 worker threads) and at 1 and 2 threads: records/s (median, min, max of `--runs`), CPU
 *    seconds and records per CPU-second (process CPU time, all threads: a fairer figure on a
 *    shared machine). Each run starts its own worker pool, as a CLI run does, so worker start-up
 *    is counted. A run with unique fields (the example customers schema) is reported beside it.
 * 2. Fit-from-data on UCI Adult (30,162 records, 8 quasi-identifiers): the Bayesian network
 *    against the independent-marginals baseline, both with the same no-copy filter: mean
 *    per-column TVD, mean and max association difference, fit and sampling time.
 *
 * Correctness before timing: 1 and 2 threads give byte-identical output; no synthetic Adult
 * record equals a real one on the quasi-identifiers.
 *
 * The target (issue 6) is 200,000 records/s with 2 threads; the report says whether it was met.
 *
 *   npm run bench -- synth [--count 500000] [--runs 3] [--unique-count 50000] [--out DIR]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { JsonRecord } from '../../src/engine/stage.js';
import { fitSynthesizer } from '../../src/synth/fit/stage-support.js';
import { quasiKey } from '../../src/synth/fit/model.js';
import { generateSyntheticData } from '../../src/synth/generate.js';
import { loadSynthSchemaFile, type SynthSchemaInput } from '../../src/synth/schema.js';
import { writeSyntheticData } from '../../src/synth/write.js';
import { formatStats, machine, machineLine, markdownTable, stats, writeReport, type Stats } from '../report.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const QI = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'];

/** The benchmark schema: what a typical test-data table looks like. */
export const BENCH_SCHEMA: SynthSchemaInput = {
  name: 'bench-customers',
  fields: {
    id: { type: 'uuid' },
    name: { type: 'fullName' },
    email: { type: 'email', from: 'name' },
    age: { type: 'integer', min: 18, max: 90, distribution: 'normal', mean: 41, stddev: 13 },
    active: { type: 'boolean', probability: 0.8 },
    plan: { type: 'enum', values: ['free', 'pro', 'team'], weights: [70, 25, 5] },
    signup: { type: 'date', format: 'date' },
    city: { type: 'city' },
    phone: { type: 'phone' },
  },
};

function findUp(relative: string): string {
  for (const up of ['../..', '../../..', '../../../..']) {
    const candidate = path.resolve(HERE, up, relative);
    try {
      statSync(candidate);
      return candidate;
    } catch {
      // try the next layout (sources or dist/)
    }
  }
  throw new Error(`synth benchmark: ${relative} not found`);
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`synth benchmark: correctness check failed: ${what}`);
}

function flag(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

interface GenerationRow {
  schema: string;
  threads: number;
  count: number;
  recordsPerSecond: Stats;
  /** Process CPU time of a run (main thread and workers), seconds. */
  cpuSeconds: Stats;
  recordsPerCpuSecond: Stats;
  mbPerSecond: Stats;
}

/** Records/s with 2 threads that issue 6 asks for. */
const TARGET_RECORDS_PER_SECOND = 200_000;

async function generation(schema: SynthSchemaInput, label: string, count: number, runs: number, threads: number, dir: string): Promise<GenerationRow> {
  const rates: number[] = [];
  const cpuSeconds: number[] = [];
  const cpuRates: number[] = [];
  const mb: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const output = path.join(dir, `${label}-${threads}.ndjson`);
    // The first run (a fifth of the count) warms the main thread's JIT; it is not counted.
    // Workers start afresh in every run, as in a CLI run.
    const records = run === 0 ? Math.max(1, Math.floor(count / 5)) : count;
    const cpu = process.cpuUsage();
    const summary = await writeSyntheticData(schema, { count: records, seed: run, output, threads });
    const used = process.cpuUsage(cpu);
    rmSync(output);
    if (run === 0) continue;
    const seconds = (used.user + used.system) / 1e6;
    rates.push(summary.records / summary.seconds);
    cpuSeconds.push(seconds);
    cpuRates.push(summary.records / seconds);
    mb.push(summary.bytes / 1e6 / summary.seconds);
  }
  return {
    schema: label,
    threads,
    count,
    recordsPerSecond: stats(rates),
    cpuSeconds: stats(cpuSeconds),
    recordsPerCpuSecond: stats(cpuRates),
    mbPerSecond: stats(mb),
  };
}

export async function run(argv: readonly string[]): Promise<unknown> {
  const count = Number(flag(argv, '--count', '500000'));
  const runs = Number(flag(argv, '--runs', '3'));
  const uniqueCount = Number(flag(argv, '--unique-count', '50000'));
  const outDir = argv.includes('--out') ? flag(argv, '--out', '') : undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-synth-'));
  const customers = loadSynthSchemaFile(findUp('pipelines/schemas/customers.schema.yaml'));

  try {
    // Correctness: thread count does not change a byte, and the bytes written straight from
    // the generator are the JSON of the records the in-memory API returns.
    for (const [label, schema] of [['bench', BENCH_SCHEMA], ['customers', customers]] as const) {
      const expected =
        generateSyntheticData(schema, { count: 5000, seed: 1 })
          .map((r) => JSON.stringify(r))
          .join('\n') + '\n';
      for (const threads of [0, 1, 2]) {
        const output = path.join(dir, `check-${label}-${threads}.ndjson`);
        await writeSyntheticData(schema, { count: 5000, seed: 1, output, threads, batchRecords: 999 });
        check(readFileSync(output, 'utf8') === expected, `${label}: ${threads} threads give the in-memory API's records`);
      }
    }

    const rows: GenerationRow[] = [];
    for (const threads of [0, 1, 2]) rows.push(await generation(BENCH_SCHEMA, 'bench (9 fields)', count, runs, threads, dir));
    rows.push(await generation(customers, 'customers (16 fields, 2 unique)', Math.min(count, uniqueCount), 1, 2, dir));
    const twoThreads = rows.find((r) => r.schema.startsWith('bench') && r.threads === 2)!;
    const targetMet = twoThreads.recordsPerSecond.median >= TARGET_RECORDS_PER_SECOND;

    // Fit-from-data on Adult.
    const adult = parse(readFileSync(findUp('data/adult/adult.csv')), { columns: true, delimiter: ';' }) as JsonRecord[];
    let started = performance.now();
    const fitted = await fitSynthesizer(adult, { quasi_identifiers: QI, seed: 1 });
    const fitSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const synthetic = fitted.sample(adult.length);
    const sampleSeconds = (performance.now() - started) / 1000;
    const real = new Set(adult.map((r) => quasiKey(r, QI)));
    check(synthetic.every((r) => !real.has(quasiKey(r, QI))), 'no synthetic Adult record equals a real one on the quasi-identifiers');
    const quality = fitted.quality(adult.length);

    const m = machine();
    const report = {
      scenario: 'synth',
      machine: m,
      generation: rows,
      target: { recordsPerSecondWithTwoThreads: TARGET_RECORDS_PER_SECOND, met: targetMet },
      adult: {
        records: adult.length,
        quasiIdentifiers: QI,
        fitSeconds,
        sampleSeconds,
        network: fitted.plan.model.network.map((n) => ({
          column: fitted.plan.model.columns[n.column]!.name,
          parents: n.parents.map((p) => fitted.plan.model.columns[p]!.name),
        })),
        synthetic: {
          meanTvd: quality.synthetic.meanTvd,
          associationMeanDiff: quality.synthetic.association.meanDiff,
          associationMaxDiff: quality.synthetic.association.maxDiff,
          tvd: Object.fromEntries(quality.synthetic.columns.map((c) => [c.name, c.tvd])),
        },
        baseline: {
          meanTvd: quality.baseline.meanTvd,
          associationMeanDiff: quality.baseline.association.meanDiff,
          associationMaxDiff: quality.baseline.association.maxDiff,
          tvd: Object.fromEntries(quality.baseline.columns.map((c) => [c.name, c.tvd])),
        },
      },
    };

    const markdown = [
      '# synth benchmark',
      '',
      machineLine(m),
      '',
      '## Schema generation (NDJSON to a file)',
      '',
      `Median (min-max) of ${runs} runs after a warm-up run; threads 0 = inline on the main thread. CPU seconds count every thread of the process.`,
      '',
      markdownTable(
        ['schema', 'threads', 'records', 'records/s', 'CPU seconds', 'records per CPU-second', 'MB/s'],
        rows.map((r) => [
          r.schema,
          r.threads === 0 ? '0 (inline)' : String(r.threads),
          String(r.count),
          formatStats(r.recordsPerSecond, 0),
          formatStats(r.cpuSeconds, 2),
          formatStats(r.recordsPerCpuSecond, 0),
          formatStats(r.mbPerSecond, 1),
        ]),
      ),
      '',
      `Target ${TARGET_RECORDS_PER_SECOND.toLocaleString('en')} records/s with 2 threads: ${targetMet ? 'met' : 'not met'} (median ${Math.round(twoThreads.recordsPerSecond.median).toLocaleString('en')}, load average ${m.loadAverage}).`,
      '',
      `## Fit-from-data on Adult (${adult.length} records, 8 quasi-identifiers, no copies)`,
      '',
      markdownTable(
        ['model', 'mean TVD', 'association diff (mean)', 'association diff (max)'],
        [
          ['Bayesian network (this)', quality.synthetic.meanTvd.toFixed(4), quality.synthetic.association.meanDiff.toFixed(4), quality.synthetic.association.maxDiff.toFixed(4)],
          ['independent marginals (baseline)', quality.baseline.meanTvd.toFixed(4), quality.baseline.association.meanDiff.toFixed(4), quality.baseline.association.maxDiff.toFixed(4)],
        ],
      ),
      '',
      `Fit (with calibration) ${fitSeconds.toFixed(1)} s, sampling ${adult.length} records ${sampleSeconds.toFixed(1)} s.`,
      '',
    ].join('\n');
    const written = writeReport('synth', report, markdown, outDir);
    process.stdout.write(markdown + `\nReport: ${written.json}, ${written.markdown}\n`);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
