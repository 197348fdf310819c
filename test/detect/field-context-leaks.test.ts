/**
 * Field-name context after a break-it pass (round 12). Values under a telling key still passed
 * in clear, or were over-redacted: card numbers split by `.`, `_` or `/`; keys ending in a dot
 * (`Tel.`, `Mobile No.`) or written in another script; a found piece of the key's type leaving
 * the rest of the value ("Springfield <LOCATION> Heights"); numbered, head-first and German
 * keys; `server_address` read as a place, `city: "not provided"` redacted, `category.name` read
 * as a person; and option checks that let a string `ignore`, a misspelt key or an unknown type
 * in the API through.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { detectionOptions } from '../../src/detect/config.js';
import { createFieldContext, normalizeKey, type FieldContextOptions } from '../../src/detect/field-context.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const analyzer = createAnalyzer();
const context = createFieldContext(true)!;

/** `value` read under the key at `path`, with each finding replaced by `<TYPE>`. */
function redact(path: string, value: string): string {
  const hint = context.hintFor(path);
  const findings = analyzer.analyze(value, hint === undefined ? undefined : { field: hint });
  let out = value;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) {
    out = `${out.slice(0, f.start)}<${f.type}>${out.slice(f.end)}`;
  }
  return out;
}

describe('field-name context: values that passed in clear', () => {
  it.each([
    ['card_number', '4111.1111.1111.1111', 'CREDIT_CARD'],
    ['card_number', '4111_1111_1111_1111', 'CREDIT_CARD'],
    ['credit_card', '4111/1111/1111/1111', 'CREDIT_CARD'],
    ['credit_card', '1234.5678.9012.3456', 'CREDIT_CARD'],
  ])('%s: %j is a card number whatever its separators', (key, value, type) => {
    expect(redact(key, value)).toBe(`<${type}>`);
  });

  it.each([
    ['Tel.', '0171 1234567', 'PHONE_NUMBER'],
    ['Mobile No.', '0171 1234567', 'PHONE_NUMBER'],
    ['Phone #', '0171 1234567', 'PHONE_NUMBER'],
    ['Tel.-Nr.', '0171 1234567', 'PHONE_NUMBER'],
    ['contact.Tel.', '0171 1234567', 'PHONE_NUMBER'],
    ['телефон', '0171 1234567', 'PHONE_NUMBER'],
    ['电话', '0171 1234567', 'PHONE_NUMBER'],
    ['город', 'Москва', 'LOCATION'],
    ['地址', '北京市朝阳区', 'LOCATION'],
    ['фамилия', 'Иванов', 'PERSON'],
    ['пароль', 'hunter2', 'CREDENTIAL'],
  ])('a key ending in a dot or in another script: %s', (key, value, type) => {
    expect(redact(key, value)).toBe(`<${type}>`);
  });

  it('no key normalizes to empty: other scripts and trailing dots no longer match every key', () => {
    expect(normalizeKey('电话')).toBe('电话');
    expect(normalizeKey('Город')).toBe('город');
    const edited = createFieldContext({ extra: { 电话: 'PHONE_NUMBER' } })!;
    expect(edited.hintFor('备注')).toBeUndefined();
    expect(edited.hintFor('notes.')).toBeUndefined();
    expect(edited.hintFor('电话')?.type).toBe('PHONE_NUMBER');
    expect(() => createFieldContext({ extra: { '#': 'PERSON' } })).toThrow(/letter or digit/);
    expect(detectionOptions.safeParse({ field_context: { extra: { '#': 'PERSON' } } }).success).toBe(false);
  });

  it.each([
    ['city', 'Springfield Heights', 'LOCATION'],
    ['street', 'Rosenweg 7a, Hinterhaus links', 'LOCATION'],
    ['address', 'Flat 3, 12 High Street, Springfield', 'LOCATION'],
    ['address', 'PO Box 1234', 'LOCATION'],
    ['geburtsdatum', '14. Maerz 1985', 'DATE_TIME'],
    ['geburtsdatum', '14. März 1985', 'DATE_TIME'],
    ['fecha_de_nacimiento', '14 de marzo de 1985', 'DATE_TIME'],
    ['date_de_naissance', '1er mai 1990', 'DATE_TIME'],
    ['data_di_nascita', '3 giugno 1979', 'DATE_TIME'],
    ['contact_name', 'Sarah Qwerty, Zyxw', 'PERSON'],
    ['birth_date', '03.1985', 'DATE_TIME'],
    ['birth_date', '03/1985', 'DATE_TIME'],
  ])('a found piece no longer leaves the rest: %s %j', (key, value, type) => {
    expect(redact(key, value)).toBe(`<${type}>`);
  });

  it.each([
    ['phone1', 'PHONE_NUMBER'], ['phone_2', 'PHONE_NUMBER'], ['phone_home', 'PHONE_NUMBER'],
    ['phoneWork', 'PHONE_NUMBER'], ['mobile_number', 'PHONE_NUMBER'], ['msisdn', 'PHONE_NUMBER'],
    ['Mobilnummer', 'PHONE_NUMBER'], ['Handynummer', 'PHONE_NUMBER'], ['Telefonnummer', 'PHONE_NUMBER'],
    ['password2', 'CREDENTIAL'], ['password_confirmation', 'CREDENTIAL'], ['passwordConfirm', 'CREDENTIAL'],
    ['new_password', 'CREDENTIAL'], ['old_password', 'CREDENTIAL'], ['pin', 'CREDENTIAL'],
    ['cvv', 'CREDENTIAL'], ['cvc', 'CREDENTIAL'], ['secret_answer', 'CREDENTIAL'],
    ['security_answer', 'CREDENTIAL'], ['street_name', 'LOCATION'], ['house_number', 'LOCATION'],
    ['Strasse', 'LOCATION'], ['Straße', 'LOCATION'], ['Hausnummer', 'LOCATION'],
    ['Postleitzahl', 'ZIP_CODE'], ['Geburtsdatum', 'DATE_TIME'], ['account_number', 'US_BANK_NUMBER'],
    ['Kontonummer', 'US_BANK_NUMBER'], ['drivers_license', 'US_DRIVER_LICENSE'],
    ['driver_license_number', 'US_DRIVER_LICENSE'], ['username', 'PERSON'], ['user_name', 'PERSON'],
    ['login', 'PERSON'],
  ])('knows the key %s', (key, type) => {
    expect(context.hintFor(key)?.type).toBe(type);
  });

  it('reports the values of the new keys', () => {
    expect(redact('phone_home', '0171 1234567')).toBe('<PHONE_NUMBER>');
    expect(redact('cvv', '123')).toBe('<CREDENTIAL>');
    expect(redact('house_number', '12')).toBe('<LOCATION>');
    expect(redact('username', 'jdoe42')).toBe('<PERSON>');
    expect(redact('login', 'jane.doe')).toBe('<PERSON>');
    // A login column of timestamps or counts names no one.
    expect(redact('login', '2024-01-01')).not.toBe('<PERSON>');
    expect(redact('login', '42')).toBe('42');
    expect(redact('account_number', '1234567890')).toBe('<US_BANK_NUMBER>');
    expect(redact('drivers_license', 'D1234567')).toBe('<US_DRIVER_LICENSE>');
  });

  it('keeps the exclusions: qualifiers are a closed list, common words match whole only', () => {
    for (const key of ['file_name', 'name_space', 'city_id', 'phone_book_title', 'boarding_pass', 'pass_through', 'pinned', 'login_count']) {
      expect(context.hintFor(key), key).toBeUndefined();
    }
  });

  it('a password column is secret whatever it says; only null markers are skipped', () => {
    for (const value of ['correct horse battery staple again', 'none', 'unknown', 'secret']) {
      expect(redact('password', value), value).toBe('<CREDENTIAL>');
    }
    // Null markers and the flags of a boolean column.
    for (const value of ['null', 'n/a', 'undefined', 'true', 'no']) {
      expect(redact('password', value), value).toBe(value);
    }
  });
});

