/**
 * PHONE_NUMBER. A cheap RE2 pattern proposes digit groups with the separators people write
 * (spaces, dots, dashes, brackets, a leading "+" or "00", an extension); the refinement rejects
 * slices of longer tokens (GUIDs, hex IDs, decimals: BR-01, BR-09), dates, IP addresses, ZIP+4
 * codes and thousands-grouped amounts, then asks libphonenumber-js (full metadata) whether the
 * number fits a real numbering plan: "+" numbers in their own country, national numbers in the
 * default regions. A well-formatted number that fits no plan still counts, at a lower score;
 * a bare run of digits needs a valid plan or a context word.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { DEFAULT_PHONE_REGIONS, phoneRegion } from '../validators/phone.js';
import { gluedAfter, gluedBefore } from './boundary.js';

const SEPARATORS = ' .-';

/** Bare digit runs (9-11 digits) are checked against the first regions of the list only (cost, see below). */
const BARE_NUMBER_REGIONS = 5;

/** Splits a candidate into its digit groups; `null` when brackets are unbalanced. */
function digitGroups(value: string): string[] | null {
  const groups: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of value) {
    if (ch >= '0' && ch <= '9') {
      current += ch;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return null;
    if (current.length > 0) groups.push(current);
    current = '';
  }
  if (current.length > 0) groups.push(current);
  return depth === 0 ? groups : null;
}

function looksLikeDateOrAmount(value: string, groups: string[]): boolean {
  const lengths = groups.map((g) => g.length).join(',');
  const separators = value.replace(/[0-9+()\s]/g, '');
  // 2020-01-31, 31.01.2020, 01-31-2020: a calendar date with the year first or last.
  if (/^(4,2,2|2,2,4|1,2,4|2,1,4|1,1,4)$/.test(lengths) && /^[.\-/]+$/.test(separators)) {
    const [a, b, c] = groups.map(Number) as [number, number, number];
    if (groups[0]!.length === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
    return (a <= 31 && b <= 12) || (a <= 12 && b <= 31);
  }
  if (/^4,2,2,2,2(,2)?$/.test(lengths)) return true; // 2000-04-16 11:34(:35)
  // ZIP+4, Brazilian CEP, Portuguese postcodes.
  if ((lengths === '5,4' || lengths === '5,3' || lengths === '4,3') && separators === '-') return true;
  // Dotted quads are IP addresses, not phone numbers.
  if (groups.length === 4 && separators === '...' && groups.every((g) => g.length <= 3)) return true;
  // 1 000 000 and 12.500.000: thousands grouping.
  if (groups.length >= 3 && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3)) {
    return separators === '.'.repeat(groups.length - 1) || separators === ','.repeat(groups.length - 1);
  }
  return false;
}

export interface PhoneRecognizerOptions {
  /** Regions for numbers written without "+", in order; default `DEFAULT_PHONE_REGIONS`. */
  regions?: readonly CountryCode[];
}

/** ASCII digits in `value`. */
function digitCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function refinePhone(m: PatternMatch, regions: readonly CountryCode[]): Refinement | null {
  // The pattern proposes every short digit group ("19", "2-4"); fewer than five digits in the
  // whole match can never reach the length check below (trimming only removes characters), so
  // those are dropped before the string work. About half of all matches in support notes.
  if (digitCount(m.value) < 5) return null;
  let start = m.start;
  let end = m.end;
  while (end > start && (SEPARATORS.includes(m.text[end - 1]!) || /[\s(]/.test(m.text[end - 1]!))) end--;
  while (start < end && (SEPARATORS.includes(m.text[start]!) || /\s/.test(m.text[start]!))) start++;
  // An opening bracket the candidate never closes belongs to the sentence.
  if (m.text[start] === '(' && !m.text.slice(start, end).includes(')')) start++;
  if (m.text[end - 1] === ')' && !m.text.slice(start, end).includes('(')) end--;
  // "788-063-Office" (a label glued with a hyphen) still ends the number; digits or hex after
  // the hyphen would make it part of a longer identifier.
  const labelAfter = m.text[end] === '-' && /^\p{L}{2}/u.test(m.text.slice(end + 1, end + 3));
  if (gluedBefore(m.text, start) || (gluedAfter(m.text, end) && !labelAfter)) return null;

  const value = m.text.slice(start, end);
  const extension = /\s?(?:x|ext\.?)\s?\d{1,6}$/i.exec(value);
  const number = extension === null ? value : value.slice(0, extension.index);
  const groups = digitGroups(number);
  if (groups === null) return null;
  const digits = groups.join('');
  const international = number.startsWith('+') || number.startsWith('00');
  // Some short international numbers exist (Iran's "+98 9601" service numbers): with a "+" a
  // valid plan is evidence enough from five digits on.
  if (digits.length < (international ? 5 : 7) || digits.length > 15) return null;
  if (looksLikeDateOrAmount(number, groups)) return null;

  const formatted = groups.length >= 2 || number.includes('(');
  // Two groups split by one space ("370 3911 Fourth Avenue") are as often a house number and a
  // street number as a local phone number: they need a valid plan and context.
  const spaceOnly = groups.length === 2 && !/[().\-]/.test(number);
  const wellFormed = formatted && !spaceOnly && groups.length <= 6 && groups.every((g) => g.length <= 5);

  // libphonenumber costs 20-130 us per call here, more than everything else in a sentence, so
  // it runs only where its answer changes the outcome: "+" numbers, bare digit runs and
  // two-group numbers. A well-formed national number is reported on its shape alone.
  if (wellFormed && !international) return { start, end, score: 0.6, validator: 'none' };
  // Without a plan check these stay below the threshold unless a context word lifts them.
  if (spaceOnly && !international) return { start, end, score: 0.3, validator: 'none' };
  if (!international && (digits.length < 9 || digits.length > 11)) return { start, end, score: 0.2, validator: 'none' };

  const region = international
    ? phoneRegion(number.startsWith('00') ? `+${number.slice(2)}` : number)
    : phoneRegion(number, regions.slice(0, BARE_NUMBER_REGIONS));
  let score: number;
  if (region !== null) score = international ? 0.9 : 0.55;
  else score = international && digits.length >= 7 ? 0.6 : 0.2;
  return { start, end, score, validator: region !== null ? 'passed' : 'failed' };
}

/** Builds a phone recognizer for the given default regions. */
export function createPhoneRecognizer(options: PhoneRecognizerOptions = {}) {
  const regions = options.regions ?? DEFAULT_PHONE_REGIONS;
  return defineBuiltinRecognizer({
    name: 'phone',
    entityType: 'PHONE_NUMBER',
    patterns: [
      {
        name: 'phone',
        minDigits: 5,
        regex:
          '(?:\\+|00)?\\s?(?:\\(\\d{1,5}\\)\\s?)?\\d{1,5}(?:[ .\\-]?(?:\\(\\d{1,5}\\)|\\d{1,6})){1,7}(?:\\s?(?:[xX]|[eE][xX][tT]\\.?)\\s?\\d{1,6})?',
        score: 0.5,
      },
    ],
    context: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'call', 'fax', 'contact', 'reach', 'dial', 'whatsapp'],
    contextByLanguage: {
      de: ['telefon', 'handy', 'rufnummer', 'tel'],
      fr: ['téléphone', 'portable', 'tél'],
      es: ['teléfono', 'móvil', 'llamar'],
      it: ['telefono', 'cellulare'],
    },
    refine: (m) => refinePhone(m, regions),
  });
}

export const phoneRecognizer = createPhoneRecognizer();
