/**
 * Phone numbers and the numbers around them after round 13's break-it pass: national numbers in
 * two blocks with a trunk prefix ("07911 123456", "030 12345678") were left in clear without a
 * context word; "+447911123456" was a CREDIT_CARD; identifiers after their own label ("EIN
 * 12-3456789", "passport no. 533380006", "BSN 111222333", a `Steuer-ID` key) were PHONE_NUMBER;
 * a zero-padded dotted quad ("192.168.001.010") was not found.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { createFieldContext } from '../../src/detect/field-context.js';
import { DEFAULT_PHONE_REGIONS, subscriberRegionIn } from '../../src/detect/validators/phone.js';
import { isValidNlBsn } from '../../src/detect/validators/national-ids.js';
import { isZeroPaddedIpv4 } from '../../src/detect/validators/network.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});
const phones = (text: string) => typedSpans(analyzer, text).filter(([type]) => type === 'PHONE_NUMBER');

describe('phone: two blocks with a trunk prefix', () => {
  it.each([
    ['My number is 07911 123456', '07911 123456'],
    ['Cheers,\nSiobhan\n07911 123456', '07911 123456'],
    ['Mob: 07911 123456', '07911 123456'],
    ['M: 07911 123456', '07911 123456'],
    ['Rufen Sie mich unter 030 12345678 an.', '030 12345678'],
    ['Handy 0171 1234567', '0171 1234567'],
    ['bis morgen, 0151 12345678', '0151 12345678'],
    ['089 1234567', '089 1234567'],
    ['appelle au 06 69823121', '06 69823121'],
    ['bel 06 12345678', '06 12345678'],
    ['020 1234567', '020 1234567'],
    ['0664 1234567', '0664 1234567'],
    ['01 5123456', '01 5123456'],
  ])('%j', (text, phone) => {
    expect(phones(text)).toEqual([['PHONE_NUMBER', phone]]);
  });

  it.each([
    ['chiamami 347 1234567', '347 1234567'],
    ['ping me 98765 43210', '98765 43210'],
  ])('a mobile number written without a trunk prefix: %j', (text, phone) => {
    expect(phones(text)).toEqual([['PHONE_NUMBER', phone]]);
  });

  it('two such numbers side by side are two findings', () => {
    expect(phones('07911 123456 07911 654321')).toEqual([
      ['PHONE_NUMBER', '07911 123456'],
      ['PHONE_NUMBER', '07911 654321'],
    ]);
  });

  it.each([
    'Invoice 0171 1234567',
    'order no. 030 12345678',
    'Total 1234 567890',
    'paid 1500 250000',
    '370 3911 Fourth Avenue',
    'from 1990 2024',
    'on 2024 1234567',
  ])('no phone number: %j', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it('the fixed-line and mobile check agrees with libphonenumber on national numbers', () => {
    // Seeded numbers of 7-12 digits, half with a trunk "0" (no calling code starts with one),
    // half without, read in each default region in turn; the library's readings through an
    // international prefix or the region's calling code are none of a national number's.
    let seed = 13;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const wrong: string[] = [];
    let found = 0;
    for (let k = 0; k < 6000; k++) {
      const region = DEFAULT_PHONE_REGIONS[k % DEFAULT_PHONE_REGIONS.length]! as CountryCode;
      const trunk = k % 2 === 0;
      let digits = trunk ? `0${1 + (next() % 9)}` : String(1 + (next() % 9));
      const length = 7 + (next() % 6);
      while (digits.length < length) digits += String(next() % 10);
      const parsed = parsePhoneNumberFromString(digits, region);
      const national =
        parsed !== undefined &&
        parsed.isValid() &&
        parsed.countryCallingCode === getCountryCallingCode(region) &&
        (trunk || parsed.nationalNumber === digits);
      const type = national ? parsed!.getType() : undefined;
      const library = trunk ? type === 'FIXED_LINE' || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' : type === 'MOBILE';
      const ours = subscriberRegionIn(digits, 0, digits.length, [region], !trunk) !== null;
      if (ours) found++;
      if (ours !== library) wrong.push(`${region} ${digits} ${type}`);
    }
    expect(wrong).toEqual([]);
    expect(found).toBeGreaterThan(500);
  });
});

describe('a number after "+" is no card number', () => {
  it.each(['call +447911123456', '+4915112345678 anytime'])('%j', (text) => {
    const found = typedSpans(analyzer, text);
    expect(found.map(([type]) => type)).toEqual(['PHONE_NUMBER']);
  });

  it('a card number stays a card', () => {
    expect(typedSpans(analyzer, 'card 4111111111111111')).toEqual([['CREDIT_CARD', '4111111111111111']]);
  });
});

describe("another identifier's label wins over a phone reading", () => {
  it.each([
    ['EIN 12-3456789', 'US_EIN', '12-3456789'],
    ['our EIN is 91-1144442', 'US_EIN', '91-1144442'],
    ['passport no. 533380006', 'US_PASSPORT', '533380006'],
    ['US passport 123456789', 'US_PASSPORT', '123456789'],
    ['BSN 111222333', 'NL_BSN', '111222333'],
    ['BSN 1112.22.333', 'NL_BSN', '1112.22.333'],
    ['Steuer-ID 65929970489', 'DE_TAX_ID', '65929970489'],
    ['SteuerID: 65929970489', 'DE_TAX_ID', '65929970489'],
    ['FEIN 12-3456789', 'US_EIN', '12-3456789'],
    ['burgerservicenummer 111222333', 'NL_BSN', '111222333'],
  ])('%j', (text, type, value) => {
    expect(typedSpans(analyzer, text)).toEqual([[type, value]]);
  });

  it('a label of another language is no label where that language is not read (nothing left in clear)', () => {
    expect(typedSpans(analyzer, 'Reisepass 533380006')).toEqual([['PHONE_NUMBER', '533380006']]);
    const german = createAnalyzer({ languages: ['en', 'de'] });
    expect(typedSpans(german, 'Reisepass 533380006')).toEqual([['US_PASSPORT', '533380006']]);
  });

  it('a number failing the label\'s check is still a phone number (nothing left in clear)', () => {
    expect(typedSpans(analyzer, 'BSN 111222334')).toEqual([['PHONE_NUMBER', '111222334']]);
    expect(typedSpans(analyzer, 'EIN 07-1144442')).toEqual([['PHONE_NUMBER', '07-1144442']]);
  });

  it('a labelled number glued to a word character stays a phone number (the label\'s recognizer refuses it)', () => {
    // Found at the merge: the label blocked the phone reading, and nothing reported the number.
    expect(typedSpans(analyzer, 'passport 533380006_x')).toEqual([['PHONE_NUMBER', '533380006']]);
    expect(typedSpans(analyzer, 'EIN 12-3456789_x')).toEqual([['PHONE_NUMBER', '12-3456789']]);
    expect(typedSpans(analyzer, 'BSN 111222333_x')).toEqual([['PHONE_NUMBER', '111222333']]);
    expect(typedSpans(analyzer, 'passport 533380006.')).toEqual([['US_PASSPORT', '533380006']]);
  });

  it.each([
    ['Steuer-ID', '65929970489', 'DE_TAX_ID'],
    ['ein', '12-3456789', 'US_EIN'],
    ['bsn', '111222333', 'NL_BSN'],
    ['passport', '533380006', 'US_PASSPORT'],
  ])('under the key %j', (key, value, type) => {
    const hint = createFieldContext(true)!.hintFor(key);
    expect(hint?.type).toBe(type);
    const found = analyzer.analyze(value, { field: hint! });
    expect(found.map((f) => [f.type, value.slice(f.start, f.end)])).toEqual([[type, value]]);
  });

  it('the BSN check: the 11-proof, eight digits with a leading zero, all zeros refused', () => {
    expect(isValidNlBsn('111222333')).toBe(true);
    expect(isValidNlBsn('1112.22.333')).toBe(true);
    expect(isValidNlBsn('1112.52.333')).toBe(false);
    expect(isValidNlBsn('000000000')).toBe(false);
    expect(isValidNlBsn('1112223334')).toBe(false);
  });
});

describe('IP_ADDRESS: zero-padded octets', () => {
  it.each([
    ['ip 192.168.001.010', '192.168.001.010'],
    ['route 010.000.000.000/8', '010.000.000.000/8'],
  ])('%j', (text, ip) => {
    expect(typedSpans(analyzer, text)).toEqual([['IP_ADDRESS', ip]]);
  });

  it('an octet over 255 is none, and plain quads are as before', () => {
    expect(typedSpans(analyzer, 'ip 192.168.001.300')).toEqual([]);
    expect(typedSpans(analyzer, 'version 1.2.3.4')).toEqual([['IP_ADDRESS', '1.2.3.4']]);
    expect(isZeroPaddedIpv4('10.0.0.1')).toBe(false);
    expect(isZeroPaddedIpv4('10.0.00.1')).toBe(true);
  });
});
