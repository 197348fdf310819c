/**
 * Secrets and identifiers a round-13 break-it pass found in clear: passwords told in prose or
 * typed in shell forms, one-time codes, the French NIR, labelled passport, sort code, tax, ID card,
 * licence and Medicare numbers, card expiry dates in other languages, and the fields of a sudo
 * log line. The near-misses beside each pin what must stay as it was.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { isValidDeIdCard, isValidFrNir, isValidUkDrivingLicence, isValidUsMbi } from '../../src/detect/validators/national-ids.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';
import { spansOfType } from './helpers.js';

const analyzer = createAnalyzer({});
const spansOf = (type: string, text: string): string[] => spansOfType(analyzer, type, text);

describe('secret gaps 13: passwords told in prose and shell forms', () => {
  it.each([
    ['my password is Sommer2024!', 'Sommer2024!'],
    ['wifi password is Sommer2024! for guest network', 'Sommer2024!'],
    ['the password was reset to Welcome123', 'Welcome123'],
    ['la password è Estate2024', 'Estate2024'],
    ['password di accesso: Estate2024', 'Estate2024'],
    ['Mein Passwort lautet Geheim123', 'Geheim123'],
    ['the password is: hunter2.', 'hunter2'],
    ['pw: Welcome1!', 'Welcome1!'],
    ['PW=Sommer2024!', 'Sommer2024!'],
    ['curl -u admin:hunter2 https://example.com', 'admin:hunter2'],
    ['curl -s --user admin:hunter2 https://example.com', 'admin:hunter2'],
    ['Set-Cookie: session=eyJ1c2VyIjoiYWxpY2UifQ', 'eyJ1c2VyIjoiYWxpY2UifQ'],
    ['Your one-time code is 482913', '482913'],
    ['verification code: 482913', '482913'],
    ['PIN 4821', '4821'],
    ['passphrase: correct horse battery', 'correct horse battery'],
    ['passphrase: correct horse battery staple. Then log in', 'correct horse battery staple'],
  ])('%j: %j is a credential', (text, secret) => {
    expect(spansOf('CREDENTIAL', text)).toEqual([secret]);
  });

  it.each([
    'my password is incorrect',
    'the password is too short',
    'Your password has been reset to the default',
    'the password is 8 characters long',
    'the code is 1234',
    'pin 1234',
    'session: 3',
    'session=morning',
    'curl -u admin https://example.com',
    'Mein Passwort ist falsch',
  ])('%j holds no credential', (text) => {
    expect(spansOf('CREDENTIAL', text)).toEqual([]);
  });

  it('"Mein Passwort" and "Password" opening a sentence are no name', () => {
    expect(spansOf('PERSON', 'Mein Passwort lautet Geheim123')).toEqual([]);
    expect(spansOf('PERSON', 'Password is Sommer2024. Thanks')).toEqual([]);
  });
});

describe('secret gaps 13: national and bank identifiers', () => {
  it('the French NIR: key 97 - (13 digits mod 97), Corsica read as 19 and 18', () => {
    expect(isValidFrNir('2 48 03 75 116 006 39')).toBe(true);
    expect(isValidFrNir('248037511600639')).toBe(true);
    expect(isValidFrNir('1 85 05 2A 006 084 35')).toBe(true);
    expect(isValidFrNir('2 48 03 75 116 006 42')).toBe(false);
    expect(isValidFrNir('5 48 03 75 116 006 39')).toBe(false);
  });

  it.each([
    ['NIR 2 48 03 75 116 006 39', '2 48 03 75 116 006 39'],
    ['1 85 05 78 006 084 91', '1 85 05 78 006 084 91'],
    ['NIR 185057800608491', '185057800608491'],
    ['NIR 1 85 05 2A 006 084 35', '1 85 05 2A 006 084 35'],
    // A wrong key next to its label is still a person's number.
    ['NIR 2 48 03 75 116 006 42', '2 48 03 75 116 006 42'],
    ['sécurité sociale: 1 85 05 78 006 084 36', '1 85 05 78 006 084 36'],
  ])('%j: %j is a NIR', (text, nir) => {
    expect(spansOf('FR_NIR', text)).toEqual([nir]);
  });

  it('a compact 15-digit number or a wrong key with no label is no NIR', () => {
    expect(spansOf('FR_NIR', 'order 185057800608491')).toEqual([]);
    expect(spansOf('FR_NIR', 'ref 2 48 03 75 116 006 42')).toEqual([]);
  });

  it('the check digits of the German ID card, the UK licence and the US MBI', () => {
    expect(isValidDeIdCard('T220001293')).toBe(true);
    expect(isValidDeIdCard('T220001294')).toBe(false);
    expect(isValidUkDrivingLicence('MORGA753116SM9IJ')).toBe(true);
    expect(isValidUkDrivingLicence('MORGA713116SM9IJ')).toBe(false);
    expect(isValidUsMbi('1EG4-TE5-MK73')).toBe(true);
    expect(isValidUsMbi('1EG4-TS5-MK73')).toBe(false);
  });

  it.each([
    ['passport C01X00T47', 'US_PASSPORT', 'C01X00T47'],
    ['pasaporte AAA123456', 'US_PASSPORT', 'AAA123456'],
    ['Reisepass C01X00T47', 'US_PASSPORT', 'C01X00T47'],
    ['sort code 20-00-00', 'UK_SORT_CODE', '20-00-00'],
    ['Steuernummer 21/815/08150', 'DE_TAX_ID', '21/815/08150'],
    ['Kontonummer 1234567890', 'US_BANK_NUMBER', '1234567890'],
    ['Personalausweis T220001293', 'DE_ID_CARD', 'T220001293'],
    ['Driving licence MORGA753116SM9IJ', 'US_DRIVER_LICENSE', 'MORGA753116SM9IJ'],
    ['Medicare 1EG4-TE5-MK73', 'US_MBI', '1EG4-TE5-MK73'],
  ])('%j: a %s', (text, type, value) => {
    expect(spansOf(type, text)).toEqual([value]);
  });

  it.each([
    ['passport ABCDEFGHI', 'US_PASSPORT'],
    ['passport renewal FORM12 done', 'US_PASSPORT'],
    ['the sort code field', 'UK_SORT_CODE'],
    ['Ausweis T220001294', 'DE_ID_CARD'],
  ])('%j: no %s', (text, type) => {
    expect(spansOf(type, text)).toEqual([]);
  });
});

describe('secret gaps 13: card expiry dates in other languages', () => {
  it.each([
    ['gültig bis 12/26', '12/26'],
    ['Ablauf 12/27, Prüfziffer 123', '12/27'],
    ['caduca 08/27', '08/27'],
    ['scadenza 08/27', '08/27'],
    ['cc=4111111111111111&exp=1227', '1227'],
  ])('%j: %j is a date', (text, date) => {
    expect(spansOf('DATE_TIME', text)).toEqual([date]);
  });

  it('"Prüfziffer 123" is the card security code; "exp=2599" and "exp 13/27" no expiry', () => {
    expect(spansOf('CREDENTIAL', 'Ablauf 12/27, Prüfziffer 123')).toEqual(['123']);
    expect(spansOf('DATE_TIME', 'exp=2599')).toEqual([]);
    expect(spansOf('DATE_TIME', 'exp 13/27')).toEqual([]);
  });

  it('a record: expiry, phone, postcode and secret keys of several languages', async () => {
    const pm = new PrivacyManager();
    const record = {
      exp: '08/27', Mobil: '0171 1234567', Rufnummer: '030 1234567', Festnetz: '030 1234567',
      contact_number: '0171 1234567', tel_privat: '030 1234567', CAP: '00184', cp: '28013',
      npa: '8001', mdp: 'hunter2', otp: '482913', pin_code: '4821', market_cap: '12000',
    };
    const out = (await pm.anonymizeRecord(record)) as Record<string, string>;
    expect(out.exp).toBe('[REDACTED DATE]');
    for (const key of ['Mobil', 'Rufnummer', 'Festnetz', 'contact_number', 'tel_privat']) {
      expect(out[key], key).toBe('[REDACTED PHONE]');
    }
    for (const key of ['CAP', 'cp', 'npa']) expect(out[key], key).toBe('[REDACTED ZIP]');
    for (const key of ['mdp', 'otp', 'pin_code']) expect(out[key], key).toBe('[REDACTED CREDENTIAL]');
    expect(out.market_cap).toBe('12000');
  });
});

describe('secret gaps 13: a sudo log line', () => {
  const line =
    'Dec  5 10:00:01 host sudo:   jdoe : TTY=pts/0 ; PWD=/home/jdoe ; USER=root ; COMMAND=/bin/ls';

  it('PWD= is the working directory and USER= no credential; the user is a person', () => {
    expect(spansOf('CREDENTIAL', line)).toEqual([]);
    // Both places the user appears: before " : TTY=" and as the home folder PWD names.
    expect(spansOf('PERSON', line)).toEqual(['jdoe', 'jdoe']);
  });

  it('a connection string\'s "Pwd=" is still a password, and names its user', () => {
    expect(spansOf('CREDENTIAL', 'Server=db;User=alice;Pwd=abc123;')).toEqual(['alice', 'abc123']);
  });
});
