import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { histogramSvg, reportHtml, reportMarkdown, writeReport } from '../../src/kanon/report.js';
import { adultHierarchies, readAdult } from './helpers/checker.js';

describe('k-anonymize report: JSON, Markdown and self-contained HTML', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes the three files with the transformation, metrics and an inline SVG histogram', async () => {
    const { rows } = readAdult(4000);
    const { report } = await kAnonymize(rows, { quasiIdentifiers: adultHierarchies(), k: 5, suppressionLimit: 0.05 });
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-report-'));
    dirs.push(dir);
    // The folder is created when missing.
    const folder = path.join(dir, 'reports', 'k5');
    await writeReport(path.join(folder, 'adult'), report);
    expect(readdirSync(folder).sort()).toEqual(['adult.html', 'adult.json', 'adult.md']);

    const json = JSON.parse(readFileSync(path.join(folder, 'adult.json'), 'utf8'));
    expect(json.metrics.discernibility).toBe(report.metrics.discernibility);
    expect(Object.keys(json.transformation)).toHaveLength(8);

    const md = readFileSync(path.join(folder, 'adult.md'), 'utf8');
    expect(md).toContain(`| discernibility (DM) | ${report.metrics.discernibility.toLocaleString('en-US')} |`);
    expect(md).toContain('| prosecutor risk highest / average / at risk |');

    const html = readFileSync(path.join(folder, 'adult.html'), 'utf8');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html.match(/<rect /g)!.length).toBeGreaterThan(0);
    // Self-contained: no script, no external stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:/);
    expect(reportMarkdown(report)).toBe(md);
    expect(reportHtml(report)).toBe(html);
  });

  it('the histogram draws records per class size and gathers the tail in one bar', () => {
    const histogram: [number, number][] = Array.from({ length: 40 }, (_, i) => [i + 5, 1]);
    const svg = histogramSvg(histogram);
    expect(svg.match(/<rect /g)).toHaveLength(30);
    expect(svg).toContain('>34+<');
    // The tail bar holds sizes 34..44: 429 records.
    expect(svg).toContain('size 34+: 429 records');
  });
});
