/**
 * National identifiers of Australia, Canada, Finland, Germany, India, Italy, Korea, the
 * Netherlands, Nigeria, Poland, Singapore, South Africa, Spain, Sweden, Thailand and Turkey, each validated by its
 * checksum (`validators/national-ids.ts`). Scores follow the strength of the evidence: a format
 * with letters and a check character (Finnish HETU, Italian codice fiscale, Spanish NIE) stands
 * on its own; an all-digit number with a one-in-ten or one-in-eleven check is weak and needs a
 * context word to reach the default threshold.
 */
import {
  defineBuiltinRecognizer,
  type Accepts,
  type Near,
  type PatternMatch,
  type PatternRecognizer,
  type Refinement,
} from '../pattern-recognizer.js';
import * as v from '../validators/national-ids.js';
import type { Validator } from '../validators/index.js';
import { topLevelAlternatives } from './alternation.js';
import { ASCII_CAPITALS, standsAlone } from './boundary.js';
import { jointGate } from './joint-gate.js';
import { checked } from './refine.js';

interface IdSpec {
  name: string;
  type: string;
  regex: string;
  score: number;
  validator: Validator;
  context: string[];
  /** Strong formats win overlaps against unvalidated candidates. */
  strong?: boolean;
  /** Length of the all-alphanumeric token a match needs (`PatternSpec.minRun` gate). */
  minRun?: number;
  /** Where a match lies around the digits it holds (`PatternSpec.near`). */
  near?: Near;
  /** Characters of which every match holds one (`PatternSpec.needsAny` gate). */
  needsAny?: string;
  /** What every match the refinement (`checked`: standing alone, valid) accepts holds. */
  accepts?: Accepts;
}

