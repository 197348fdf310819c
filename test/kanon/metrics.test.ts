import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';

// Ten records, hand-checkable. At k=2 with 20% suppression, DM prefers age in decades with
// sex kept and the lone 65-year-old suppressed (25 + 16 + 10 = 51) over age '*' (36 + 16 = 52);
// [1, 1] ties at 51 and loses to the lower node.
const rows = [
  { age: 21, sex: 'F' },
  { age: 25, sex: 'F' },
  { age: 23, sex: 'F' },
  { age: 27, sex: 'F' },
  { age: 29, sex: 'F' },
  { age: 34, sex: 'M' },
  { age: 36, sex: 'M' },
  { age: 38, sex: 'M' },
  { age: 31, sex: 'M' },
  { age: 65, sex: 'F' },
];

describe('k-anonymize metrics on a hand-checked table', () => {
  it('DM, C_avg, GCP, loss, entropy and risks', async () => {
    const result = await kAnonymize(rows, {
      quasiIdentifiers: { age: { interval: [10, '*'] }, sex: { suppress: true } },
      k: 2,
      suppressionLimit: 0.2,
    });
    const m = result.report.metrics;
    expect(result.report.transformation).toEqual({ age: 1, sex: 0 });
    expect(m.classes).toBe(2);
    expect(m.suppressed).toBe(1);
    expect(m.discernibility).toBe(51);
    expect(m.averageClassSizeMetric).toBeCloseTo(9 / 2 / 2, 12);
    expect(m.minClassSize).toBe(4);
    expect(m.maxClassSize).toBe(5);

    // Ages span 21..65 = 44; [20,30) covers 21..29 (width 8), [30,40) 31..38 (width 7).
    const ncpAge = (5 * (8 / 44) + 4 * (7 / 44) + 1) / 10;
    expect(m.ncpPerColumn['age']).toBeCloseTo(ncpAge, 12);
    expect(m.ncpPerColumn['sex']).toBeCloseTo(1 / 10, 12);
    expect(m.gcp).toBeCloseTo((ncpAge + 1 / 10) / 2, 12);

    // Loss counts covered values among the 10 distinct ages: 5 and 4.
    const lossAge = (5 * (4 / 9) + 4 * (3 / 9) + 1) / 10;
    expect(m.lossPerColumn['age']).toBeCloseTo(lossAge, 12);

    // Non-uniform entropy: ages are unique, so a label covering c ages costs log2(c) bits per
    // record; the suppressed record costs log2(10) for age and log2(10/6) for sex (6 F of 10).
    const entropy = 5 * Math.log2(5) + 4 * Math.log2(4) + Math.log2(10) + Math.log2(10 / 6);
    const max = 10 * Math.log2(10) + 6 * Math.log2(10 / 6) + 4 * Math.log2(10 / 4);
    expect(m.nonUniformEntropy).toBeCloseTo(entropy, 9);
    expect(m.nonUniformEntropyShare).toBeCloseTo(entropy / max, 9);

    // Prosecutor: 1/5 for 5 records, 1/4 for 4; average 2 classes / 9 records; above 0.2: the 4.
    expect(m.risk.prosecutor.highest).toBeCloseTo(1 / 4, 12);
    expect(m.risk.prosecutor.average).toBeCloseTo(2 / 9, 12);
    expect(m.risk.prosecutor.recordsAtRisk).toBeCloseTo(4 / 9, 12);
    expect(m.risk.marketer).toBeCloseTo(2 / 9, 12);
    expect(m.classSizeHistogram).toEqual([
      [4, 1],
      [5, 1],
    ]);
  });

  it('the optimal loss metric may choose a different node than DM', async () => {
    const dm = await kAnonymize(rows, { quasiIdentifiers: { age: { interval: [10, 20, '*'] }, sex: { suppress: true } }, k: 2, suppressionLimit: 0.2 });
    const loss = await kAnonymize(rows, {
      quasiIdentifiers: { age: { interval: [10, 20, '*'] }, sex: { suppress: true } },
      k: 2,
      suppressionLimit: 0.2,
      metric: 'loss',
    });
    expect(loss.report.metrics.loss).toBeLessThanOrEqual(dm.report.metrics.loss);
    expect(dm.report.metrics.discernibility).toBeLessThanOrEqual(loss.report.metrics.discernibility);
  });
});
