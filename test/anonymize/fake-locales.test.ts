import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { validateOperatorSpec } from '../../src/anonymize/config.js';
import { FAKER_LOCALES } from '../../src/anonymize/operators/fake.js';

describe('fake operator locales', () => {
  it('lists exactly the locales of the installed faker', () => {
    expect([...FAKER_LOCALES].sort()).toEqual(Object.keys(allLocales).sort());
  });

  it('an unknown locale is refused with examples of valid codes, the value not echoed', () => {
    const refuse = () => validateOperatorSpec({ operator: 'fake', key: 'env:VEIL_FAKE_KEY', locale: 'xx_QQ' }, 'stage #1', 'entities.PERSON');
    expect(refuse).toThrow(/entities\.PERSON: .*locale: unknown locale; use a faker locale code such as en, en_US/);
    expect(refuse).not.toThrow(/xx_QQ/);
    expect(validateOperatorSpec({ operator: 'fake', key: 'env:VEIL_FAKE_KEY', locale: 'de_CH' }, 'stage #1', 'entities.PERSON')).toMatchObject({
      locale: 'de_CH',
    });
  });
});
