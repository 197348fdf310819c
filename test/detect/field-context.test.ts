/**
 * Field-name context (round 12): the key a value sits under is evidence. A value with no
 * context word of its own (`{"password": "hunter2"}`, a `phone` column of "0171 1234567") was
 * left in clear; the key now raises weak candidates of its type, and a value with the type's
 * shape and no finding of it is reported whole. Values that say "no value" are not.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { detectionOptions } from '../../src/detect/config.js';
import {
  createFieldContext,
  normalizeKey,
  plausibleFor,
  type FieldHint,
} from '../../src/detect/field-context.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const analyzer = createAnalyzer();
const context = createFieldContext(true)!;

/** The findings of `value` read as the value of the field at `path`. */
function analyzeField(value: string, path: string, a = analyzer) {
  const hint = context.hintFor(path);
  return a.analyze(value, hint === undefined ? undefined : { field: hint, explain: true });
}

describe('field-name context: keys', () => {
  it('folds camelCase, dashes, spaces and accents to the table form', () => {
    expect(normalizeKey('firstName')).toBe('first_name');
    expect(normalizeKey('APIKey')).toBe('api_key');
    expect(normalizeKey('Zip-Code')).toBe('zip_code');
    expect(normalizeKey('address line1')).toBe('address_line1');
    expect(normalizeKey('Straße')).toBe('strasse');
    expect(normalizeKey('contraseña')).toBe('contrasena');
  });

  it('reads the last key of a path, and the tail of a longer key except for common words', () => {
    expect(context.hintFor('customer.phone')).toEqual({ type: 'PHONE_NUMBER', key: 'phone' });
    expect(context.hintFor('contacts[2].homePhone')).toEqual({ type: 'PHONE_NUMBER', key: 'phone' });
    expect(context.hintFor('tags[0]')).toBeUndefined();
    expect(context.hintFor('billing_zip_code')?.type).toBe('ZIP_CODE');
    expect(context.hintFor('Passwort')?.type).toBe('CREDENTIAL');
    expect(context.hintFor('ville')?.type).toBe('LOCATION');
    // "name" and "pass" only as the whole key: a file name is no person, a boarding pass no secret.
    expect(context.hintFor('name')?.type).toBe('PERSON');
    expect(context.hintFor('file_name')).toBeUndefined();
    expect(context.hintFor('boarding_pass')).toBeUndefined();
    expect(context.hintFor('status')).toBeUndefined();
  });

  it('reads an array of values under the plural of a key, and skips keys too long to be names', () => {
    expect(context.hintFor('contact.phones[1]')).toEqual({ type: 'PHONE_NUMBER', key: 'phone' });
    expect(context.hintFor('emails[0]')?.type).toBe('EMAIL_ADDRESS');
    expect(context.hintFor('contact.phones')).toBeUndefined();
    expect(context.hintFor('notes[0]')).toBeUndefined();
    // A hostile key of 200,000 characters answers at once (the search by tail is quadratic).
    expect(context.hintFor('a_'.repeat(100_000) + 'phone')).toBeUndefined();
  });

  it('is switched off by false, and edited by extra and ignore', () => {
    expect(createFieldContext(false)).toBeUndefined();
    const edited = createFieldContext({ extra: { empNo: 'EMPLOYEE_ID', city: 'ORGANIZATION' }, ignore: ['token'] })!;
    expect(edited.hintFor('emp_no')).toEqual({ type: 'EMPLOYEE_ID', key: 'emp_no' });
    expect(edited.hintFor('manager_emp_no')?.type).toBe('EMPLOYEE_ID');
    expect(edited.hintFor('city')?.type).toBe('ORGANIZATION');
    expect(edited.hintFor('token')).toBeUndefined();
  });
});

describe('field-name context: shapes', () => {
  it.each([
    ['PERSON', 'Lane', true],
    ['PERSON', "Anne-Marie O'Neil", true],
    ['PERSON', 'a sentence of far more than four plain words', false],
    ['PHONE_NUMBER', '0171 1234567', true],
    ['PHONE_NUMBER', '+1 (555) 010-9999', true],
    ['PHONE_NUMBER', '12345', false],
    ['PHONE_NUMBER', 'call me', false],
    ['ZIP_CODE', '10115', true],
    ['ZIP_CODE', 'SW1A 1AA', true],
    ['ZIP_CODE', 'Berlin', false],
    ['LOCATION', 'Teheran-ro 152', true],
    // A number is a place under its key (a house number); punctuation alone is not.
    ['LOCATION', '12345', true],
    ['LOCATION', '-/-', false],
    ['DATE_TIME', '12.03.1985', true],
    ['DATE_TIME', 'March 12, 1985', true],
    ['DATE_TIME', 'soon', false],
    ['CREDENTIAL', 'hunter2', true],
    ['CREDENTIAL', 'correct horse battery staple', true],
    // A password column's value is secret whatever it says (round 12, break-it pass).
    ['CREDENTIAL', 'this is a whole sentence and still a secret', true],
    ['US_SSN', '078 05 1120', true],
    ['CREDIT_CARD', '4111 1111 1111', true],
    ['IP_ADDRESS', '10.0.0.1', true],
    ['US_PASSPORT', 'C01X00T47', true],
  ])('%s: %j -> %s', (type, value, expected) => {
    expect(plausibleFor(type, value)).toBe(expected);
  });
});

