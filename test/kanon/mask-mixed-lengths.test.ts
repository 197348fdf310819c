/**
 * Mask hierarchies over values of different lengths: a value no longer than the level is masked
 * whole to the same label as every other such value, so short and long values meet at the top
 * (round 13: `****` and `*****` never merged and no transformation satisfied k = 2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaskHierarchy } from '../../src/kanon/hierarchy.js';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';

describe('mask hierarchy: values of different lengths', () => {
  it('masks a short value whole to the width of the level', () => {
    const right = new MaskHierarchy('zip', 'right', 5);
    expect([0, 1, 3, 4, 5].map((l) => right.generalize('1234', l))).toEqual(['1234', '123*', '1***', '****', '*****']);
    expect(right.generalize('12345', 5)).toBe('*****');
    expect(new MaskHierarchy('id', 'left', 3).generalize('12', 3)).toBe('***');
    // Same-length values keep their labels.
    expect([1, 2, 5].map((l) => right.generalize('81675', l))).toEqual(['8167*', '816**', '*****']);
  });

  it('keeps one parent per label, whatever the lengths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[0-9a-z]{1,7}$/), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('right' as const, 'left' as const),
        (values, levels, direction) => {
          const h = new MaskHierarchy('q', direction, levels);
          for (let level = 0; level < levels; level++) {
            const parents = new Map<string, string>();
            for (const v of values) {
              const label = h.generalize(v, level);
              const parent = h.generalize(v, level + 1);
              expect(parents.get(label) ?? parent).toBe(parent);
              parents.set(label, parent);
            }
          }
          // At a level as long as the longest value, everything meets.
          const longest = Math.max(...values.map((v) => v.length));
          if (longest <= levels) expect(new Set(values.map((v) => h.generalize(v, levels))).size).toBe(1);
        },
      ),
    );
  });

  it('k-anonymizes zips of mixed lengths without suppression', async () => {
    const rows = ['12345', '12346', '1234', '12347'].map((zip, id) => ({ id, zip }));
    const { records } = await kAnonymize(rows, { quasiIdentifiers: { zip: { mask: 'right', levels: 5 } }, k: 2 });
    expect(records.map((r) => [r['zip'], r['_suppressed']])).toEqual(Array(4).fill(['*****', false]));
  });
});