describe('field-name context: values that were over-redacted', () => {
  it('a tail address after a machine word is no place; ip, e-mail and web addresses have their types', () => {
    expect(context.hintFor('server_address')).toBeUndefined();
    expect(context.hintFor('host_address')).toBeUndefined();
    expect(context.hintFor('ip_address')?.type).toBe('IP_ADDRESS');
    expect(context.hintFor('remote_address')?.type).toBe('IP_ADDRESS');
    expect(context.hintFor('email_address')?.type).toBe('EMAIL_ADDRESS');
    expect(context.hintFor('web_address')?.type).toBe('URL');
    expect(context.hintFor('mac_address')?.type).toBe('MAC_ADDRESS');
    expect(context.hintFor('billing_address')?.type).toBe('LOCATION');
    expect(redact('server_address', 'db-primary')).toBe('db-primary');
    expect(redact('mac_address', 'unknown-device')).toBe('unknown-device');
    expect(redact('mac_address', '00:1A:2B:3C:4D:5E')).toBe('<MAC_ADDRESS>');
  });

  it.each([
    ['city', 'not provided'], ['city', 'Remote'], ['street', 'see above'], ['address', 'same as billing'],
    ['city', 'unknown'], ['city', 'none'], ['city', 'TBD'], ['city', 'various'], ['city', 'n.a.'],
    ['city', 'k.A.'], ['city', 'keine Angabe'], ['city', 'non renseigné'], ['city', 'Not  Provided'],
  ])('%s: %j says there is no value', (key, value) => {
    expect(redact(key, value)).toBe(value);
  });

  it('a bare name under a parent that names a thing is no person; under a company it is an organization', () => {
    expect(redact('category.name', 'Electronics')).toBe('Electronics');
    expect(redact('tags[0].name', 'sale')).toBe('sale');
    expect(redact('products[3].name', 'Widget')).toBe('Widget');
    expect(context.hintFor('company.name')?.type).toBe('ORGANIZATION');
    expect(context.hintFor('customer.name')?.type).toBe('PERSON');
    expect(context.hintFor('contacts[0].name')?.type).toBe('PERSON');
    expect(context.hintFor('name')?.type).toBe('PERSON');
  });
});