describe('field-name context: analysis', () => {
  it('reports a credential, name, phone, city, zip and street whole, explained as field-name', () => {
    const cases: Array<[string, string, string]> = [
      ['password', 'hunter2', 'CREDENTIAL'],
      ['api_key', 'abc123', 'CREDENTIAL'],
      ['last_name', 'Lane', 'PERSON'],
      ['phone', '07700 900123', 'PHONE_NUMBER'],
      ['city', 'Shanghai', 'LOCATION'],
      ['zip', '10115', 'ZIP_CODE'],
      ['street', 'Am Hang 3', 'LOCATION'],
      ['street', 'Teheran-ro 152', 'LOCATION'],
    ];
    for (const [path, value, type] of cases) {
      const found = analyzeField(value, path);
      expect(found.map((f) => [f.type, f.start, f.end]), path).toEqual([[type, 0, value.length]]);
    }
    expect(analyzeField('hunter2', 'password')[0]).toMatchObject({
      score: 0.6,
      explanation: { recognizer: 'field-name', contextWords: ['password'] },
    });
    // Without the key, the same values pass.
    expect(analyzer.analyze('hunter2')).toEqual([]);
    expect(analyzer.analyze('Am Hang 3')).toEqual([]);
  });

  it('counts the key as a context word for a weak candidate of its type', () => {
    // A bare 11-digit mobile number scores under the threshold; under "phone" it is raised.
    expect(analyzer.analyze('13812345678')).toEqual([]);
    const found = analyzeField('13812345678', 'phone');
    expect(found).toHaveLength(1);
    expect(found[0]!.type).toBe('PHONE_NUMBER');
    expect(found[0]!.explanation?.recognizer).not.toBe('field-name');
    expect(found[0]!.explanation?.contextWords).toContain('phone');
  });

  it('leaves values that say "no value", and values without the shape', () => {
    for (const value of ['', '  ', 'true', 'n/a', 'null', '-', '***']) {
      expect(analyzeField(value, 'password'), value).toEqual([]);
    }
    expect(analyzeField('please call back tomorrow after lunch', 'phone')).toEqual([]);
    expect(analyzeField('n/a', 'zip')).toEqual([]);
  });

  it('keeps a finding of another type that covers the value, and trims spaces from the span', () => {
    expect(analyzeField('bob@example.com', 'password').map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
    expect(analyzeField('  Lane ', 'surname').map((f) => [f.start, f.end])).toEqual([[2, 6]]);
  });

  it('respects the entity types, the threshold and the allow list', () => {
    const emailOnly = createAnalyzer({ entities: ['EMAIL_ADDRESS'] });
    expect(analyzeField('hunter2', 'password', emailOnly)).toEqual([]);
    const strict = createAnalyzer({ thresholds: { CREDENTIAL: 0.7 } });
    expect(analyzeField('hunter2', 'password', strict)).toEqual([]);
    const allowed = createAnalyzer({ allow: ['Shanghai'] });
    expect(analyzeField('Shanghai', 'city', allowed)).toEqual([]);
    const hint: FieldHint = { type: 'CREDENTIAL', key: 'password' };
    expect(analyzer.analyze('hunter2', { field: hint, entities: ['PERSON'] })).toEqual([]);
  });
});

describe('field-name context: options and API', () => {
  it('validates field_context: types must be known, with a hint, and no value is echoed', () => {
    expect(detectionOptions.safeParse({ field_context: false }).success).toBe(true);
    expect(detectionOptions.safeParse({ field_context: { extra: { emp_no: 'PERSON' }, ignore: ['name'] } }).success).toBe(true);
    const bad = detectionOptions.safeParse({ field_context: { extra: { emp_no: 'PHONE' } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['field_context', 'extra', 'emp_no'],
      message: 'unknown entity type (did you mean PHONE_NUMBER?)',
    });
    const custom = {
      custom_recognizers: [{ name: 'employee-id', type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}' }],
      field_context: { extra: { emp_no: 'EMPLOYEE_ID' } },
    };
    expect(detectionOptions.safeParse(custom).success).toBe(true);
    expect(detectionOptions.safeParse({ field_context: { other: 1 } }).success).toBe(false);
  });

  it('PrivacyManager.anonymizeRecord reads the keys, unless fieldContext is false', async () => {
    const privacy = new PrivacyManager();
    // A town no word list holds ("Shanghai" is found on its own since round 13's city list).
    const record = { user: { password: 'hunter2', city: 'Wuxi' }, status: 'open' };
    expect(await privacy.anonymizeRecord(record)).toEqual({
      user: { password: '[REDACTED CREDENTIAL]', city: '[REDACTED LOCATION]' },
      status: 'open',
    });
    expect(await privacy.anonymizeRecord(record, { fieldContext: false })).toEqual(record);
  });
});