const SPECS: IdSpec[] = [
  { name: 'au-abn', accepts: { digits: [11, 11], alone: 'both' }, near: { cluster: 11, only: ' ', before: 0, after: 0 }, type: 'AU_ABN', regex: '\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}', score: 0.4, validator: v.isValidAuAbn, context: ['abn', 'australian business number', 'business number'] },
  { name: 'au-acn', accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: ' ', before: 0, after: 0 }, type: 'AU_ACN', regex: '\\d{3} ?\\d{3} ?\\d{3}', score: 0.2, validator: v.isValidAuAcn, context: ['acn', 'australian company number', 'company number'] },
  { name: 'au-tfn', accepts: { digits: [8, 9], alone: 'both' }, near: { cluster: 8, only: ' ', before: 0, after: 0 }, type: 'AU_TFN', regex: '\\d{3} ?\\d{3} ?\\d{2,3}', score: 0.2, validator: v.isValidAuTfn, context: ['tfn', 'tax file number', 'tax file'] },
  { name: 'au-medicare', accepts: { digits: [10, 11], alone: 'both' }, near: { cluster: 10, only: ' ', before: 0, after: 0 }, type: 'AU_MEDICARE', regex: '[2-6]\\d{3} ?\\d{5} ?\\d{1,2}', score: 0.2, validator: v.isValidAuMedicare, context: ['medicare', 'health card'] },
  { name: 'ca-sin', accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: ' -', before: 0, after: 0 }, type: 'CA_SIN', regex: '\\d{3}[- ]?\\d{3}[- ]?\\d{3}', score: 0.2, validator: v.isValidCaSin, context: ['sin', 'social insurance', 'nas', 'assurance sociale'] },
  { name: 'fi-hetu', accepts: { digits: [6, 6], alone: 'start' }, near: { digitRun: 6, before: 0, after: 5 }, type: 'FI_PERSONAL_IDENTITY_CODE', regex: '\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]', score: 0.85, validator: v.isValidFiHetu, context: ['hetu', 'henkilötunnus', 'personal identity code', 'identity code'], strong: true },
  { name: 'de-tax-id', accepts: { digits: [11, 11], alone: 'both' }, near: { cluster: 11, only: ' ', before: 0, after: 0 }, type: 'DE_TAX_ID', regex: '\\d{2} ?\\d{3} ?\\d{3} ?\\d{3}', score: 0.3, validator: v.isValidDeTaxId, context: ['steuer-id', 'steuerid', 'steueridentifikationsnummer', 'steuer', 'idnr', 'tax id', 'identifikationsnummer'] },
  { name: 'in-aadhaar', accepts: { digits: [12, 12], alone: 'both' }, near: { cluster: 12, only: ' -', before: 0, after: 0 }, type: 'IN_AADHAAR', regex: '\\d{4}[ -]?\\d{4}[ -]?\\d{4}', score: 0.4, validator: v.isValidInAadhaar, context: ['aadhaar', 'aadhar', 'uid', 'uidai'] },
  { name: 'in-pan', accepts: { digits: [4, 4], alone: 'neither' }, minRun: 10, near: { digitRun: 4, nextToCapital: true, before: 5, after: 1 }, type: 'IN_PAN', regex: '[A-Z]{5}\\d{4}[A-Z]', score: 0.6, validator: v.isValidInPan, context: ['pan', 'permanent account number', 'income tax'] },
  { name: 'in-voter', accepts: { digits: [7, 7], alone: 'end' }, minRun: 10, near: { digitRun: 7, nextToCapital: true, before: 3, after: 0 }, type: 'IN_VOTER', regex: '[A-Z]{3}\\d{7}', score: 0.45, validator: v.isValidInVoterId, context: ['voter', 'epic', 'election', 'electoral'] },
  { name: 'it-fiscal-code', minRun: 16, type: 'IT_FISCAL_CODE', regex: '(?i)[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]', score: 0.9, validator: v.isValidItFiscalCode, context: ['codice fiscale', 'fiscal code', 'cf'], strong: true },
  { name: 'it-vat', accepts: { digits: [11, 11], alone: 'end' }, near: { digitRun: 11, before: 3, after: 0 }, type: 'IT_VAT_CODE', regex: '(?:IT ?)?\\d{11}', score: 0.3, validator: v.isValidItVat, context: ['partita iva', 'iva', 'vat', 'p.iva'] },
  { name: 'kr-rrn', accepts: { digits: [13, 13], alone: 'both' }, near: { cluster: 13, only: '-', before: 0, after: 0 }, type: 'KR_RRN', regex: '\\d{6}-?\\d{7}', score: 0.6, validator: v.isValidKrRrn, context: ['rrn', 'resident registration', '주민등록번호'] },
  { name: 'ng-nin', accepts: { digits: [11, 11], alone: 'both' }, near: { digitRun: 11, before: 0, after: 0 }, type: 'NG_NIN', regex: '\\d{11}', score: 0.2, validator: v.isValidNgNin, context: ['nin', 'national identification number', 'nimc'] },
  // Round 13: "BSN 111222333" was PHONE_NUMBER. Nine digits with the 11-proof pass one random
  // number in eleven, so only with a context word (0.25 + the context boost outranks a phone
  // number's plan check, 0.55).
  { name: 'nl-bsn', accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: '.', before: 0, after: 0 }, type: 'NL_BSN', regex: '\\d{4}\\.\\d{2}\\.\\d{3}|\\d{9}', score: 0.25, validator: v.isValidNlBsn, context: ['bsn', 'burgerservicenummer', 'sofinummer', 'citizen service number'] },
  { name: 'pl-pesel', accepts: { digits: [11, 11], alone: 'both' }, near: { digitRun: 11, before: 0, after: 0 }, type: 'PL_PESEL', regex: '\\d{11}', score: 0.4, validator: v.isValidPlPesel, context: ['pesel'] },
  { name: 'sg-nric', accepts: { digits: [7, 7], alone: 'neither' }, near: { digitRun: 7, before: 1, after: 1 }, minRun: 9, type: 'SG_NRIC_FIN', regex: '(?i)[STFGM]\\d{7}[A-Z]', score: 0.7, validator: (s) => v.isValidSgNric(s.toUpperCase()), context: ['nric', 'fin', 'identity card', 'ic'], strong: true },
  { name: 'za-id', accepts: { digits: [13, 13], alone: 'both' }, near: { digitRun: 13, before: 0, after: 0 }, type: 'ZA_ID', regex: '\\d{13}', score: 0.45, validator: v.isValidZaId, context: ['id number', 'identity number', 'rsa id', 'sa id', 'za id', 'south african id'] },
  { name: 'es-nif', accepts: { digits: [8, 8], alone: 'start' }, near: { digitRun: 8, before: 0, after: 2 }, needsAny: ASCII_CAPITALS, type: 'ES_NIF', regex: '\\d{8}-?[A-Z]', score: 0.75, validator: v.isValidEsDni, context: ['dni', 'nif', 'documento nacional'], strong: true },
  { name: 'es-nie', accepts: { digits: [7, 7], alone: 'neither' }, near: { digitRun: 7, before: 2, after: 2 }, needsAny: 'XYZ', type: 'ES_NIE', regex: '[XYZ]-?\\d{7}-?[A-Z]', score: 0.8, validator: v.isValidEsNie, context: ['nie', 'extranjero'], strong: true },
  { name: 'se-personnummer', accepts: { digits: [10, 12], alone: 'both' }, near: { cluster: 10, joiners: '-+', only: '-+', before: 0, after: 0 }, type: 'SE_PERSONNUMMER', regex: '(?:\\d{2})?\\d{6}[-+]\\d{4}', score: 0.6, validator: v.isValidSePersonnummer, context: ['personnummer', 'personal identity number'] },
  // Round 12: the 12 digits written without the hyphen ("personnummer: 191212121212", as Skatteverket's
  // files and many forms write it) were not found; a bare 12-digit number is as often something
  // else, so only with a context word.
  { name: 'se-personnummer-compact', accepts: { digits: [12, 12], alone: 'both' }, near: { digitRun: 12, before: 0, after: 0 }, type: 'SE_PERSONNUMMER', regex: '(?:19|20)\\d{10}', score: 0.2, validator: v.isValidSePersonnummer, context: ['personnummer', 'personal identity number', 'pnr'] },
  // Round 13: the ten digits without the hyphen ("personnummer 8112189876") were a phone number
  // at most. A date and a Luhn check leave one bare ten-digit number in about forty: only with a
  // context word, like the twelve; scored above a ten-digit phone number (0.55 with the word),
  // which would otherwise win the overlap.
  { name: 'se-personnummer-compact-short', accepts: { digits: [10, 10], alone: 'both' }, near: { digitRun: 10, before: 0, after: 0 }, type: 'SE_PERSONNUMMER', regex: '\\d{10}', score: 0.25, validator: v.isValidSePersonnummer, context: ['personnummer', 'personal identity number', 'pnr'] },
  { name: 'th-tnin', accepts: { digits: [13, 13], alone: 'both' }, near: { cluster: 13, only: ' -', before: 0, after: 0 }, type: 'TH_TNIN', regex: '\\d[- ]?\\d{4}[- ]?\\d{5}[- ]?\\d{2}[- ]?\\d', score: 0.45, validator: v.isValidThNationalId, context: ['thai', 'national id', 'บัตรประชาชน', 'citizen id'] },
  { name: 'tr-tckimlik', accepts: { digits: [11, 11], alone: 'both' }, near: { digitRun: 11, before: 0, after: 0 }, type: 'TR_TCKIMLIK', regex: '[1-9]\\d{10}', score: 0.45, validator: v.isValidTrTckimlik, context: ['tc', 'kimlik', 'tckn', 'tc kimlik', 'identity number'] },
];

