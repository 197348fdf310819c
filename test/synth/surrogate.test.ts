/**
 * synth surrogates: same value + same key -> same surrogate (across generator instances, i.e.
 * across runs), different keys -> unrelated surrogates, and each surrogate keeps its type and
 * format and passes the project's validators.
 */
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../src/errors/synth-error.js';
import { isValidCreditCard, isValidEmail, isValidIban, isValidUsSsn } from '../../src/detect/validators/index.js';
import { SurrogateGenerator } from '../../src/synth/surrogate.js';

const keyA = new Uint8Array(32).fill(0xa1);
const keyB = new Uint8Array(32).fill(0xb2);

describe('synth surrogates', () => {
  it('gives the same surrogate for the same value under one key, in a fresh generator too', () => {
    const first = new SurrogateGenerator(keyA);
    const second = new SurrogateGenerator(keyA);
    for (const [value, type] of [
      ['John Smith', 'PERSON'],
      ['jane.doe@corp.example', 'EMAIL_ADDRESS'],
      ['+44 20 7946 0958', 'PHONE_NUMBER'],
      ['4111 1111 1111 1111', 'CREDIT_CARD'],
      ['DE89 3704 0044 0532 0130 00', 'IBAN_CODE'],
      ['078-05-1120', 'US_SSN'],
    ] as const) {
      const a = first.surrogate(value, type);
      expect(a).not.toBe(value);
      expect(second.surrogate(value, type)).toBe(a);
    }
    // Names are consistent word by word: the family name alone maps like inside the full name.
    const full = first.surrogate('John Smith', 'PERSON');
    expect(first.surrogate('Smith', 'PERSON')).toBe(full.split(' ')[1]);
    // Emails are normalised before hashing: case and surrounding space do not matter.
    expect(first.surrogate(' Jane.Doe@Corp.Example ', 'EMAIL_ADDRESS')).toBe(first.surrogate('jane.doe@corp.example', 'EMAIL_ADDRESS'));
  });

  it('different keys give unlinkable surrogates: no agreement beyond chance over 300 names', () => {
    const a = new SurrogateGenerator(keyA);
    const b = new SurrogateGenerator(keyB);
    let same = 0;
    const seenA = new Map<string, string>();
    let collisionsAcrossValues = 0;
    for (let i = 0; i < 300; i++) {
      const value = `Person${i} Example${i}`;
      const sa = a.surrogate(value, 'PERSON');
      if (sa === b.surrogate(value, 'PERSON')) same++;
      if (seenA.has(sa)) collisionsAcrossValues++;
      seenA.set(sa, value);
    }
    // Two independent draws of a full name from faker's lists agree with probability < 1e-5.
    expect(same).toBe(0);
    expect(collisionsAcrossValues).toBeLessThan(3);

    // Cards: identical input, two keys -> the digits after the network prefix differ.
    const card = '5500 0000 0000 0004';
    expect(a.surrogate(card, 'CREDIT_CARD').slice(3)).not.toBe(b.surrogate(card, 'CREDIT_CARD').slice(3));
  });

  it('keeps format and validity: phone country and layout, card network and Luhn, IBAN country and grouping', () => {
    const g = new SurrogateGenerator(keyA);
    for (let i = 0; i < 40; i++) {
      const us = `(212) 555-${String(1000 + i)}`;
      const fakeUs = g.surrogate(us, 'PHONE_NUMBER');
      expect(fakeUs).toMatch(/^\(2\d\d\) \d{3}-\d{4}$/);
      expect(parsePhoneNumberWithError(fakeUs, 'US').isValid()).toBe(true);

      const uk = `+44 20 7946 ${String(1000 + i)}`;
      const fakeUk = g.surrogate(uk, 'PHONE_NUMBER');
      expect(fakeUk).toMatch(/^\+44 2\d \d{4} \d{4}$/);
      expect(parsePhoneNumberWithError(fakeUk).country).toBe('GB');

      const card = g.surrogate(`4111-1111-1111-${String(1000 + i)}`, 'CREDIT_CARD');
      expect(card).toMatch(/^41\d\d-\d{4}-\d{4}-\d{4}$/);
      expect(isValidCreditCard(card)).toBe(true);

      const iban = g.surrogate(`FR14 2004 1010 0505 0001 3M02 ${String(600 + i)}`, 'IBAN_CODE');
      expect(iban).toMatch(/^FR\d\d( [0-9A-Z]{4}){5} [0-9A-Z]{3}$/);
      expect(isValidIban(iban)).toBe(true);

      expect(isValidUsSsn(g.surrogate(`123-45-${String(1000 + i)}`, 'US_SSN'))).toBe(true);
      expect(isValidEmail(g.surrogate(`user${i}@mail.example`, 'EMAIL_ADDRESS'))).toBe(true);
    }
    // Capitalisation and initials survive.
    expect(g.surrogate('JOHN SMITH', 'PERSON')).toMatch(/^[A-ZÀ-Þ' -]+ [A-ZÀ-Þ' -]+$/);
    expect(g.surrogate('J. Smith', 'PERSON')).toMatch(/^[A-Z]\. \S+$/);
    // Unknown types keep the character classes.
    expect(g.surrogate('AB-1234-xy', 'CUSTOM_ID')).toMatch(/^[A-Z]{2}-\d{4}-[a-z]{2}$/);
  });

  it('shifts dates by one bounded offset per data subject, keeping their format and intervals', () => {
    const g = new SurrogateGenerator(keyA, { maxShiftDays: 10 });
    const admit = g.surrogate('2024-03-01', 'DATE_TIME', { subject: 'patient-7' });
    const discharge = g.surrogate('2024-03-11', 'DATE_TIME', { subject: 'patient-7' });
    const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(day(discharge) - day(admit)).toBe(10);
    const shift = day(admit) - day('2024-03-01');
    expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
    expect(Math.abs(shift)).toBeLessThanOrEqual(10);
    expect(g.surrogate('03/01/2024', 'DATE_TIME', { subject: 'patient-7' })).toMatch(/^\d\d\/\d\d\/2024$/);
  });

  it('refuses a short key without echoing it', () => {
    expect(() => new SurrogateGenerator(new TextEncoder().encode('short-secret'))).toThrow(SynthError);
    try {
      new SurrogateGenerator(new TextEncoder().encode('short-secret'));
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});
