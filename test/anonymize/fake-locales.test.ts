import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { FAKER_LOCALES } from '../../src/anonymize/operators/fake.js';

describe('fake operator locales', () => {
  it('lists exactly the locales of the installed faker', () => {
    expect([...FAKER_LOCALES].sort()).toEqual(Object.keys(allLocales).sort());
  });
});
