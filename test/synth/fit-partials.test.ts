/**
 * synthesize-fit collector for distributed runs: partials exported per chunk and absorbed by a
 * reducer give a plan over all records (count, no-copy filter over every chunk), and the plan
 * survives a JSON round trip (it travels to workers and queue jobs as JSON).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { JsonRecord } from '../../src/engine/stage.js';
import { BloomFilter } from '../../src/synth/bloom-filter.js';
import { quasiKey } from '../../src/synth/fit/model.js';
import { FitCollector, fitOptionsSchema, syntheticApplier, type FitPlan } from '../../src/synth/fit/stage-support.js';

const rows = (parse(readFileSync(path.resolve('data/adult/adult.csv')), { columns: true, delimiter: ';' }) as JsonRecord[]).slice(0, 4000);
const QI = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'];

describe('synthesize-fit partials', () => {
  it('merges chunk partials into one plan whose filter covers every chunk', async () => {
    const options = fitOptionsSchema.parse({ quasi_identifiers: QI, calibration_rounds: 1, sample_rows: 1500 });
    const chunks = [rows.slice(0, 1500), rows.slice(1500, 2600), rows.slice(2600)];
    const partials = [];
    for (const chunk of chunks) {
      const collector = new FitCollector(options);
      for (const record of chunk) collector.observe(record);
      partials.push(JSON.parse(JSON.stringify(await collector.exportPartial())));
    }
    const reducer = new FitCollector(options);
    for (const partial of partials) await reducer.absorb(partial);
    const plan = JSON.parse(JSON.stringify(await reducer.finish())) as FitPlan;

    expect(plan.model.rows).toBe(1500);
    const filter = BloomFilter.fromJSON(plan.filter);
    // No false negatives: every real record of every chunk is in the no-copy filter.
    for (const record of rows) expect(filter.mightContain(quasiKey(record, QI))).toBe(true);

    const apply = syntheticApplier(options, plan);
    const realKeys = new Set(rows.map((r) => quasiKey(r, QI)));
    for (let i = 0; i < 2000; i++) {
      const synthetic = apply({}, { index: i })!;
      expect(realKeys.has(quasiKey(synthetic, QI))).toBe(false);
    }
  });
});
