/**
 * phoneRegionIn, which reads a candidate in place in its note, gives phoneRegion's answer for
 * the slice (and, with `plus`, for "+" and the slice): on every example number of the metadata
 * in the forms the recognizer passes, and on seeded random digit strings with separators and
 * characters outside the plain form, placed between other text.
 */
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import {
  DEFAULT_PHONE_REGIONS,
  phoneRegion,
  phoneRegionIn,
} from '../../src/detect/validators/phone.js';
import { readFixture } from './helpers.js';
import { seededRandom } from '../helpers/random.js';

type Example = { value: string; region: string };

const BARE_REGIONS = DEFAULT_PHONE_REGIONS.slice(0, 5);
const BEFORE = 'Call 1 ';
const AFTER = ' 2 today.';

/** Disagreements between the in-place reading and phoneRegion, for both `plus` settings. */
function disagreements(values: Iterable<string>): string[] {
  const wrong: string[] = [];
  for (const value of values) {
    const text = `${BEFORE}${value}${AFTER}`;
    const start = BEFORE.length;
    const end = start + value.length;
    for (const regions of [DEFAULT_PHONE_REGIONS, BARE_REGIONS, ['GB'] as CountryCode[]]) {
      const plain = phoneRegionIn(text, start, end, false, regions);
      if (plain !== phoneRegion(value, regions)) wrong.push(`${JSON.stringify(value)}`);
      const plus = phoneRegionIn(text, start, end, true, regions);
      if (plus !== phoneRegion(`+${value}`, regions)) wrong.push(`+${JSON.stringify(value)}`);
    }
  }
  return wrong.slice(0, 20);
}

describe('phoneRegionIn: same answer as phoneRegion on the slice', () => {
  it('on every example number in the forms the recognizer passes', () => {
    const examples = readFixture<Example>('libphonenumber-examples.jsonl');
    expect(examples.length).toBeGreaterThan(1000);
    function* values(): Generator<string> {
      for (const { value } of examples) {
        const number = parsePhoneNumberFromString(value)!;
        yield value;
        yield value.slice(1);
        yield number.formatInternational();
        yield number.formatInternational().slice(1);
        yield `00${value.slice(1)}`;
        yield number.formatNational();
        yield number.nationalNumber;
      }
    }
    expect(disagreements(values())).toEqual([]);
  });

  it('on seeded random digit strings with separators, spaces, "+" and other characters', () => {
    const next = seededRandom(20261205);
    const inserts = [' ', ' ', '-', '.', '(', ')', '+', '\u00a0', 'x', '/', '  '];
    function* values(): Generator<string> {
      for (let i = 0; i < 20_000; i++) {
        const length = 1 + Math.floor(next() * 20);
        let value = next() < 0.3 ? '+' : next() < 0.1 ? ' ' : '';
        for (let d = 0; d < length; d++) {
          value += String(Math.floor(next() * 10));
          if (next() < 0.25) value += inserts[Math.floor(next() * inserts.length)];
        }
        yield value;
      }
      yield* ['', '+', '12', '+12', ' +', '(1)', '1'.repeat(41), '+' + '1'.repeat(39)];
    }
    expect(disagreements(values())).toEqual([]);
  });
});
