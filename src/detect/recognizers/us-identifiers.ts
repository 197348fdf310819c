/**
 * United States identifiers besides the SSN: ITIN (IRS group ranges), EIN (IRS prefixes),
 * passport, driver licence and bank account numbers, and ABA routing numbers. Passport, licence and account numbers have
 * no checksum and look like any other number, so their patterns score below the threshold and
 * only context words ("passport", "driver's license", "account") bring them above it. Their
 * `maxScore` (the patterns' scores, which `alone` and `checked` keep) lets the analyzer skip
 * them on texts holding none of those words.
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isValidUsEin, isValidUsItin, isValidUsRoutingNumber } from '../validators/us.js';
import { ASCII_CAPITALS } from './boundary.js';
import { alone, checked } from './refine.js';

/**
 * A refinement that keeps a match standing alone and passing `validator` (not `validated`: a
 * short check), scored `dashed` when written with its dashes and `bare` without.
 */
function scoredByDash(validator: (value: string) => boolean, dashed: number, bare: number) {
  const check = checked(validator, { validated: false });
  return (m: PatternMatch): Refinement | null => {
    const r = check(m);
    if (r !== null) r.score = m.value.includes('-') ? dashed : bare;
    return r;
  };
}

export const usItinRecognizer = defineBuiltinRecognizer({
  name: 'us-itin',
  entityType: 'US_ITIN',
  patterns: [{ name: 'itin', minDigits: 9, accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: ' -', before: 0, after: 0 }, regex: '9\\d{2}[- ]?[5-9]\\d[- ]?\\d{4}', score: 0.3 }],
  context: ['itin', 'taxpayer', 'tax', 'individual taxpayer', 'irs'],
  refine: scoredByDash(isValidUsItin, 0.65, 0.3),
});

/**
 * US_EIN (round 13: "EIN 12-3456789" was PHONE_NUMBER). An assigned two-digit prefix is all the
 * check there is, so only with a context word: written "NN-NNNNNNN" it scores 0.3, bare 0.25,
 * both above a phone number's plan check (0.55) once a context word is near.
 */
export const usEinRecognizer = defineBuiltinRecognizer({
  name: 'us-ein',
  entityType: 'US_EIN',
  patterns: [{ name: 'ein', minDigits: 9, accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: '-', before: 0, after: 0 }, regex: '\\d{2}-?\\d{7}', score: 0.3 }],
  context: ['ein', 'fein', 'employer identification number', 'employer identification', 'employer id'],
  refine: scoredByDash(isValidUsEin, 0.3, 0.25),
  maxScore: 0.3,
});

export const usPassportRecognizer = defineBuiltinRecognizer({
  name: 'us-passport',
  entityType: 'US_PASSPORT',
  patterns: [{ name: 'passport', minDigits: 8, accepts: { digits: [8, 9], alone: 'end' }, near: { digitRun: 8, before: 1, after: 0 }, regex: '[A-Z]\\d{8}|\\d{9}', score: 0.25 }],
  context: ['passport', 'travel document', 'passport number', 'passport no'],
  contextByLanguage: { de: ['reisepass', 'pass'], fr: ['passeport'], es: ['pasaporte'], it: ['passaporto'] },
  refine: alone,
  // 0.25: with a context word (0.6) it outranks a national phone number's plan check (0.55),
  // which nine bare digits often pass (round 13: "passport no. 533380006" was PHONE_NUMBER).
  maxScore: 0.25,
});

export const usDriverLicenseRecognizer = defineBuiltinRecognizer({
  name: 'us-driver-license',
  entityType: 'US_DRIVER_LICENSE',
  patterns: [
    // State formats vary: one or two letters then 4-14 digits, or 7-9 digits, or dashed groups.
    // Each alternative puts a capital letter right before or after a run of 4 digits or more.
    { name: 'alphanumeric', minDigits: 4, needsAny: ASCII_CAPITALS, near: { digitRun: 4, nextToCapital: true, before: 5, after: 2 }, maxLength: 16, regex: '[A-Z]{1,2}\\d{4,}|\\d{3}[A-Z]{2}\\d{4}|\\d{8}[A-Z]{2}|\\d{9}[A-Z]', score: 0.3 },
    { name: 'numeric', minDigits: 4, accepts: { digits: [7, 10], alone: 'both' }, near: { cluster: 7, only: '-', before: 0, after: 0 }, regex: '\\d{7,9}|\\d{4}-\\d{2}-\\d{4}|\\d{3}-\\d{3}-\\d{3}', score: 0.15 },
  ],
  context: ['driver', 'drivers', 'driving', 'license', 'licence', 'dl', 'dmv', 'permit', 'lic'],
  refine: alone,
  maxScore: 0.3,
});

export const usBankNumberRecognizer = defineBuiltinRecognizer({
  name: 'us-bank-number',
  entityType: 'US_BANK_NUMBER',
  patterns: [{ name: 'account', minDigits: 8, accepts: { digits: [8, 17], alone: 'both' }, near: { digitRun: 8, before: 0, after: 0 }, regex: '\\d{8,}', score: 0.15, maxLength: 17 }],
  // "Kontonummer" and "Konto-Nr." (round 13: a German account number was left in clear).
  context: ['bank', 'account', 'acct', 'checking', 'savings', 'deposit', 'routing', 'kontonummer', 'konto'],
  refine: alone,
  maxScore: 0.15,
});

export const abaRoutingRecognizer = defineBuiltinRecognizer({
  name: 'aba-routing',
  entityType: 'ABA_ROUTING_NUMBER',
  patterns: [{ name: 'routing', minDigits: 9, accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: '-', before: 0, after: 0 }, regex: '\\d{4}-?\\d{4}-?\\d', score: 0.3 }],
  context: ['aba', 'routing', 'abarouting', 'transit', 'bank'],
  refine: checked((v) => isValidUsRoutingNumber(v.replace(/-/g, '')), { validated: false }),
  maxScore: 0.3,
});
