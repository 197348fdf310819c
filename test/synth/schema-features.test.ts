/**
 * synth: schema features - primitives within their parameters, nesting and arrays, unique
 * fields, references between fields, per-field and per-run locales.
 */
import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../src/errors/synth-error.js';
import { generateSyntheticData } from '../../src/synth/generate.js';
import { asciiSlug } from '../../src/synth/semantic.js';
import { customerSchema } from './_schemas.js';

describe('synth schema features', () => {
  const records = generateSyntheticData(customerSchema, { count: 2_000, seed: 3 });

  it('keeps primitives inside their parameters and declared key order', () => {
    for (const r of records) {
      expect(Object.keys(r)).toEqual(Object.keys(customerSchema.fields as object));
      expect(Number.isInteger(r['age'])).toBe(true);
      expect(r['age']).toBeGreaterThanOrEqual(18);
      expect(r['age']).toBeLessThanOrEqual(90);
      expect(r['score']).toBeGreaterThanOrEqual(0);
      expect(r['score']).toBeLessThanOrEqual(1);
      expect(String(r['score'])).toMatch(/^\d(\.\d{1,3})?$/);
      expect(['free', 'pro', 'team']).toContain(r['plan']);
      expect(r['signup']).toMatch(/^\d{4}-\d\d-\d\d$/);
      // Default date range: ten years up to the pinned reference date.
      expect((r['signup'] as string) >= '2014-01-01' && (r['signup'] as string) <= '2024-01-01').toBe(true);
      expect(Array.isArray(r['phones'])).toBe(true);
      expect((r['phones'] as unknown[]).length).toBeGreaterThanOrEqual(1);
      expect((r['phones'] as unknown[]).length).toBeLessThanOrEqual(3);
      expect(Object.keys(r['address'] as object)).toEqual(['street', 'city', 'zip']);
    }
  });

  it('follows weights, probabilities, normal shape and null rates', () => {
    const share = (pred: (r: (typeof records)[number]) => boolean): number => records.filter(pred).length / records.length;
    expect(share((r) => r['plan'] === 'free')).toBeCloseTo(0.7, 1);
    expect(share((r) => r['plan'] === 'team')).toBeCloseTo(0.05, 1);
    expect(share((r) => r['vip'] === true)).toBeCloseTo(0.1, 1);
    expect(share((r) => r['last_seen'] === null)).toBeCloseTo(0.2, 1);
    const ages = records.map((r) => r['age'] as number);
    const mean = ages.reduce((a, b) => a + b, 0) / ages.length;
    expect(mean).toBeGreaterThan(38);
    expect(mean).toBeLessThan(42.5);
  });

  it('derives emails and templates from the same record, after the fields they reference', () => {
    for (const r of records) {
      const first = asciiSlug(r['first_name'] as string);
      const last = asciiSlug(r['last_name'] as string);
      const local = (r['email'] as string).split('@')[0]!;
      expect(local.includes(last) && (local.includes(first) || local.startsWith(first.charAt(0)))).toBe(true);
      expect(r['greeting']).toBe(`Hallo ${r['first_name'] as string} aus ${(r['address'] as { city: string }).city}`);
    }
  });

  it('draws names from the field locale (de) and other fields from the run locale (en)', () => {
    const deFirst = new Set(Object.values(allLocales.de.person!.first_name!).flat() as string[]);
    const deLast = new Set(Object.values(allLocales.de.person!.last_name!).flat() as string[]);
    for (const r of records) {
      expect(deFirst.has(r['first_name'] as string)).toBe(true);
      expect(deLast.has(r['last_name'] as string)).toBe(true);
    }
    const german = generateSyntheticData({ locale: 'de', fields: { name: { type: 'lastName' } } }, { count: 200, seed: 1 });
    const english = generateSyntheticData({ fields: { name: { type: 'lastName' } } }, { count: 200, seed: 1 });
    expect(german.every((r) => deLast.has(r['name'] as string))).toBe(true);
    expect(english.filter((r) => deLast.has(r['name'] as string)).length).toBeLessThan(40);
  });

  it('keeps unique fields unique, also on a small domain, and fails clearly when the domain runs out', () => {
    expect(new Set(records.map((r) => r['email'])).size).toBe(records.length);
    expect(new Set(records.map((r) => r['id'])).size).toBe(records.length);

    const small = generateSyntheticData({ fields: { n: { type: 'integer', min: 1, max: 300, unique: true } } }, { count: 300, seed: 4 });
    expect(new Set(small.map((r) => r['n'])).size).toBe(300);

    expect(() =>
      generateSyntheticData({ fields: { b: { type: 'boolean', unique: true } } }, { count: 3, seed: 1 }),
    ).toThrow(/record 2: no unique value left for field\(s\) b/);
  });

  it('rejects references to missing fields, into arrays, and cycles', () => {
    expect(() =>
      generateSyntheticData({ fields: { t: { type: 'template', template: '{nope}' } } }, { count: 1, seed: 1 }),
    ).toThrow(/field t: reference 'nope' does not name a field/);
    expect(() =>
      generateSyntheticData(
        { fields: { a: { type: 'template', template: '{b}' }, b: { type: 'template', template: '{a}' } } },
        { count: 1, seed: 1 },
      ),
    ).toThrow(SynthError);
    expect(() =>
      generateSyntheticData(
        { fields: { list: { type: 'array', items: { type: 'uuid', unique: true } } } },
        { count: 1, seed: 1 },
      ),
    ).toThrow(/unique is not allowed under an array/);
  });

  it('generates arrays of objects and nested objects', () => {
    const orders = generateSyntheticData(
      {
        fields: {
          customer: { type: 'fullName' },
          items: {
            type: 'array',
            minItems: 2,
            maxItems: 2,
            items: { type: 'object', fields: { sku: { type: 'string', charset: 'upper', minLength: 6, maxLength: 6 }, qty: { type: 'integer', min: 1, max: 5 } } },
          },
        },
      },
      { count: 50, seed: 9 },
    );
    for (const order of orders) {
      const items = order['items'] as { sku: string; qty: number }[];
      expect(items).toHaveLength(2);
      for (const item of items) {
        expect(item.sku).toMatch(/^[A-Z]{6}$/);
        expect(item.qty).toBeGreaterThanOrEqual(1);
        expect(item.qty).toBeLessThanOrEqual(5);
      }
    }
  });
});