describe('field-name context: option checks', () => {
  it('the API refuses an unknown type in extra, as the pipeline does, with a hint', async () => {
    const privacy = new PrivacyManager();
    const options = { fieldContext: { extra: { emp: 'NOPE_TYPE' } } };
    await expect(privacy.anonymizeRecord({ emp: 'x' }, options)).rejects.toThrow(/fieldContext\.extra: unknown entity type/);
    const phone = { fieldContext: { extra: { emp: 'PHONE' } } };
    await expect(privacy.anonymizeRecord({ emp: 'x' }, phone)).rejects.toThrow(/did you mean PHONE_NUMBER/);
  });

  it('ignore must be a list of known keys: a string or a misspelt key is refused', async () => {
    const asString = { ignore: 'password' } as unknown as FieldContextOptions;
    expect(() => createFieldContext(asString)).toThrow('fieldContext.ignore: expected a list of keys');
    expect(() => createFieldContext({ ignore: ['nmae'] })).toThrow(/ignore\[0\]: .*did you mean name\?/);
    expect(createFieldContext({ ignore: ['emp'], extra: { emp: 'PERSON' } })).toBeDefined();
    // No far-fetched hint for a short key.
    expect(() => createFieldContext({ ignore: ['x'] })).toThrow(/ignore\[0\]: not a key of the field-name table or of extra$/);
    const privacy = new PrivacyManager();
    await expect(privacy.anonymizeRecord({ a: 'b' }, { fieldContext: asString })).rejects.toThrow(/list of keys/);

    const string = detectionOptions.safeParse({ field_context: { ignore: 'name' } });
    expect(string.error?.issues[0]?.message).toBe('ignore: expected a list of keys');
    const misspelt = detectionOptions.safeParse({ field_context: { ignore: ['nmae'] } });
    expect(misspelt.error?.issues[0]).toMatchObject({ path: ['field_context', 'ignore', 0] });
    expect(misspelt.error?.issues[0]?.message).toContain('did you mean name?');
    expect(detectionOptions.safeParse({ field_context: { ignore: ['name', 'Phone'] } }).success).toBe(true);
  });
});

describe('veil run: CSV columns ending in a dot', () => {
  it('replaces Tel. and Mobile No. columns, keeps a not-provided city', () => {
    const dir = tempDir('veil-field-context-leaks-');
    const pipeline = path.join(dir, 'p.yaml');
    writeFileSync(pipeline, 'name: t\ninput: { format: csv }\noutput: { format: ndjson }\nstages:\n  - type: anonymize\n');
    const input = path.join(dir, 'in.csv');
    writeFileSync(input, 'Tel.,Mobile No.,city\n0171 1234567,07700 900123,not provided\n');
    const output = path.join(dir, 'out.ndjson');
    expectCode(veil(['run', pipeline, '-i', input, '-o', output, '-q']), 0);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual({ 'Tel.': '[REDACTED PHONE]', 'Mobile No.': '[REDACTED PHONE]', city: 'not provided' });
  });
});