/**
 * The least number of digits a match of `regex` holds, for the `minDigits` gate: a lower bound,
 * never more. Counts the `\d` outside groups and character classes with their least repeat
 * (`\d{2,3}` two, `\d?` and `\d*` none), and takes the least of top-level alternatives. A group
 * may be optional, as the Swedish century `(?:\d{2})?` is: counting it made the gate ask for 12
 * digits and skip every 10-digit personnummer.
 */
export function minimumDigits(regex: string): number {
  const branches = topLevelAlternatives(regex);
  if (branches.length > 1) return Math.min(...branches.map(minimumDigits));
  let n = 0;
  let depth = 0;
  for (let i = 0; i < regex.length; i++) {
    const ch = regex[i];
    if (ch === '\\') {
      if (regex[i + 1] === 'd' && depth === 0) n += leastRepeat(regex, i + 2);
      i++;
    } else if (ch === '[') {
      i = classEnd(regex, i);
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    }
  }
  return n;
}

/** The least count of the quantifier at `at` (1 when there is none; a lazy `?` after it is no option). */
function leastRepeat(regex: string, at: number): number {
  const q = regex[at];
  if (q === '?' || q === '*') return 0;
  if (q === '+') return 1;
  const count = /^\{(\d+)(?:,\d*)?\}/.exec(regex.slice(at));
  return count === null ? 1 : Number(count[1]);
}

