/**
 * synthesize-fit: numeric values seen fewer than `min_category_count` times are never written.
 * The attack a break-it tester found: 300 random 9-digit account and SSN numbers came back one
 * for one, because every bin replayed its own empirical values. Values seen often enough (ages)
 * are still replayed, drawn values keep the column's digits and decimals, a row-number column
 * (every integer of its range is a real value) still gets no real value, and a seed still
 * fixes the output.
 */
import { describe, expect, it } from 'vitest';
import type { JsonRecord } from '../../src/engine/stage.js';
import { fitSynthesizer } from '../../src/synth/fit/stage-support.js';
import { SeededRandom } from '../../src/synth/random.js';

const CITIES = ['Paris', 'Lyon', 'Nice', 'Lille', 'Metz'];

/** Rows as CSV gives them (strings): two 9-digit identifiers, an age and a city. */
function accounts(count: number, seed: number): JsonRecord[] {
  const rng = new SeededRandom([seed]);
  return Array.from({ length: count }, (_, i) => ({
    acct: String(rng.int(100_000_000, 999_999_999)),
    ssn_num: String(rng.int(100_000_000, 999_999_999)),
    age: String(rng.int(18, 77)),
    city: CITIES[i % CITIES.length]!,
  }));
}

function countsOf(rows: readonly JsonRecord[], field: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row[field]), (counts.get(String(row[field])) ?? 0) + 1);
  return counts;
}

/** Synthetic values of `field` that equal a real value seen fewer than `k` times. */
function rareCopies(real: readonly JsonRecord[], synthetic: readonly JsonRecord[], field: string, k = 5): number {
  const counts = countsOf(real, field);
  return synthetic.filter((row) => {
    const seen = counts.get(String(row[field])) ?? 0;
    return seen > 0 && seen < k;
  }).length;
}

describe('synthesize-fit numeric values', () => {
  it('writes none of 300 unique 9-digit identifiers back', async () => {
    const real = accounts(300, 11);
    expect(countsOf(real, 'acct').size).toBe(300);
    const synth = await fitSynthesizer(real, { seed: 2 });
    const synthetic = synth.sample(300);

    for (const field of ['acct', 'ssn_num']) {
      const realValues = new Set(real.map((r) => r[field]));
      expect(synthetic.filter((r) => realValues.has(r[field])).length, field).toBe(0);
      // Drawn within the real bins: still 9-digit numbers, written as the input wrote them.
      for (const row of synthetic) expect(row[field]).toMatch(/^[1-9]\d{8}$/);
    }
    expect(rareCopies(real, synthetic, 'age')).toBe(0);
  });

  it('still replays values shared by enough records, so the marginal holds', async () => {
    const real = accounts(3000, 12);
    const synthetic = (await fitSynthesizer(real, { seed: 3 })).sample(3000);
    // Ages 18..77 are ~50 records each here: all common, all replayed.
    const realAges = countsOf(real, 'age');
    expect(synthetic.every((r) => realAges.has(String(r.age)))).toBe(true);
    const mean = (rows: readonly JsonRecord[]) => rows.reduce((s, r) => s + Number(r.age), 0) / rows.length;
    expect(Math.abs(mean(synthetic) - mean(real))).toBeLessThan(1);

    const realAcct = real.map((r) => Number(r.acct)).sort((a, b) => a - b);
    const synthAcct = synthetic.map((r) => Number(r.acct)).sort((a, b) => a - b);
    // Quantiles of the drawn identifiers follow the real ones (within 2% of the range).
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9]) {
      const at = (sorted: number[]) => sorted[Math.floor(q * (sorted.length - 1))]!;
      expect(Math.abs(at(synthAcct) - at(realAcct)) / 9e8).toBeLessThan(0.02);
    }
  });

  it('gives a row-number column no real value, and keeps decimals', async () => {
    const rng = new SeededRandom([5]);
    const real: JsonRecord[] = Array.from({ length: 400 }, (_, i) => ({
      row: i + 1,
      amount: (rng.int(100, 99_999) / 100).toFixed(2),
      city: CITIES[i % CITIES.length]!,
    }));
    const synthetic = (await fitSynthesizer(real, { seed: 4 })).sample(400);
    expect(rareCopies(real, synthetic, 'row')).toBe(0);
    expect(rareCopies(real, synthetic, 'amount')).toBe(0);
    for (const row of synthetic) {
      expect(typeof row.row).toBe('number');
      expect(Number.isInteger(row.row)).toBe(true);
      expect(row.amount).toMatch(/^\d+\.\d\d$/);
    }
  });

  it('draws the same records for the same seed', async () => {
    const real = accounts(300, 13);
    const a = (await fitSynthesizer(real, { seed: 9 })).sample(100);
    const b = (await fitSynthesizer(real, { seed: 9 })).sample(100);
    const c = (await fitSynthesizer(real, { seed: 10 })).sample(100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
