/**
 * Identifiers read only after their label, whose shape alone says too little: a passport number
 * with letters ("passport C01X00T47", "pasaporte AAA123456"), a UK sort code ("sort code
 * 20-00-00"), a German Steuernummer ("Steuernummer 21/815/08150") and identity card number
 * ("Personalausweis T220001293", with its check digit), a UK driving licence number
 * ("MORGA753116SM9IJ") and a US Medicare Beneficiary Identifier ("1EG4-TE5-MK73"). Round 13:
 * all were left in clear. Each pattern holds its label, so a match is its own context; all are
 * gated on their labels' letters, which few texts hold.
 */
import {
  defineBuiltinRecognizer,
  type PatternMatch,
  type PatternRecognizer,
  type Refinement,
} from '../pattern-recognizer.js';
import { isValidDeIdCard, isValidUkDrivingLicence, isValidUsMbi } from '../validators/national-ids.js';
import { isAlnumCode, standsAlone } from './boundary.js';
import { jointGate } from './joint-gate.js';

/** Between a label and its value: "number", "no.", "Nr.", "n°", then ":" or "#" and spaces. */
const NUMBER_WORD = `(?:[\\s.-]*(?:numbers?|num(?:ero|éro)|nummer|no\\.?|nr\\.?|n[°º]\\.?))?\\s*[:#]?\\s*`;

interface LabelledSpec {
  readonly name: string;
  readonly type: string;
  /** The labels, as regex sources. */
  readonly label: string;
  /** The least number of digits a value holds (`PatternSpec.minDigits` gate). */
  readonly minDigits: number;
  /** The value after the label, as a regex source. */
  readonly value: string;
  /** Where the value starts in a match: the end of the match this finds it at. */
  readonly valueAtEnd: RegExp;
  /** What the value must pass besides standing alone and being written in capitals. */
  readonly check: (value: string) => boolean;
}

/** A passport number with a letter and two digits or more: German, Spanish, French, Italian. */
function isLetteredPassport(value: string): boolean {
  return /[A-Z]/.test(value) && /\d.*\d/.test(value);
}

/** A sort code's three pairs, joined by one kind of separator or none. */
function isSortCode(value: string): boolean {
  return /^\d{2}(?:-\d{2}-|\d{2}| \d{2} )\d{2}$/.test(value);
}

/**
 * Texts that can hold a match of any of the patterns below hold one of their labels' letters:
 * one gate for all, so one scan of the text (the analyzer runs each distinct gate once a text).
 */
const LABEL_GATE = jointGate(
  /pass(?:port|eport|aporto)|pasaporte|reisepass|sort[\s-]?code|steuer[\s-]?n|ausweis|licen[cs]e|medicare|mbi/i,
);

const SPECS: readonly LabelledSpec[] = [
  {
    name: 'passport-lettered',
    type: 'US_PASSPORT',
    minDigits: 2,
    label: '(?:passport|reisepass|pasaporte|passeport|passaporto)',
    value: '[A-Z0-9]{6,9}',
    valueAtEnd: /[A-Z0-9]{6,9}$/i,
    check: isLetteredPassport,
  },
  {
    name: 'uk-sort-code',
    type: 'UK_SORT_CODE',
    minDigits: 6,
    label: 'sort[\\s-]?code',
    value: '\\d{2}[- ]?\\d{2}[- ]?\\d{2}',
    valueAtEnd: /\d{2}[- ]?\d{2}[- ]?\d{2}$/,
    check: isSortCode,
  },
  {
    // The Länder write it 2/3/5, 3/3/5, 3/4/4 or 5/5 digits; the unified form is 13 digits.
    name: 'de-steuernummer',
    type: 'DE_TAX_ID',
    minDigits: 10,
    label: 'steuer[\\s-]?(?:nummer|nr\\.?)',
    value: '(?:\\d{2,3}/\\d{3,4}/\\d{4,5}|\\d{5}/\\d{5}|\\d{13})',
    valueAtEnd: /(?:\d{2,3}\/\d{3,4}\/\d{4,5}|\d{5}\/\d{5}|\d{13})$/,
    check: () => true,
  },
  {
    name: 'de-id-card',
    type: 'DE_ID_CARD',
    minDigits: 1,
    label: '(?:personalausweis|ausweis)(?:nummer)?',
    value: '[A-Z0-9]{10}',
    valueAtEnd: /[A-Z0-9]{10}$/i,
    check: isValidDeIdCard,
  },
  {
    name: 'uk-driving-licence',
    type: 'US_DRIVER_LICENSE',
    minDigits: 7,
    label: "(?:driving|driver'?s?)\\s+licen[cs]e",
    value: '[A-Z9]{5}\\d{6}[A-Z9]{2}\\d[A-Z]{2}',
    valueAtEnd: /[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}$/i,
    check: isValidUkDrivingLicence,
  },
  {
    name: 'us-mbi',
    type: 'US_MBI',
    minDigits: 5,
    label: '(?:medicare|mbi)(?:\\s+(?:beneficiary\\s+)?(?:identifier|id))?',
    value: '[1-9][A-Z][A-Z0-9]\\d-?[A-Z][A-Z0-9]\\d-?[A-Z]{2}\\d{2}',
    valueAtEnd: /[1-9][A-Z][A-Z0-9]\d-?[A-Z][A-Z0-9]\d-?[A-Z]{2}\d{2}$/i,
    check: isValidUsMbi,
  },
];

/**
 * The value of a labelled match: the label not glued to a word before it, the value standing
 * alone, in capitals (the pattern reads any case, so "passport issued" is tried and dropped
 * here), and passing its spec's check.
 */
function labelledValue(spec: LabelledSpec, m: PatternMatch): Refinement | null {
  if (m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
  const value = spec.valueAtEnd.exec(m.value);
  if (value === null) return null;
  const start = m.start + value.index;
  if (!standsAlone(m.text, start, m.end)) return null;
  if (value[0] !== value[0].toUpperCase() || !spec.check(value[0])) return null;
  const found: Refinement = { start, end: m.end, score: m.pattern.score, validator: 'passed', validated: true };
  if (spec.type !== SPECS[0]!.type) found.type = spec.type;
  return found;
}

/**
 * One recognizer for all of them, so one gate (`LABEL_GATE`) and one entry in the analyzer's
 * per-text loop; each pattern's refinement names its type.
 */
export const labelledNumberRecognizer: PatternRecognizer = defineBuiltinRecognizer({
  name: 'labelled-numbers',
  entityType: SPECS[0]!.type,
  otherEntityTypes: [...new Set(SPECS.slice(1).map((spec) => spec.type))],
  patterns: SPECS.map((spec) => ({
    name: spec.name,
    minDigits: spec.minDigits,
    needsMatch: LABEL_GATE,
    regex: `(?i)\\b${spec.label}${NUMBER_WORD}${spec.value}`,
    score: 0.8,
  })),
  context: [],
  refine: (m) => {
    const spec = SPECS.find((s) => s.name === m.pattern.name)!;
    return labelledValue(spec, m);
  },
});
