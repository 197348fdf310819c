import { describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import type { KAnonymizeOptions } from '../../src/kanon/options.js';
import { ADULT_QI, adultHierarchies, checkModels, readAdult, type CheckModels } from './helpers/checker.js';

// Occupation as the sensitive attribute of Adult; a 5,000-row slice keeps the suite quick.
const { rows } = readAdult(5000);
const QI = ADULT_QI.slice(0, 5);
const hierarchies = Object.fromEntries(QI.map((q) => [q, adultHierarchies()[q]!]));

const models: [string, Partial<KAnonymizeOptions>, CheckModels][] = [
  ['distinct 3-diversity', { lDiversity: { variant: 'distinct', l: 3 } }, { k: 5, l: { variant: 'distinct', l: 3 } }],
  ['entropy 3-diversity', { lDiversity: { variant: 'entropy', l: 3 } }, { k: 5, l: { variant: 'entropy', l: 3 } }],
  [
    'recursive (2,3)-diversity',
    { lDiversity: { variant: 'recursive', l: 3, c: 2 } },
    { k: 5, l: { variant: 'recursive', l: 3, c: 2 } },
  ],
  ['0.2-closeness, equal distance', { tCloseness: { distance: 'equal', t: 0.2 } }, { k: 5, t: { distance: 'equal', t: 0.2 } }],
  ['0.1-closeness, ordered distance', { tCloseness: { distance: 'ordered', t: 0.1 } }, { k: 5, t: { distance: 'ordered', t: 0.1 } }],
];

describe('k-anonymize: l-diversity and t-closeness hold on the output (independent checker)', () => {
  for (const [name, extra, check] of models) {
    for (const algorithm of ['optimal', 'mondrian'] as const) {
      it(`${algorithm}: ${name} on occupation`, async () => {
        const result = await kAnonymize(rows, {
          quasiIdentifiers: hierarchies,
          sensitive: 'occupation',
          k: 5,
          suppressionLimit: 0.02,
          algorithm,
          mondrianMode: 'relaxed',
          ...extra,
        });
        const verdict = checkModels(result.records, QI, { ...check, sensitive: 'occupation' }, rows);
        expect(verdict.violations).toEqual([]);
        expect(verdict.suppressed).toBeLessThanOrEqual(Math.floor(0.02 * rows.length));
        expect(verdict.classes.size).toBe(result.report.metrics.classes);
      });
    }
  }
});
