import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KAnonymityCollector } from '../../src/kanon/collector.js';
import { resolveOptions } from '../../src/kanon/options.js';
import { planApplier, type KAnonymityPlan } from '../../src/kanon/plan.js';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { closeStore, openStore, openSubDatabase } from '../../src/store/environment.js';
import { ADULT_QI, adultHierarchies, checkModels, readAdult } from './helpers/checker.js';

const { rows } = readAdult(6000);
// Five quasi-identifiers keep the lattice small: this file tests the collector, not the search.
const QI = ADULT_QI.slice(0, 5);
const hierarchies = Object.fromEntries(QI.map((q) => [q, adultHierarchies()[q]!]));
const options = resolveOptions({
  quasiIdentifiers: hierarchies,
  sensitive: 'occupation',
  k: 5,
  lDiversity: { variant: 'distinct', l: 2 },
  suppressionLimit: 0.05,
});

describe('k-anonymize collector: LMDB spill and partial merges', () => {
  const dirs: string[] = [];
  const tempStore = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-collector-'));
    dirs.push(dir);
    return path.join(dir, 'store');
  };
  afterEach(async () => {
    for (const d of dirs.splice(0)) {
      await closeStore(path.join(d, 'store'));
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('spills chunks past the memory budget and gives the same plan as in memory', async () => {
    const storePath = tempStore();
    const spilling = new KAnonymityCollector(options, { storePath, memoryBudgetBytes: 4096, chunkRecords: 250 });
    const inMemory = new KAnonymityCollector(options, { storePath, memoryBudgetBytes: 1 << 30, chunkRecords: 250 });
    rows.forEach((r, index) => {
      spilling.observe({ ...r }, { index });
      inMemory.observe({ ...r }, { index });
    });
    // 24 chunks of 250 records x 6 columns x 4 bytes = 6,000 bytes each: none fits in 4 KiB.
    expect(spilling.spilledChunks).toBe(24);
    expect(inMemory.spilledChunks).toBe(0);

    const db = openSubDatabase<Buffer, [string, number]>(openStore(storePath), 'kanon-scratch', { encoding: 'binary' });
    expect([...db.getKeys()].length).toBe(24);

    const [a, b] = await Promise.all([spilling.finish(), inMemory.finish()]);
    expect({ ...a, report: null }).toEqual({ ...b, report: null });
    // finish() deletes the scratch chunks of its run.
    expect([...db.getKeys()].length).toBe(0);

    const apply = planApplier(a, { suppressed: 'mark', suppressedField: '_suppressed' });
    const out = rows.map((r, index) => apply({ ...r }, { index })!);
    const check = checkModels(out, QI, { k: 5, sensitive: 'occupation', l: { variant: 'distinct', l: 2 } }, rows);
    expect(check.violations).toEqual([]);
  });

  it('exportPartial per chunk of input + absorb gives the plan of one collector over all', async () => {
    const storePath = tempStore();
    const parts = [rows.slice(0, 1000), rows.slice(1000, 3500), rows.slice(3500)];
    const partials = [];
    for (const part of parts) {
      const c = new KAnonymityCollector(options, { storePath, memoryBudgetBytes: 1 << 20 });
      part.forEach((r, index) => c.observe(r, { index }));
      partials.push(JSON.parse(JSON.stringify(await c.exportPartial())));
    }
    const reducer = new KAnonymityCollector(options, { storePath, memoryBudgetBytes: 1 << 20 });
    for (const p of partials) await reducer.absorb(p);
    const merged = (await reducer.finish()) as KAnonymityPlan;

    const direct = await kAnonymize(rows, {
      quasiIdentifiers: hierarchies,
      sensitive: 'occupation',
      k: 5,
      lDiversity: { variant: 'distinct', l: 2 },
      suppressionLimit: 0.05,
    });
    expect(merged.report).toMatchObject({ transformation: direct.report.transformation });
    const apply = planApplier(merged, { suppressed: 'mark', suppressedField: '_suppressed' });
    const out = rows.map((r, index) => apply({ ...r }, { index }));
    expect(out).toEqual(direct.records);
  });

  it('absorb refuses a partial of other columns', async () => {
    const c = new KAnonymityCollector(options, { storePath: tempStore(), memoryBudgetBytes: 1 << 20 });
    await expect(c.absorb({ version: 1, columns: ['x'], dictionaries: [], rows: [], weights: [] })).rejects.toThrow(
      /does not match/,
    );
  });

  it('a record without a quasi-identifier fails with its index and the field, not its values', () => {
    const c = new KAnonymityCollector(options, { storePath: tempStore(), memoryBudgetBytes: 1 << 20 });
    const { age: _age, ...rest } = rows[0]!;
    expect(() => c.observe(rest, { index: 41, line: 43 })).toThrow("record 41 (line 43): field 'age' is missing or not a scalar");
    try {
      c.observe(rest, { index: 41 });
    } catch (e) {
      expect(String(e)).not.toContain(String(rows[0]!['education']));
    }
  });
});
