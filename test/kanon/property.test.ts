import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { checkModels } from './helpers/checker.js';

// Random small tables: whatever the data, published classes satisfy the models and every
// record keeps its position.
const record = fc.record({
  age: fc.integer({ min: 0, max: 99 }),
  zip: fc.integer({ min: 10000, max: 10099 }).map(String),
  sex: fc.constantFrom('F', 'M', 'X'),
  disease: fc.constantFrom('flu', 'cold', 'asthma', 'ulcer'),
});

describe('k-anonymize property: models hold on random tables', () => {
  for (const algorithm of ['optimal', 'mondrian'] as const) {
    it(`${algorithm}: k-anonymity and distinct 2-diversity`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(record, { minLength: 8, maxLength: 60 }),
          fc.integer({ min: 2, max: 4 }),
          fc.constantFrom('strict', 'relaxed'),
          async (rows, k, mode) => {
            const result = await kAnonymize(rows, {
              quasiIdentifiers: {
                age: { interval: [10, 50, '*'] },
                zip: { mask: 'right', levels: 5 },
                sex: { suppress: true },
              },
              sensitive: 'disease',
              k,
              lDiversity: { variant: 'distinct', l: 2 },
              suppressionLimit: 1,
              algorithm,
              mondrianMode: mode,
            });
            const check = checkModels(result.records, ['age', 'zip', 'sex'], {
              k,
              sensitive: 'disease',
              l: { variant: 'distinct', l: 2 },
            });
            expect(check.violations).toEqual([]);
            expect(result.records).toHaveLength(rows.length);
            result.records.forEach((r, i) => expect(r['disease']).toBe(rows[i]!.disease));
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});
