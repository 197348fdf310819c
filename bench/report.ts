/**
 * Shared benchmark reporting: the machine, statistics over repeats, and a JSON + Markdown report
 * in `bench/results/` (or `--out DIR`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { findPackageRoot } from '../src/engine/package-root.js';

/** The machine a benchmark ran on. */
export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the report was written: other work on the machine skews results. */
  readonly loadAverage: number;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Median and spread of repeated measurements. */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    runs: sorted.length,
  };
}

/** `12.3 (11.9-12.8)` */
export function formatStats(s: Stats, digits = 1): string {
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

/** A Markdown table from a header row and body rows. */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The default results folder: `bench/results/` at the package root. */
export function resultsDir(): string {
  return path.join(findPackageRoot(), 'bench', 'results');
}

/** Writes `NAME.json` and `NAME.md`; returns their paths. */
export function writeReport(
  name: string,
  report: object,
  markdown: string,
  outDir = resultsDir(),
): { json: string; markdown: string } {
  mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, `${name}.json`);
  const md = path.join(outDir, `${name}.md`);
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(md, markdown.endsWith('\n') ? markdown : markdown + '\n');
  return { json, markdown: md };
}

/** The machine line every Markdown report starts with. */
export function machineLine(m: Machine): string {
  return `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node} (${m.platform}); load average ${m.loadAverage} when written.`;
}

/** Options of the in-process CPU scenarios: corpus records, counted passes, report directory. */
export interface PassOptions {
  records: number;
  passes: number;
  out: string | undefined;
}

/** Reads `--records N`, `--passes N` and `--out DIR` for `scenario`, from `defaults`. */
export function parsePassOptions(scenario: string, argv: readonly string[], defaults: PassOptions): PassOptions {
  const options: PassOptions = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const next = (): string => String(argv[++i]);
    if (argv[i] === '--records') options.records = Number(next());
    else if (argv[i] === '--passes') options.passes = Number(next());
    else if (argv[i] === '--out') options.out = next();
    else throw new Error(`${scenario}: unknown option ${String(argv[i]).slice(0, 40)}`);
  }
  if (!Number.isInteger(options.records) || options.records < 1) throw new Error('--records must be a positive integer');
  if (!Number.isInteger(options.passes) || options.passes < 1) throw new Error('--passes must be a positive integer');
  return options;
}
