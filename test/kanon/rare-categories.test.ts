import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { foldRareCategories } from '../../src/kanon/hierarchy.js';

// BR-26 (reported-failures.jsonl): folding only the categories below k into 'Other' left the
// new 'Other' class itself below k.
const values = ['L', 'R', 'L', 'B', 'B', 'B', 'L', 'R', 'R', 'R', 'F', 'I'];

describe('k-anonymize: folding rare categories into Other (BR-26)', () => {
  it('every output value occurs >= 3 times; L and R are kept; Other has 5 records', async () => {
    const result = await kAnonymize(
      values.map((v) => ({ c: v })),
      { quasiIdentifiers: { c: { other: 'Other' } }, k: 3 },
    );
    const out = result.records.map((r) => r['c'] as string);
    const counts = new Map<string, number>();
    for (const v of out) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(3);
    expect(counts.get('L')).toBe(3);
    expect(counts.get('R')).toBe(4);
    expect(counts.get('Other')).toBe(5);
    expect(result.report.transformation).toEqual({ c: 1 });
  });

  it('property: the folded group and every kept value reach k whenever the column has k records', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 })), { maxLength: 12 }),
        fc.integer({ min: 1, max: 10 }),
        (entries, k) => {
          const counts = new Map(entries);
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          const folded = foldRareCategories(counts, k);
          let group = 0;
          for (const [v, n] of counts) {
            if (folded.has(v)) group += n;
            else expect(n).toBeGreaterThanOrEqual(k);
          }
          if (total >= k && folded.size > 0) expect(group).toBeGreaterThanOrEqual(k);
        },
      ),
    );
  });
});
