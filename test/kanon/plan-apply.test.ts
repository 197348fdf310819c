import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { planApplier } from '../../src/kanon/plan.js';

describe('k-anonymize plan applied in pass 2', () => {
  const rows = [
    { person: { age: 31, zip: '81667' }, id: 1 },
    { person: { age: 31, zip: '81667' }, id: 2 },
    { person: { age: 47, zip: '81675' }, id: 3 },
    { person: { age: 44, zip: '81679' }, id: 4 },
  ];

  it('generalizes nested fields, keeps ungeneralized values typed, leaves other fields alone', async () => {
    const { records, plan } = await kAnonymize(rows, {
      quasiIdentifiers: { 'person.age': { interval: [10, '*'] }, 'person.zip': { mask: 'right', levels: 5 } },
      k: 2,
    });
    expect(records.map((r) => r['id'])).toEqual([1, 2, 3, 4]);
    for (const r of records) expect(Object.keys(r)).toEqual(['person', 'id', '_suppressed']);
    const ages = records.map((r) => (r['person'] as Record<string, unknown>)['age']);
    // Either kept (a number) or generalized (a label), never the number as a string.
    for (const a of ages) expect(typeof a === 'number' || /^\[|\*/.test(String(a))).toBe(true);
    expect(plan.quasiIdentifiers).toEqual(['person.age', 'person.zip']);
    // The inputs are not modified.
    expect(rows[2]!.person.age).toBe(47);
  });

  it('a value pass 1 did not see fails with the record position and field, not the value', async () => {
    const { plan } = await kAnonymize(rows, {
      quasiIdentifiers: { 'person.age': { interval: [10, '*'] }, 'person.zip': { mask: 'right', levels: 5 } },
      k: 2,
    });
    const apply = planApplier(plan, { suppressed: 'mark', suppressedField: '_suppressed' });
    const act = (): unknown => apply({ person: { age: 99, zip: '81667' } }, { index: 7, line: 9 });
    expect(act).toThrow("record 7 (line 9): quasi-identifier 'person.age' has a value pass 1 did not see");
    expect(act).not.toThrow(/99/);
  });
});
