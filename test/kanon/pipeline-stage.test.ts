import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Pipeline, pipelineFromFile } from '../../src/engine/pipeline.js';
import { closeStore } from '../../src/store/environment.js';
import { ADULT, ADULT_QI, adultHierarchies, checkModels, readAdult } from './helpers/checker.js';

// The plan equals the in-memory API's (collector-spill.test.ts); this file tests the two passes.

const ROOT = new URL('../../', import.meta.url).pathname;

describe('k-anonymize stage in a pipeline run (two passes, worker threads)', () => {
  const dirs: string[] = [];
  const temp = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'veil-kanon-pipeline-'));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    for (const d of dirs.splice(0)) {
      await closeStore(path.join(d, 'store'));
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('pipelines/adult-k-anonymize.yaml: 2 threads, input order, 5-anonymous and 2-diverse, report written', async () => {
    const dir = temp();
    const output = path.join(dir, 'adult.ndjson');
    const loaded = await pipelineFromFile(path.join(ROOT, 'pipelines/adult-k-anonymize.yaml'), {
      storePath: path.join(dir, 'store'),
    });
    // Write the report into the temp dir instead of out/.
    const stage = loaded.resolved.stages[0]!;
    (stage.options as { report: string }).report = path.join(dir, 'report');
    const summary = await loaded.run({ input: `${ADULT}/adult.csv`, output, threads: 2 });

    const { rows } = readAdult();
    const out = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(rows.length);
    expect(summary.recordsOut).toBe(rows.length);
    // Input order and non-QI fields untouched.
    out.forEach((r, i) => expect(r['occupation']).toBe(rows[i]!['occupation']));
    const check = checkModels(out, ADULT_QI, { k: 5, sensitive: 'occupation', l: { variant: 'distinct', l: 2 } }, rows);
    expect(check.violations).toEqual([]);
    expect(check.suppressed).toBeLessThanOrEqual(Math.floor(0.05 * rows.length));

    for (const ext of ['json', 'md', 'html']) expect(existsSync(path.join(dir, `report.${ext}`))).toBe(true);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.metrics.suppressed).toBe(check.suppressed);
  });

  it('suppressed: drop removes the suppressed records and keeps the order of the others', async () => {
    const dir = temp();
    const { rows } = readAdult(2000);
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const output = path.join(dir, 'out.ndjson');
    const p = new Pipeline(
      {
        name: 'drop-suppressed',
        input: { format: 'ndjson' },
        stages: [
          {
            type: 'k-anonymize',
            quasi_identifiers: { ...adultHierarchies(), age: true },
            k: 10,
            algorithm: 'mondrian',
            mondrian_mode: 'relaxed',
            suppression_limit: 0.02,
            suppressed: 'drop',
          },
        ],
      },
      { storePath: path.join(dir, 'store') },
    );
    await p.run({ input, output, threads: 2 });
    const out = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(checkModels(out, ADULT_QI, { k: 10 }).violations).toEqual([]);
    expect(out.length).toBeGreaterThanOrEqual(rows.length - 40);
    expect(out.every((r) => !('_suppressed' in r))).toBe(true);
  });
});
