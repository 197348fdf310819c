/**
 * synth: generated IBANs and card numbers pass the project's own detection validators, and
 * generated SSNs, UUIDs and emails have their standard shapes.
 */
import { describe, expect, it } from 'vitest';
import {
  isValidCreditCard,
  isValidEmail,
  isValidIban,
  isValidUsSsn,
  luhnValid,
  mod97,
} from '../../src/detect/validators/index.js';
import { generateSyntheticData } from '../../src/synth/generate.js';
import { luhnCheckDigit } from '../../src/synth/semantic.js';

describe('synth checksums', () => {
  it('Luhn check digit matches the ISO/IEC 7812 example 7992739871 -> 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('every generated IBAN (random and per-country, plain and grouped) is valid', () => {
    const records = generateSyntheticData(
      {
        fields: {
          any: { type: 'iban' },
          de: { type: 'iban', country: 'DE' },
          fr: { type: 'iban', country: 'FR', formatted: true },
          gb: { type: 'iban', country: 'GB' },
        },
      },
      { count: 500, seed: 11 },
    );
    for (const [i, record] of records.entries()) {
      for (const key of ['any', 'de', 'fr', 'gb'] as const) {
        const value = record[key] as string;
        expect(isValidIban(value), `record ${i} field ${key}`).toBe(true);
        // Independent cross-check: ISO 13616 check = rearranged MOD 97-10 equals 1.
        const compactIban = value.replace(/ /g, '');
        expect(mod97(compactIban.slice(4) + compactIban.slice(0, 4))).toBe(1);
      }
      expect((record['de'] as string).startsWith('DE')).toBe(true);
      expect(record['fr'] as string).toMatch(/^FR\d\d( [0-9A-Z]{1,4})+$/);
    }
  });

  it('every generated card number has a valid Luhn digit and its network prefix and length', () => {
    const records = generateSyntheticData(
      {
        fields: {
          any: { type: 'creditCard' },
          visa: { type: 'creditCard', issuer: 'visa' },
          mc: { type: 'creditCard', issuer: 'mastercard' },
          amex: { type: 'creditCard', issuer: 'amex', formatted: true },
          discover: { type: 'creditCard', issuer: 'discover' },
        },
      },
      { count: 2_000, seed: 12 },
    );
    for (const record of records) {
      for (const key of ['any', 'visa', 'mc', 'amex', 'discover']) {
        const value = record[key] as string;
        expect(isValidCreditCard(value), `${key}`).toBe(true);
        expect(luhnValid(value.replace(/ /g, ''))).toBe(true);
      }
      expect(record['visa'] as string).toMatch(/^4\d{15}$/);
      expect(record['mc'] as string).toMatch(/^(5[1-5]\d{14}|2221\d{12}|2720\d{12})$/);
      expect(record['amex'] as string).toMatch(/^3[47]\d\d \d{6} \d{5}$/);
      expect(record['discover'] as string).toMatch(/^(6011\d{12}|65\d{14})$/);
    }
  });

  it('SSNs, UUIDs and emails have valid shapes', () => {
    const records = generateSyntheticData(
      { fields: { ssn: { type: 'ssn' }, id: { type: 'uuid' }, email: { type: 'email' }, safe: { type: 'email', safeDomain: true } } },
      { count: 1_000, seed: 13 },
    );
    for (const record of records) {
      expect(isValidUsSsn(record['ssn'] as string)).toBe(true);
      expect(record['id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isValidEmail(record['email'] as string)).toBe(true);
      expect(record['safe']).toMatch(/@example\.(com|net|org)$/);
    }
  });
});