/** Index of the `]` closing the character class opened at `open`. */
function classEnd(regex: string, open: number): number {
  let i = open + 1;
  if (regex[i] === '^') i++;
  if (regex[i] === ']') i++;
  for (; i < regex.length && regex[i] !== ']'; i++) if (regex[i] === '\\') i++;
  return i;
}

/** A NIR written as the carte Vitale prints it: "2 48 03 75 116 006 39". */
const NIR_GROUPED = /^\d \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3} \d{2}$/;

/**
 * A French NIR standing alone: with a valid key, printed in its groups it stands on its own
 * (0.7); compact, a 15-digit number, it needs a context word (0.4). Printed in its groups with
 * a wrong key (a typo, a made-up example) it is still the number of a person next to "NIR" or
 * "sécurité sociale" (0.3 with the validator failed, over the threshold only with the word).
 */
function frNir(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end, 'separates')) return null;
  const grouped = NIR_GROUPED.test(m.value);
  if (v.isValidFrNir(m.value)) {
    return { start: m.start, end: m.end, score: grouped ? 0.7 : 0.4, validator: 'passed', validated: true };
  }
  if (!grouped || !v.hasFrNirShape(m.value)) return null;
  return { start: m.start, end: m.end, score: 0.3, validator: 'failed' };
}

/**
 * Round 13: the French NIR (social security number, "NIR 2 48 03 75 116 006 39") was read as
 * a phone number and its last groups left in clear. Corsica's départements "2A" and "2B" break
 * the digits, so they have a pattern of their own, gated on the letter after a "2".
 */
const frNirRecognizer = defineBuiltinRecognizer({
  name: 'fr-nir',
  entityType: 'FR_NIR',
  patterns: [
    {
      name: 'fr-nir',
      minDigits: 15,
      accepts: { digits: [15, 15], alone: 'both' },
      near: { cluster: 15, only: ' ', before: 0, after: 0 },
      regex: '[12347-8] ?\\d{2} ?\\d{2} ?\\d{2} ?\\d{3} ?\\d{3} ?\\d{2}',
      score: 0.7,
    },
    {
      name: 'fr-nir-corsica',
      minDigits: 13,
      needsAny: 'AB',
      needsMatch: jointGate(/2[AB] ?\d{3}/),
      regex: '[12347-8] ?\\d{2} ?\\d{2} ?2[AB] ?\\d{3} ?\\d{3} ?\\d{2}',
      score: 0.7,
    },
  ],
  context: [
    'nir', 'sécurité sociale', 'securite sociale', 'sécu', 'secu', 'insee', 'vitale', 'nss',
    'social security', 'numéro de sécurité sociale',
  ],
  refine: frNir,
  maxScore: 0.7,
});

/** One recognizer per identifier, in the order above, and the NIR's. */
export const nationalIdRecognizers: readonly PatternRecognizer[] = [...SPECS.map((spec) =>
  defineBuiltinRecognizer({
    name: spec.name,
    entityType: spec.type,
    patterns: [
      {
        name: spec.name,
        regex: spec.regex,
        score: spec.score,
        minDigits: minimumDigits(spec.regex),
        ...(spec.minRun === undefined ? {} : { minRun: spec.minRun }),
        ...(spec.near === undefined ? {} : { near: spec.near }),
        ...(spec.needsAny === undefined ? {} : { needsAny: spec.needsAny }),
        ...(spec.accepts === undefined ? {} : { accepts: spec.accepts }),
      },
    ],
    context: spec.context,
    refine: checked(spec.validator, { validated: spec.strong === true }),
    // `checked` keeps the pattern's score and drops a match that does not stand alone.
    maxScore: spec.score,
  }),
), frNirRecognizer];
