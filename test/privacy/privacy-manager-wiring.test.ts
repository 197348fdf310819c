/**
 * PrivacyManager: the k-anonymity, risk and synthetic-data methods delegate to their modules and
 * give the same answers as calling those modules directly.
 */
import { describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const records = [
  { age: 34, zip: '81667', disease: 'flu' },
  { age: 36, zip: '81668', disease: 'cold' },
  { age: 38, zip: '81669', disease: 'flu' },
  { age: 52, zip: '81675', disease: 'asthma' },
  { age: 55, zip: '81676', disease: 'flu' },
  { age: 57, zip: '81677', disease: 'cold' },
];

describe('privacy manager: k-anonymity, risk and synthetic data', () => {
  const privacy = new PrivacyManager();

  it('k-anonymizes an in-memory table so that every class has at least k records', async () => {
    const result = await privacy.kAnonymize(records, {
      quasiIdentifiers: { age: { interval: [10, 20, '*'] }, zip: { mask: 'right', levels: 5 } },
      k: 3,
    });
    const classes = new Map<string, number>();
    for (const r of result.records) {
      const key = `${String(r['age'])}|${String(r['zip'])}`;
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    expect([...classes.values()].every((n) => n >= 3)).toBe(true);
    expect(result.records.map((r) => r['disease'])).toEqual(records.map((r) => r.disease));
  });

  it('assesses risk without changing the data', () => {
    const risk = privacy.assessRisk(records, ['age', 'zip']);
    // Every record is unique on (age, zip): the prosecutor's highest risk is 1.
    expect(risk.prosecutor.highest).toBe(1);
    expect(records[0]).toEqual({ age: 34, zip: '81667', disease: 'flu' });
  });

  it('generates the same synthetic records for the same seed', () => {
    const schema = { fields: { id: { type: 'uuid' }, name: { type: 'fullName' }, age: { type: 'integer', min: 18, max: 90 } } };
    const a = privacy.generateSyntheticData(schema as never, { count: 20, seed: 7 });
    const b = privacy.generateSyntheticData(schema as never, { count: 20, seed: 7 });
    expect(a).toHaveLength(20);
    expect(a).toEqual(b);
  });
});
