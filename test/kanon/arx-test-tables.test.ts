import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { ARX_TABLES, checkModels, type CheckModels } from './helpers/checker.js';

type Row = Record<string, string>;

function readTable(name: string): Row[] {
  const lines = readFileSync(`${ARX_TABLES}/${name}`, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(';');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(';').map((v, i) => [header[i]!, v])));
}

function readHierarchy(name: string): Map<string, string[]> {
  const lines = readFileSync(`${ARX_TABLES}/${name}`, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return new Map(lines.map((l) => [l.split(';')[0]!, l.split(';')]));
}

/**
 * Enumerates every full-domain transformation naively (no pruning, no shared code with the
 * search): generalize each row, suppress failing classes, keep the lowest DM within the limit,
 * ties to the lowest height then the lowest level vector.
 */
function bruteForce(rows: Row[], qi: string[], hierarchies: Map<string, string[]>[], models: CheckModels, limit: number) {
  const heights = hierarchies.map((h) => [...h.values()][0]!.length);
  let best: { levels: number[]; dm: number } | undefined;
  const visit = (levels: number[]): void => {
    const published = rows.map((r) => ({ ...r, ...Object.fromEntries(qi.map((q, j) => [q, hierarchies[j]!.get(r[q]!)![levels[j]!]!])) }));
    const check = checkModels(published, qi, models, rows);
    let suppressed = 0;
    let dm = 0;
    for (const [key, members] of check.classes) {
      if (check.failing.has(key)) suppressed += members.length;
      else dm += members.length ** 2;
    }
    if (suppressed > Math.floor(limit * rows.length)) return;
    dm += suppressed * rows.length;
    const height = levels.reduce((a, b) => a + b, 0);
    const bestHeight = best?.levels.reduce((a, b) => a + b, 0) ?? Infinity;
    if (best === undefined || dm < best.dm || (dm === best.dm && height < bestHeight)) best = { levels: [...levels], dm };
  };
  const walk = (j: number, levels: number[]): void => {
    if (j === qi.length) return visit(levels);
    for (let l = 0; l < heights[j]!; l++) walk(j + 1, [...levels, l]);
  };
  walk(0, []);
  return best;
}

describe('k-anonymize optimal: ARX unit-test tables', () => {
  const test = readTable('test.csv');
  const testQi = ['age', 'gender', 'zipcode'];
  const testFiles = testQi.map((q) => `${ARX_TABLES}/test_hierarchy_${q}.csv`);
  const testHierarchies = testFiles.map((f) => readHierarchy(f.split('/').pop()!));

  for (const [k, limit] of [[2, 0], [3, 0], [2, 0.3], [3, 0.3]] as const) {
    it(`test.csv k=${k} suppression ${limit}: same optimum as exhaustive enumeration`, async () => {
      const expected = bruteForce(test, testQi, testHierarchies, { k }, limit)!;
      const result = await kAnonymize(test, {
        quasiIdentifiers: Object.fromEntries(testQi.map((q, j) => [q, { file: testFiles[j]! }])),
        k,
        suppressionLimit: limit,
      });
      expect(Object.values(result.report.transformation!)).toEqual(expected.levels);
      expect(result.report.metrics.discernibility).toBe(expected.dm);
      expect(checkModels(result.records, testQi, { k }).violations).toEqual([]);
    });
  }

  it('test.csv k=2 without suppression: the hand-checked optimum', async () => {
    // By hand: gender must go ((>=50, female) holds only 70/f at any level of the others).
    // Zipcodes at level 2 split into 816** (81667, 81675) and 819** (the five others); ages
    // into <50 and >=50. Classes: (<50, 816**) = 2, (<50, 819**) = 2 (34/f, 45/m), (>=50,
    // 819**) = 3: DM = 4 + 4 + 9 = 17. Every node of height <= 3 leaves a class of 1.
    const result = await kAnonymize(test, {
      quasiIdentifiers: Object.fromEntries(testQi.map((q, j) => [q, { file: testFiles[j]! }])),
      k: 2,
    });
    expect(result.report.transformation).toEqual({ age: 1, gender: 1, zipcode: 2 });
    expect(result.report.metrics.discernibility).toBe(17);
    expect(result.records.map((r) => `${r['age']} ${r['gender']} ${r['zipcode']}`)).toEqual([
      '<50 * 816**',
      '<50 * 816**',
      '>=50 * 819**',
      '>=50 * 819**',
      '<50 * 819**',
      '>=50 * 819**',
      '<50 * 819**',
    ]);
  });

  const test2 = readTable('test2.csv');
  const t2Qi = ['ZIPCode', 'Age'];
  const t2Files = t2Qi.map((q) => `${ARX_TABLES}/test2_hierarchy_${q}.csv`);
  const t2Hierarchies = t2Files.map((f) => readHierarchy(f.split('/').pop()!));
  const t2Options = Object.fromEntries(t2Qi.map((q, j) => [q, { file: t2Files[j]! }]));

  const t2Models: [string, CheckModels][] = [
    ['3-anonymity', { k: 3 }],
    ['distinct 3-diversity on Disease', { k: 3, sensitive: 'Disease', l: { variant: 'distinct', l: 3 } }],
    ['entropy 2-diversity on Disease', { k: 2, sensitive: 'Disease', l: { variant: 'entropy', l: 2 } }],
    ['recursive (3,2)-diversity on Disease', { k: 2, sensitive: 'Disease', l: { variant: 'recursive', l: 2, c: 3 } }],
    ['0.4-closeness (ordered) on Salary', { k: 2, sensitive: 'Salary', t: { distance: 'ordered', t: 0.4 } }],
    ['0.5-closeness (equal) on Disease', { k: 2, sensitive: 'Disease', t: { distance: 'equal', t: 0.5 } }],
  ];
  for (const [name, models] of t2Models) {
    it(`test2.csv ${name}: same optimum as exhaustive enumeration, checked independently`, async () => {
      const expected = bruteForce(test2, t2Qi, t2Hierarchies, models, 0);
      const options = {
        quasiIdentifiers: t2Options,
        k: models.k,
        ...(models.sensitive === undefined ? {} : { sensitive: models.sensitive }),
        ...(models.l === undefined ? {} : { lDiversity: models.l as never }),
        ...(models.t === undefined ? {} : { tCloseness: models.t }),
      };
      if (expected === undefined) {
        await expect(kAnonymize(test2, options)).rejects.toMatchObject({ code: 'VEIL_KANON_NO_SOLUTION' });
        return;
      }
      const result = await kAnonymize(test2, options);
      expect(Object.values(result.report.transformation!)).toEqual(expected.levels);
      expect(result.report.metrics.discernibility).toBe(expected.dm);
      expect(checkModels(result.records, t2Qi, models, test2).violations).toEqual([]);
    });
  }

  it('test2.csv: the t-closeness paper example (Li et al., ICDE 2007, Table 5)', async () => {
    // The paper's 0.167-closeness table on Salary (ordered distance over 3k..11k): classes
    // {4767*: 3k, 5k, 9k}, {4790*: 6k, 11k, 8k}, {4760*: 4k, 7k, 10k}. For {3k, 5k, 9k} the
    // cumulative differences to the uniform 1/9 are 2,1,3,2,1,0,2,1 (ninths): 12/9 / 8 = 1/6.
    const result = await kAnonymize(test2, {
      quasiIdentifiers: t2Options,
      k: 3,
      sensitive: 'Salary',
      tCloseness: { distance: 'ordered', t: 0.1667 },
    });
    const models: CheckModels = { k: 3, sensitive: 'Salary', t: { distance: 'ordered', t: 1 / 6 } };
    const check = checkModels(result.records, t2Qi, models, test2);
    expect(check.violations).toEqual([]);
    const salaries = [...check.classes.values()].map((c) => c.map((r) => Number(r['Salary'])).sort((a, b) => a - b).join(','));
    expect(salaries.sort()).toEqual(['3,5,9', '4,7,10', '6,8,11']);

    // A tighter t cannot be met by splitting: everything ends in one class.
    const tight = await kAnonymize(test2, {
      quasiIdentifiers: t2Options,
      k: 3,
      sensitive: 'Salary',
      tCloseness: { distance: 'ordered', t: 0.16 },
    });
    expect(tight.report.metrics.classes).toBe(1);
  });
});
