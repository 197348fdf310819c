import { describe, expect, it } from 'vitest';
import {
  DateHierarchy,
  IntervalHierarchy,
  MaskHierarchy,
  OrderedHierarchy,
  SuppressionHierarchy,
  buildHierarchy,
  parseArxHierarchy,
} from '../../src/kanon/hierarchy.js';
import { encodeHierarchy } from '../../src/kanon/table.js';
import { KAnonymizeError } from '../../src/errors/kanon-error.js';

describe('k-anonymize hierarchies', () => {
  it('intervals nest and end in *', () => {
    const h = new IntervalHierarchy('age', [5, 10, 20, '*']);
    expect(h.height).toBe(5);
    expect([0, 1, 2, 3, 4].map((l) => h.generalize('37', l))).toEqual(['37', '[35,40)', '[30,40)', '[20,40)', '*']);
    expect(h.generalize('-3', 1)).toBe('[-5,0)');
    expect(() => new IntervalHierarchy('age', [5, 7])).toThrow(/not a multiple of 5/);
    expect(() => h.generalize('abc', 1)).toThrow(KAnonymizeError);
  });

  it('masks from the right or the left', () => {
    const right = new MaskHierarchy('zip', 'right', 5);
    expect([0, 1, 2, 5].map((l) => right.generalize('81675', l))).toEqual(['81675', '8167*', '816**', '*****']);
    expect(new MaskHierarchy('id', 'left', 2).generalize('1234', 2)).toBe('**34');
  });

  it('dates go through month, quarter, year, decade', () => {
    const h = new DateHierarchy('born', ['month', 'quarter', 'year', 'decade', '*']);
    expect([1, 2, 3, 4, 5].map((l) => h.generalize('1987-08-14', l))).toEqual(['1987-08', '1987-Q3', '1987', '1980s', '*']);
    expect(h.generalize('1987-08-14T10:00:00Z', 3)).toBe('1987');
    expect(() => h.generalize('14/08/1987', 1)).toThrow(/'born': value '14\/08\/1987' is not an ISO date/);
    expect(() => new DateHierarchy('born', ['year', 'month'])).toThrow(/coarser/);
  });

  it('ordered categories group in runs', () => {
    const h = new OrderedHierarchy('grade', ['A', 'B', 'C', 'D', 'E'], [2, 4]);
    expect([0, 1, 2, 3].map((l) => h.generalize('C', l))).toEqual(['C', 'C..D', 'A..D', '*']);
    expect(h.generalize('E', 1)).toBe('E');
    expect(() => new OrderedHierarchy('grade', ['A'], [2, 3])).toThrow(/multiple of 2/);
  });

  it('suppression has one level, *', () => {
    const h = new SuppressionHierarchy('x');
    expect([h.generalize('a', 0), h.generalize('a', 1)]).toEqual(['a', '*']);
  });

  it('ARX CSV: rows, ragged lines and duplicates are reported with file and line', () => {
    const h = parseArxHierarchy('sex', 'Male;*\r\nFemale;*\n\n', 'sex.csv');
    expect(h.height).toBe(2);
    expect(h.generalize('Female', 1)).toBe('*');
    expect(() => parseArxHierarchy('sex', 'Male;*\nFemale\n', 'sex.csv')).toThrow("sex.csv:2: hierarchy for 'sex' has 1 levels, line 1 has 2");
    expect(() => parseArxHierarchy('sex', 'Male;*\nMale;*\n', 'sex.csv')).toThrow('sex.csv:2:');
  });

  it('encoding rejects levels that do not nest', () => {
    const h = buildHierarchy('c', { rows: [['a', 'x', '*'], ['b', 'x', 'y']] }, {});
    expect(() => encodeHierarchy(h, ['a', 'b'])).toThrow(/two parents/);
  });

  it('rare-category folding needs the counts and folds until the group reaches k', () => {
    const counts = new Map([['L', 3], ['R', 4], ['B', 3], ['F', 1], ['I', 1]]);
    const h = buildHierarchy('c', { other: 'Other' }, { counts: () => counts, k: 3 });
    expect(['L', 'R', 'B', 'F', 'I'].map((v) => h.generalize(v, 1))).toEqual(['L', 'R', 'Other', 'Other', 'Other']);
  });
});
