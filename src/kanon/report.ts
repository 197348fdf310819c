/**
 * The k-anonymization report: one JSON object (what the plan carries and `kAnonymize` returns),
 * rendered as Markdown for terminals and reviews, and as a self-contained HTML page whose class
 * size histogram is inline SVG (no scripts, styles or fonts fetched from anywhere).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { checkReplaceable } from '../io/path-conflicts.js';
import { writeFileReplacing } from '../io/replace-file.js';
import type { KAnonymityMetrics } from './metrics.js';
import type { ResolvedKAnonymizeOptions } from './options.js';
import type { TableAnonymization } from './anonymize-table.js';

export interface KAnonymityReport {
  algorithm: 'optimal' | 'mondrian';
  mondrianMode: 'strict' | 'relaxed' | null;
  quasiIdentifiers: string[];
  sensitive: string | null;
  models: {
    k: number;
    lDiversity: { variant: string; l: number; c?: number } | null;
    tCloseness: { distance: string; t: number } | null;
    suppressionLimit: number;
  };
  /** Full-domain levels per quasi-identifier (optimal), or null. */
  transformation: Record<string, number> | null;
  localRecoding: { recordsRecovered: number } | null;
  search: { latticeSize: number; evaluated: number; pruned: number } | null;
  algorithmMs: number;
  /** CPU time of the algorithm (user + system of the process): steadier than wall time under load. */
  algorithmCpuMs: number;
  metrics: KAnonymityMetrics;
}

export function buildReport(options: ResolvedKAnonymizeOptions, result: TableAnonymization): KAnonymityReport {
  const qi = options.quasiIdentifiers.map(([name]) => name);
  const levels = result.recoding.levels;
  const l = options.models.lDiversity;
  const t = options.models.tCloseness;
  return {
    algorithm: options.algorithm,
    mondrianMode: options.algorithm === 'mondrian' ? options.mondrianMode : null,
    quasiIdentifiers: qi,
    sensitive: options.sensitive ?? null,
    models: {
      k: options.models.k,
      lDiversity: l === undefined ? null : { ...l },
      tCloseness: t === undefined ? null : { ...t },
      suppressionLimit: options.models.suppressionLimit,
    },
    transformation: levels === undefined ? null : Object.fromEntries(qi.map((q, j) => [q, levels[j]!])),
    localRecoding:
      options.algorithm === 'optimal' && options.localRecoding
        ? { recordsRecovered: result.recoding.locallyRecoded }
        : null,
    search: result.search ?? null,
    algorithmMs: Math.round(result.algorithmMs * 10) / 10,
    algorithmCpuMs: Math.round(result.algorithmCpuMs * 10) / 10,
    metrics: result.metrics,
  };
}

const fmt = (x: number, digits = 4): string =>
  Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits);

function rows(report: KAnonymityReport): [string, string][] {
  const m = report.metrics;
  const r = m.risk;
  const out: [string, string][] = [
    ['algorithm', report.algorithm + (report.mondrianMode === null ? '' : ` (${report.mondrianMode})`)],
    ['k', String(report.models.k)],
  ];
  if (report.models.lDiversity !== null) {
    const l = report.models.lDiversity;
    out.push(['l-diversity', `${l.variant}, l=${l.l}${l.c === undefined ? '' : `, c=${l.c}`}`]);
  }
  if (report.models.tCloseness !== null) {
    out.push(['t-closeness', `${report.models.tCloseness.distance}, t=${report.models.tCloseness.t}`]);
  }
  out.push(['suppression limit', `${report.models.suppressionLimit * 100}%`]);
  if (report.transformation !== null) {
    out.push(['transformation', Object.entries(report.transformation).map(([q, l]) => `${q}=${l}`).join(', ')]);
  }
  if (report.localRecoding !== null) out.push(['records recovered by local recoding', fmt(report.localRecoding.recordsRecovered)]);
  out.push(
    ['records', fmt(m.records)],
    ['equivalence classes', fmt(m.classes)],
    ['suppressed records', fmt(m.suppressed)],
    ['class size min / avg / max', `${fmt(m.minClassSize)} / ${fmt(m.averageClassSize, 2)} / ${fmt(m.maxClassSize)}`],
    ['discernibility (DM)', fmt(m.discernibility)],
    ['C_avg', fmt(m.averageClassSizeMetric)],
    ['GCP (mean NCP)', fmt(m.gcp)],
    ['ARX-style loss', fmt(m.loss)],
    ['non-uniform entropy (bits, share of max)', `${fmt(m.nonUniformEntropy, 1)}, ${fmt(m.nonUniformEntropyShare)}`],
    ['prosecutor risk highest / average / at risk', `${fmt(r.prosecutor.highest)} / ${fmt(r.prosecutor.average)} / ${fmt(r.prosecutor.recordsAtRisk)}`],
    ['journalist risk highest / average / at risk', `${fmt(r.journalist.highest)} / ${fmt(r.journalist.average)} / ${fmt(r.journalist.recordsAtRisk)}`],
    ['marketer risk', fmt(r.marketer)],
    ['algorithm time (wall, CPU)', `${report.algorithmMs} ms, ${report.algorithmCpuMs} ms`],
  );
  return out;
}

