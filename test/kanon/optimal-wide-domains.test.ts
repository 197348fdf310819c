import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { checkModels, discernibility } from './helpers/checker.js';
import { seededRandom } from '../helpers/random.js';

// The lattice search packs a generalized tuple into 32 bits when the columns' codes fit, into a
// mixed-radix double below 2^51, and into one integer per column beyond. Adult and the ARX
// tables all fit in 32 bits; these tables do not: 5 columns of about 150 distinct values need
// 40 bits (the double), 8 columns more than 2^51 (one integer per column).


function table(columns: number, rows: number, seed: number): Record<string, number>[] {
  const next = seededRandom(seed);
  return Array.from({ length: rows }, () => {
    const row: Record<string, number> = {};
    // Skewed values: many distinct ones, a few frequent, so classes of k form at level 1.
    for (let c = 0; c < columns; c++) row[`c${c}`] = next() < 0.5 ? Math.floor(next() * 1000) : Math.floor(next() * 3) * 100;
    return row;
  });
}

/**
 * Every level vector enumerated, nothing shared with the search: level 0 the value, level 1
 * its hundred, level 2 `*`; failing classes suppressed; lowest DM within the limit, ties to the
 * lowest height, then the first vector in lexicographic order.
 */
function exhaustive(rows: Record<string, number>[], columns: number, k: number, limit: number) {
  let best: { levels: number[]; dm: number } | undefined;
  const label = (v: number, level: number): string => (level === 0 ? String(v) : level === 1 ? String(Math.floor(v / 100)) : '*');
  for (let node = 0; node < 3 ** columns; node++) {
    const levels = Array.from({ length: columns }, (_, c) => Math.floor(node / 3 ** (columns - 1 - c)) % 3);
    const sizes = new Map<string, number>();
    for (const r of rows) {
      const key = levels.map((l, c) => label(r[`c${c}`]!, l)).join('|');
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
    }
    let suppressed = 0;
    let dm = 0;
    for (const s of sizes.values()) {
      if (s < k) suppressed += s;
      else dm += s * s;
    }
    if (suppressed > Math.floor(limit * rows.length)) continue;
    dm += suppressed * rows.length;
    const height = levels.reduce((a, b) => a + b, 0);
    const bestHeight = best?.levels.reduce((a, b) => a + b, 0) ?? Infinity;
    if (best === undefined || dm < best.dm || (dm === best.dm && height < bestHeight)) best = { levels, dm };
  }
  return best!;
}

describe('k-anonymize optimal: tables too wide for 32-bit tuples', () => {
  for (const [columns, rows, packing] of [[5, 400, 'double'], [8, 300, 'tuple']] as const) {
    for (const limit of [0, 0.05]) {
      it(`${columns} columns (${packing} keys), k=3, suppression ${limit * 100}%: same optimum as exhaustive enumeration`, async () => {
        const data = table(columns, rows, columns * 1000 + limit * 100);
        const qi = Array.from({ length: columns }, (_, c) => `c${c}`);
        const domains = qi.map((q) => new Set(data.map((r) => r[q])).size);
        const bits = domains.reduce((a, d) => a + Math.ceil(Math.log2(d)), 0);
        const product = domains.reduce((a, d) => a * d, 1);
        expect(bits).toBeGreaterThan(32);
        if (packing === 'double') expect(product).toBeLessThan(2 ** 51);
        else expect(product).toBeGreaterThanOrEqual(2 ** 51);
        const expected = exhaustive(data, columns, 3, limit);

        const result = await kAnonymize(data, {
          quasiIdentifiers: Object.fromEntries(qi.map((q) => [q, { interval: [100, '*'] }])),
          k: 3,
          suppressionLimit: limit,
        });

        expect(Object.values(result.report.transformation!)).toEqual(expected.levels);
        expect(result.report.metrics.discernibility).toBe(expected.dm);
        expect(checkModels(result.records, qi, { k: 3 }).violations).toEqual([]);
        expect(discernibility(result.records, qi)).toBe(expected.dm);
      });
    }
  }
});
