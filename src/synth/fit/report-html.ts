/**
 * The fit-from-data quality report as one self-contained HTML page: a summary table (per-column
 * TVD for the synthetic table and the independent-marginals baseline, association differences),
 * one bar chart per column with the real and synthetic distributions side by side, and the three
 * association matrices as heat maps. Plots are inline SVG: no script, no external file, so the
 * page opens anywhere, offline, and can be archived as evidence.
 */
import type { QualityReport } from './quality.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const REAL = '#4c72b0';
const SYNTH = '#dd8452';
const BASE = '#8c8c8c';

/** Bars for one column: real, synthetic and (optionally) baseline proportions per bucket. */
function columnChart(buckets: string[], series: { name: string; color: string; values: number[] }[]): string {
  // Drop buckets empty everywhere (unused under/overflow, missing) to keep the chart readable.
  const keep = buckets.map((_, i) => series.some((s) => (s.values[i] ?? 0) > 0));
  const shown = buckets.filter((_, i) => keep[i]);
  const width = Math.max(320, shown.length * (series.length * 7 + 6) + 60);
  const height = 190;
  const plotHeight = 130;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter((_, i) => keep[i])));
  const group = (width - 50) / Math.max(1, shown.length);
  const bar = Math.max(1, (group - 4) / series.length);
  let bars = '';
  let labels = '';
  let slot = 0;
  buckets.forEach((bucket, i) => {
    if (!keep[i]) return;
    const x0 = 45 + slot * group;
    series.forEach((s, k) => {
      const h = ((s.values[i] ?? 0) / max) * plotHeight;
      bars += `<rect x="${(x0 + k * bar).toFixed(1)}" y="${(10 + plotHeight - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(bucket)} ${s.name}: ${((s.values[i] ?? 0) * 100).toFixed(2)}%</title></rect>`;
    });
    if (shown.length <= 40) {
      const lx = x0 + group / 2;
      labels += `<text x="${lx.toFixed(1)}" y="${plotHeight + 18}" font-size="9" text-anchor="end" transform="rotate(-45 ${lx.toFixed(1)} ${plotHeight + 18})">${escapeHtml(bucket.slice(0, 18))}</text>`;
    }
    slot++;
  });
  const axis = `<line x1="44" y1="${10 + plotHeight}" x2="${width - 5}" y2="${10 + plotHeight}" stroke="#333"/><text x="2" y="16" font-size="9">${(max * 100).toFixed(1)}%</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 40}" role="img">${axis}${bars}${labels}</svg>`;
}

function heatmap(title: string, names: string[], matrix: number[][], diverging = false): string {
  const cell = 26;
  const offset = 110;
  let cells = '';
  names.forEach((_, a) =>
    names.forEach((__, b) => {
      const v = matrix[a]![b]!;
      const shade = Math.round(255 - Math.min(1, Math.abs(v)) * 200);
      const fill = diverging ? `rgb(255,${shade},${shade})` : `rgb(${shade},${shade},255)`;
      cells += `<rect x="${offset + b * cell}" y="${offset + a * cell}" width="${cell}" height="${cell}" fill="${fill}"><title>${escapeHtml(names[a]!)} / ${escapeHtml(names[b]!)}: ${v.toFixed(3)}</title></rect>`;
    }),
  );
  const labels = names
    .map(
      (n, i) =>
        `<text x="${offset - 4}" y="${offset + i * cell + 17}" font-size="9" text-anchor="end">${escapeHtml(n.slice(0, 18))}</text>` +
        `<text x="${offset + i * cell + 13}" y="${offset - 4}" font-size="9" transform="rotate(-45 ${offset + i * cell + 13} ${offset - 4})">${escapeHtml(n.slice(0, 18))}</text>`,
    )
    .join('');
  const size = offset + names.length * cell + 10;
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" role="img">${cells}${labels}</svg></figure>`;
}

/** Renders the report; `baseline` is the independent-marginals comparison, when computed. */
export function renderQualityReportHtml(report: QualityReport, baseline?: QualityReport, title = 'Veil synthetic data quality'): string {
  const rows = report.columns
    .map((c, i) => {
      const b = baseline?.columns[i];
      return `<tr><td>${escapeHtml(c.name)}</td><td>${c.binning.kind}</td><td>${c.tvd.toFixed(4)}</td>${b ? `<td>${b.tvd.toFixed(4)}</td>` : ''}</tr>`;
    })
    .join('');
  const charts = report.columns
    .map((c, i) => {
      const series = [
        { name: 'real', color: REAL, values: c.real },
        { name: 'synthetic', color: SYNTH, values: c.synthetic },
      ];
      const b = baseline?.columns[i];
      if (b) series.push({ name: 'baseline', color: BASE, values: b.synthetic });
      return `<section><h3>${escapeHtml(c.name)} <small>TVD ${c.tvd.toFixed(4)}</small></h3>${columnChart(c.buckets, series)}</section>`;
    })
    .join('');
  const names = report.association.names;
  const diff = report.association.real.map((row, a) => row.map((v, b) => v - report.association.synthetic[a]![b]!));

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}td:first-child{text-align:left}
.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}figure{display:inline-block;margin:1em}section{margin:1em 0}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Real rows: ${report.rows.real}; synthetic rows compared: ${report.rows.synthetic}.</p>
<table><thead><tr><th>column</th><th>buckets</th><th>TVD synthetic</th>${baseline ? '<th>TVD baseline</th>' : ''}</tr></thead><tbody>${rows}
<tr><th>mean</th><td></td><th>${report.meanTvd.toFixed(4)}</th>${baseline ? `<th>${baseline.meanTvd.toFixed(4)}</th>` : ''}</tr>
<tr><th>association diff (mean)</th><td></td><th>${report.association.meanDiff.toFixed(4)}</th>${baseline ? `<th>${baseline.association.meanDiff.toFixed(4)}</th>` : ''}</tr>
<tr><th>association diff (max)</th><td></td><th>${report.association.maxDiff.toFixed(4)}</th>${baseline ? `<th>${baseline.association.maxDiff.toFixed(4)}</th>` : ''}</tr>
</tbody></table>
<p>TVD: total-variation distance per column. Association: Cramér's V (categorical pairs), |Pearson r| (numeric pairs), correlation ratio (mixed pairs). Baseline: every column drawn independently from its marginal.</p>
<p class="legend"><span style="background:${REAL}"></span>real<span style="background:${SYNTH}"></span>synthetic${baseline ? `<span style="background:${BASE}"></span>baseline` : ''}</p>
<h2>Per-column distributions</h2>${charts}
<h2>Associations</h2>${heatmap('real', names, report.association.real)}${heatmap('synthetic', names, report.association.synthetic)}${heatmap('real minus synthetic', names, diff, true)}
</body></html>
`;
}