export function reportMarkdown(report: KAnonymityReport): string {
  const lines = ['# k-anonymization report', '', '| | |', '| --- | --- |'];
  for (const [k, v] of rows(report)) lines.push(`| ${k} | ${v.replaceAll('|', '\\|')} |`);
  lines.push('', '## Class sizes', '', '| size | classes |', '| --- | --- |');
  for (const [size, count] of report.metrics.classSizeHistogram) lines.push(`| ${size} | ${count} |`);
  lines.push('');
  return lines.join('\n');
}

function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * Class sizes as an inline SVG bar chart. Sizes are bucketed (k, k+1, ... up to 30 bars; the
 * last bar gathers the rest) and bars are drawn to the number of records, not classes, so the
 * chart shows where the records sit.
 */
export function histogramSvg(histogram: readonly [number, number][]): string {
  const maxBars = 30;
  const bars: { label: string; records: number }[] = [];
  for (const [size, count] of histogram) {
    if (bars.length < maxBars - 1) bars.push({ label: String(size), records: size * count });
    else if (bars.length === maxBars - 1) bars.push({ label: `${size}+`, records: size * count });
    else bars[maxBars - 1]!.records += size * count;
  }
  const width = 640;
  const height = 240;
  const pad = 36;
  const top = Math.max(1, ...bars.map((b) => b.records));
  const bw = bars.length === 0 ? 0 : (width - 2 * pad) / bars.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="records per equivalence class size">`,
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#333"/>`,
  ];
  bars.forEach((b, i) => {
    const h = ((height - 2 * pad) * b.records) / top;
    const x = pad + i * bw;
    parts.push(
      `<rect x="${(x + 1).toFixed(1)}" y="${(height - pad - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a7ab5"><title>size ${escapeHtml(b.label)}: ${b.records} records</title></rect>`,
      `<text x="${(x + bw / 2).toFixed(1)}" y="${height - pad + 14}" font-size="10" text-anchor="middle">${escapeHtml(b.label)}</text>`,
    );
  });
  parts.push(
    `<text x="${pad}" y="${pad - 12}" font-size="11">records (max ${top})</text>`,
    `<text x="${width / 2}" y="${height - 4}" font-size="11" text-anchor="middle">equivalence class size</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

export function reportHtml(report: KAnonymityReport): string {
  const table = rows(report)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>k-anonymization report</title>',
    '<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em}td,th{border-bottom:1px solid #ddd;padding:2px 6px}</style>',
    '</head><body>',
    '<h1>k-anonymization report</h1>',
    `<table>${table}</table>`,
    '<h2>Class sizes</h2>',
    histogramSvg(report.metrics.classSizeHistogram),
    '</body></html>',
    '',
  ].join('\n');
}

/** How refusals name the report files. */
const ROLE = 'k-anonymization report';

/**
 * Writes PREFIX.json, PREFIX.md and PREFIX.html (creating the folder), each to a temp file
 * renamed when complete. A path among them that is a link, FIFO or directory is refused (a
 * `RunError`, code `VEIL_OUTPUT_NOT_FILE`) and left as it was.
 */
export async function writeReport(prefix: string, report: KAnonymityReport): Promise<void> {
  await mkdir(path.dirname(prefix), { recursive: true });
  const files: [string, string][] = [
    [`${prefix}.json`, JSON.stringify(report, null, 2) + '\n'],
    [`${prefix}.md`, reportMarkdown(report)],
    [`${prefix}.html`, reportHtml(report)],
  ];
  // All three are checked first, so that a refused path leaves no new report beside it.
  for (const [file] of files) await checkReplaceable(file, ROLE);
  for (const [file, text] of files) await writeFileReplacing(file, text, { role: ROLE, mode: 0o600 });
}
