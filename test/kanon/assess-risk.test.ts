import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../src/kanon/risk.js';
import { KAnonymizeError } from '../../src/errors/kanon-error.js';

describe('assessRisk: re-identification risk without changing the data', () => {
  const records = [
    { p: { zip: '100' }, age: 30 },
    { p: { zip: '100' }, age: 30 },
    { p: { zip: '100' }, age: 30 },
    { p: { zip: '200' }, age: 40 },
    { p: { zip: '200' }, age: 40 },
    { p: { zip: '300' }, age: 50 },
  ];

  it('prosecutor, journalist and marketer figures from class sizes 3, 2, 1', () => {
    const before = JSON.stringify(records);
    const r = assessRisk(records, ['p.zip', 'age']);
    expect(JSON.stringify(records)).toBe(before);
    expect(r.records).toBe(6);
    expect(r.classes).toBe(3);
    expect(r.uniqueRecords).toBe(1);
    expect(r.prosecutor.highest).toBe(1);
    expect(r.prosecutor.average).toBeCloseTo(3 / 6, 12);
    // Risks 1/3, 1/2, 1 against threshold 0.2: every record is at risk.
    expect(r.prosecutor.recordsAtRisk).toBe(1);
    expect(r.journalist).toEqual(r.prosecutor);
    expect(r.marketer).toBeCloseTo(0.5, 12);
    expect(r.classSizeHistogram).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
  });

  it('a sampling fraction lowers journalist and marketer risk; thresholds count records', () => {
    const r = assessRisk(records, ['p.zip', 'age'], { samplingFraction: 0.5, threshold: 0.4 });
    // Population class sizes 6, 4, 2: risks 1/6, 1/4, 1/2.
    expect(r.journalist.highest).toBeCloseTo(0.5, 12);
    expect(r.journalist.average).toBeCloseTo((3 / 6 + 2 / 4 + 1 / 2) / 6, 12);
    expect(r.journalist.recordsAtRisk).toBeCloseTo(1 / 6, 12);
    // Prosecutor risks 1/3, 1/2, 1: the 2 + 1 records above 0.4.
    expect(r.prosecutor.recordsAtRisk).toBeCloseTo(3 / 6, 12);
    expect(r.marketer).toBeCloseTo(r.journalist.average, 12);
  });

  it('a missing quasi-identifier names the record and field, not the values', () => {
    const bad = [...records, { p: {}, age: 61 }];
    expect(() => assessRisk(bad, ['p.zip', 'age'])).toThrow(KAnonymizeError);
    expect(() => assessRisk(bad, ['p.zip', 'age'])).toThrow("record 6: quasi-identifier 'p.zip' is missing or not a scalar");
    expect(() => assessRisk(bad, ['p.zip', 'age'])).not.toThrow(/61/);
  });
});
