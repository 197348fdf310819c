/**
 * phoneRegion's compiled numbering plans give exactly libphonenumber-js's answer: on every
 * example number of the metadata in the forms the recognizer passes ("+CC ...", "00CC ...",
 * national, with and without a written national prefix), on seeded random digit strings across
 * all calling codes with and without "+", and on bare numbers read in the default regions
 * (international dialling prefixes and calling codes written without "+" included).
 */
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import { DEFAULT_PHONE_REGIONS, phoneRegion } from '../../src/detect/validators/phone.js';
import { readFixture } from './helpers.js';
import { seededRandom } from '../helpers/random.js';

type Example = { value: string; region: string };

const json = metadata as unknown as {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown[]>;
  nonGeographic: Record<string, unknown[]>;
};

/** What phoneRegion answered before the compiled plans: one library parse per region. */
function libraryRegion(value: string, regions: readonly string[]): string | null {
  if (value.length < 3 || value.length > 40) return null;
  if (value.trimStart().startsWith('+')) {
    const number = parsePhoneNumberFromString(value);
    return number !== undefined && number.isValid() ? (number.country ?? '001') : null;
  }
  for (const region of regions) {
    const number = parsePhoneNumberFromString(value, region as CountryCode);
    if (number !== undefined && number.isValid()) return number.country ?? region;
  }
  return null;
}

/** Runs both on each case; returns the disagreements and how many numbers were valid. */
type Case = [value: string, regions: readonly string[]];

function compare(cases: Iterable<Case>): { wrong: string[]; valid: number; total: number } {
  const wrong: string[] = [];
  let valid = 0;
  let total = 0;
  for (const [value, regions] of cases) {
    total++;
    const expected = libraryRegion(value, regions);
    if (expected !== null) valid++;
    const got = phoneRegion(value, regions as CountryCode[]);
    if (got !== expected) {
      wrong.push(`${JSON.stringify(value)} in ${regions.join(',')}: ${got} != ${expected}`);
    }
  }
  return { wrong: wrong.slice(0, 20), valid, total };
}

const BARE_REGIONS = DEFAULT_PHONE_REGIONS.slice(0, 5);
const SEPARATORS = [' ', '-', '.', '(', ')'];
const callingCodes = [
  ...Object.keys(json.country_calling_codes),
  ...Object.keys(json.nonGeographic),
];
const regionsOfMetadata = Object.keys(json.countries);

/** `digits` with separators sprinkled between them, sometimes none. */
function written(digits: string, next: () => number): string {
  if (next() < 0.4) return digits;
  let out = '';
  for (const digit of digits) {
    out += digit;
    if (next() < 0.2) out += SEPARATORS[Math.floor(next() * SEPARATORS.length)];
  }
  return out;
}

function randomDigits(stem: string, length: number, next: () => number): string {
  let digits = stem;
  while (digits.length < length) digits += String(Math.floor(next() * 10));
  return digits.slice(0, Math.max(length, stem.length));
}

describe('phone numbering plans: same answer as libphonenumber-js', () => {
  const examples = readFixture<Example>('libphonenumber-examples.jsonl');

  it('on every example number, international and national, in its own and default regions', () => {
    expect(examples.length).toBeGreaterThan(1000);
    function* cases(): Generator<Case> {
      for (const { value, region } of examples) {
        const number = parsePhoneNumberFromString(value)!;
        const digits = value.slice(1);
        const forms = [
          value,
          number.formatInternational(),
          `00${digits}`,
          number.formatNational(),
          number.nationalNumber,
        ];
        for (const form of forms) {
          yield [form, DEFAULT_PHONE_REGIONS];
          yield [form, BARE_REGIONS];
          yield [form, [region]];
        }
        // A national prefix written after the calling code ("+44 (0)20 ...").
        for (const size of [1, 2, 3]) {
          yield [`+${digits.slice(0, size)}0${digits.slice(size)}`, DEFAULT_PHONE_REGIONS];
        }
      }
    }
    const { wrong, valid, total } = compare(cases());
    expect(wrong).toEqual([]);
    expect(valid).toBeGreaterThan(total / 3);
  });

  it('on seeded random "+" numbers of 5-15 digits across all calling codes', () => {
    const next = seededRandom(20261204);
    function* cases(): Generator<Case> {
      for (let i = 0; i < 30_000; i++) {
        let stem = next() < 0.8 ? callingCodes[Math.floor(next() * callingCodes.length)]! : '';
        if (next() < 0.2) stem += '0';
        const digits = randomDigits(stem, 5 + Math.floor(next() * 11), next);
        yield [`+${written(digits, next)}`, DEFAULT_PHONE_REGIONS];
      }
    }
    const { wrong, valid } = compare(cases());
    expect(wrong).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
  });

  it('on seeded random bare numbers in the default regions and in every region', () => {
    const next = seededRandom(4122026);
    // Bare numbers starting with a dialling prefix or a calling code are read as international.
    const stems = ['', '0', '1', '011', '00', '44', '49', '33', '39'];
    for (const plan of Object.values(json.countries)) {
      stems.push(plan[0] as string, `${plan[1] as string}${plan[0] as string}`);
    }
    function* cases(): Generator<Case> {
      for (let i = 0; i < 30_000; i++) {
        const stem = stems[Math.floor(next() * stems.length)]!;
        const value = written(randomDigits(stem, 5 + Math.floor(next() * 11), next), next);
        const choice = next();
        if (choice < 0.5) yield [value, BARE_REGIONS];
        else if (choice < 0.6) yield [value, DEFAULT_PHONE_REGIONS];
        else yield [value, [regionsOfMetadata[Math.floor(next() * regionsOfMetadata.length)]!]];
      }
    }
    const { wrong, valid } = compare(cases());
    expect(wrong).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
  });

  it('on edge forms: leading spaces, brackets, short and long values, unknown regions', () => {
    const values = [
      '+1', '+12', '12', '123', '+0044 20 7946 0958', ' +44 20 7946 0958', '(+44) 20 7946 0958',
      '+44 (0) 20 7946 0958', '011 44 20 7946 0958', '0044 20 7946 0958', '44 20 7946 0958',
      '1 202 555 0123', '12025550123', '++44 20 7946 0958', '+44 20 7946 0958 x12',
      '+44\u00a020 7946 0958', '+800 1234 5678', '00800 1234 5678', '+882 1234 5678 9',
      '+44 20 7946 0958 1234 5678 9012 3456 7890', '1234567890123456789',
    ];
    const regionLists: (readonly string[])[] = [
      DEFAULT_PHONE_REGIONS, ['US'], ['GB', 'ZZ'], ['', 'GB'], [],
    ];
    const { wrong } = compare(
      values.flatMap((value) => regionLists.map((regions): Case => [value, regions])),
    );
    expect(wrong).toEqual([]);
  });
});
