/**
 * The length pre-check in front of libphonenumber-js never rejects a "+" number the library
 * calls valid: checked on every example number of the metadata (also with a national prefix
 * written after the calling code) and on seeded random digit strings, and it does reject
 * numbers of impossible lengths without the parse.
 */
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { mayBeValidInternational, phoneRegion } from '../../src/detect/validators/phone.js';
import { readFixture } from './helpers.js';
import { seededRandom } from '../helpers/random.js';

type Example = { value: string };

function libraryValid(value: string): boolean {
  const number = parsePhoneNumberFromString(value);
  return number !== undefined && number.isValid();
}


describe('phone length pre-check', () => {
  const examples = readFixture<Example>('libphonenumber-examples.jsonl').filter((e) => e.value.startsWith('+'));

  it('keeps every valid example number, with and without a written national prefix', () => {
    expect(examples.length).toBeGreaterThan(1000);
    let checked = 0;
    for (const { value } of examples) {
      const digits = value.slice(1).replace(/\D/g, '');
      for (const variant of [digits, ...[1, 2, 3].map((n) => `${digits.slice(0, n)}0${digits.slice(n)}`)]) {
        if (libraryValid(`+${variant}`)) {
          expect(mayBeValidInternational(variant), `+${variant}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(examples.length);
  });

  it('never disagrees with libphonenumber on random digit strings, and rejects some', () => {
    const next = seededRandom(20261204);
    const prefixes = examples.map((e) => e.value.slice(1).replace(/\D/g, '').slice(0, 4));
    let rejected = 0;
    let valid = 0;
    for (let i = 0; i < 20000; i++) {
      const stem = next() < 0.8 ? prefixes[Math.floor(next() * prefixes.length)]!.slice(0, 1 + Math.floor(next() * 4)) : '';
      const length = 4 + Math.floor(next() * 12);
      let digits = stem;
      while (digits.length < length) digits += String(Math.floor(next() * 10));
      const ok = libraryValid(`+${digits}`);
      if (ok) valid++;
      if (!mayBeValidInternational(digits)) {
        rejected++;
        expect(ok, `+${digits}`).toBe(false);
        // The validator returns the same answer through the shortcut.
        expect(phoneRegion(`+${digits}`)).toBeNull();
      }
    }
    expect(valid).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(2000);
  });

  it('leaves text around a number to the full parse', () => {
    const example = examples.find((e) => libraryValid(e.value))!;
    expect(phoneRegion(`${example.value} x12`)).not.toBeNull();
  });
});
