/** Schemas shared by the synth tests. */
import type { SynthSchemaInput } from '../../src/synth/schema.js';

/** A customer table touching every primitive, nesting, arrays, references and locales. */
export const customerSchema: SynthSchemaInput = {
  name: 'customers',
  fields: {
    id: { type: 'uuid', unique: true },
    first_name: { type: 'firstName', locale: 'de' },
    last_name: { type: 'lastName', locale: 'de' },
    email: { type: 'email', from: { firstName: 'first_name', lastName: 'last_name' }, unique: true },
    age: { type: 'integer', min: 18, max: 90, distribution: 'normal', mean: 40, stddev: 12 },
    score: { type: 'number', min: 0, max: 1, precision: 3 },
    vip: { type: 'boolean', probability: 0.1 },
    plan: { type: 'enum', values: ['free', 'pro', 'team'], weights: [70, 25, 5] },
    signup: { type: 'date', format: 'date' },
    last_seen: { type: 'date', format: 'datetime', nullRate: 0.2 },
    birth: { type: 'birthdate' },
    iban: { type: 'iban', country: 'DE' },
    card: { type: 'creditCard', formatted: true },
    address: {
      type: 'object',
      fields: { street: { type: 'streetAddress' }, city: { type: 'city' }, zip: { type: 'zipCode' } },
    },
    phones: { type: 'array', items: { type: 'phone' }, minItems: 1, maxItems: 3 },
    greeting: { type: 'template', template: 'Hallo {first_name} aus {address.city}' },
  },
};
