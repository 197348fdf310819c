/**
 * `synthesize-fit` on UCI Adult through the engine: no synthetic record equals a real record on
 * all eight quasi-identifiers, the quality targets hold (mean per-column TVD < 0.05, mean
 * association difference < 0.1, better associations than the independent baseline), the HTML
 * report has one inline SVG plot per column, and the output is the same at any thread count.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { quasiKey } from '../../src/synth/fit/model.js';

const ADULT = path.resolve('data/adult/adult.csv');
const QI = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'];

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-fit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { columns: true, delimiter: ';' }) as Record<string, string>[];
}

function spec(extra: Record<string, unknown> = {}) {
  return {
    name: 'adult-fit',
    input: { format: 'csv' as const, delimiter: ';' },
    output: { format: 'csv' as const, delimiter: ';' },
    on_error: 'fail' as const,
    stages: [{ type: 'synthesize-fit', quasi_identifiers: QI, seed: 7, ...extra }],
  };
}

describe('synthesize-fit on Adult', () => {
  it('copies no real record on the quasi-identifiers and meets the quality targets', async () => {
    const output = path.join(dir, 'adult-synth.csv');
    const summary = await pipeline(spec({ report: path.join(dir, 'quality.html') }), { baseDir: dir, storePath: path.join(dir, 'store') }).run({
      input: ADULT,
      output,
      threads: 2,
    });
    const real = readCsv(ADULT);
    const synthetic = readCsv(output);
    expect(summary.recordsOut).toBe(real.length);
    expect(synthetic).toHaveLength(real.length);
    expect(Object.keys(synthetic[0]!)).toEqual(Object.keys(real[0]!));

    const realKeys = new Set(real.map((r) => quasiKey(r, QI)));
    const copies = synthetic.filter((r) => realKeys.has(quasiKey(r, QI))).length;
    expect(copies).toBe(0);

    const quality = JSON.parse(readFileSync(path.join(dir, 'quality.json'), 'utf8')) as {
      synthetic: { meanTvd: number; association: { meanDiff: number } };
      baseline: { meanTvd: number; association: { meanDiff: number } };
    };
    expect(quality.synthetic.meanTvd).toBeLessThan(0.05);
    expect(quality.synthetic.association.meanDiff).toBeLessThan(0.1);
    expect(quality.synthetic.association.meanDiff).toBeLessThan(quality.baseline.association.meanDiff);

    const html = readFileSync(path.join(dir, 'quality.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // One bar chart per column plus three association heat maps, all inline SVG, no script.
    expect(html.match(/<svg /g)).toHaveLength(Object.keys(real[0]!).length + 3);
    expect(html).not.toContain('<script');
  });

  it('writes identical output inline and on 2 worker threads', async () => {
    // A 3,000-row slice keeps this check fast; the full table runs above.
    const text = readFileSync(ADULT, 'utf8').split('\n').slice(0, 3001).join('\n') + '\n';
    const input = path.join(dir, 'adult-3000.csv');
    writeFileSync(input, text);
    const outputs: string[] = [];
    for (const threads of [0, 2]) {
      const output = path.join(dir, `slice-${threads}.csv`);
      await pipeline(spec({ calibration_rounds: 1 }), { baseDir: dir, storePath: path.join(dir, 'store') }).run({ input, output, threads });
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(existsSync(path.join(dir, 'quality.html'))).toBe(true);
  });
});
