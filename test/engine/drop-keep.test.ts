/** drop and keep: field removal and allow-lists over nested objects and arrays. */
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';

const record = () => ({
  id: 1,
  ssn: '123-45-6789',
  customer: { name: 'A', email: 'a@example.com', address: { city: 'X', zip: '1' } },
  orders: [
    { total: 5, card: '4111' },
    { total: 7, card: '5500' },
  ],
});

const run = (type: 'drop' | 'keep', fields: string[]) =>
  pipeline({ name: type, input: { format: 'ndjson' }, stages: [{ type, fields }] }).transform(
    record(),
  );

describe('drop and keep', () => {
  it('drop removes top-level, nested and per-element fields', async () => {
    expect(await run('drop', ['ssn', 'customer.email', 'orders[].card', 'missing.path'])).toEqual({
      id: 1,
      customer: { name: 'A', address: { city: 'X', zip: '1' } },
      orders: [{ total: 5 }, { total: 7 }],
    });
  });

  it('keep projects only the listed paths, keeping the structure around them', async () => {
    expect(await run('keep', ['id', 'customer.address.city', 'orders[].total', 'absent'])).toEqual({
      id: 1,
      customer: { address: { city: 'X' } },
      orders: [{ total: 5 }, { total: 7 }],
    });
    expect(await run('keep', ['customer'])).toEqual({ customer: record().customer });
  });

  it('bad paths are pipeline errors', () => {
    expect(() =>
      pipeline({
        name: 'x',
        input: { format: 'ndjson' },
        stages: [{ type: 'drop', fields: ['a..b'] }],
      }),
    ).toThrow(/stage 'drop': fields\[0\]: field path 'a\.\.b': empty segment 2/);
  });
});
