/**
 * Phone numbers against libphonenumber's full ("max") metadata, which checks a number against
 * each region's real numbering plan (lengths and prefixes per number type), not just its length.
 *
 * libphonenumber-js rebuilds its regular expressions and metadata wrappers on every parse (12-27
 * us per "+" number in support notes). A number written only with digits, spaces, dots, dashes,
 * brackets and one leading "+" (everything the phone recognizer proposes) is taken through the
 * library's own parsing steps here instead, against plans whose patterns are compiled once, and
 * gets exactly the library's answer: test/detect/phone-plan.test.ts compares the two on every
 * example number of the metadata and on seeded random numbers. Anything else (letters,
 * extensions, other punctuation or whitespace) still goes to the library.
 */
import { createRequire } from 'node:module';
import type { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The library's CommonJS build is required on first use, not imported: only values outside the
 * plain form reach it (none of the first 4,000 tickets records), and importing its ES modules
 * (about 90 files) cost 69-78 ms of CPU in a fresh process (four runs), paid by every worker
 * thread at start. Its metadata is required as JSON (7 ms), the same object the library reads.
 */
const requireHere = createRequire(import.meta.url);
const metadata: unknown = requireHere('libphonenumber-js/metadata.max.json');
let parseNumber: typeof parsePhoneNumberFromString | undefined;

/** Regions tried, in order, for numbers written without a leading "+" (national format). */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'IT', 'ES', 'CA', 'AU', 'IN', 'BR', 'IL', 'NL', 'BE', 'CH', 'AT',
  'SE', 'DK', 'FI', 'NO', 'PL', 'CZ', 'PT', 'IE', 'HU', 'SI', 'UY', 'IS', 'CY',
];

/**
 * One plan as libphonenumber's compressed JSON stores it (format version 4): 0 the calling
 * code, 1 the international dialling prefix, 2 the national number pattern, 3 the possible
 * lengths, 5 the national prefix, 7 the prefix pattern for parsing, 8 its transform rule,
 * 10 the leading digits that pick this region among those sharing a calling code, 11 the number
 * types, each `[pattern, lengths?]`. Absent fields are `0` or missing.
 */
type PlanJson = unknown[];

const json = metadata as unknown as {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, PlanJson>;
  nonGeographic?: Record<string, PlanJson>;
};

/** One number type of a plan (fixed line, mobile, toll free, ...). */
interface NumberType {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
  /** 0 for the plan's fixed-line type, 1 for its mobile type, 2 for the others (service numbers). */
  line: 0 | 1 | 2;
}

/** A plan with its patterns compiled, each anchored the way the library applies it. */
interface NumberingPlan {
  callingCode: string;
  /** The regions sharing the calling code (`callingCodeRegions`), looked up once. */
  callingCodeRegions: string[] | undefined;
  /** The international dialling prefix ("011", "00"), at the start. */
  iddPrefix: RegExp;
  /** The national number pattern, for a whole-string match. */
  nationalNumber: RegExp;
  possibleLengths: readonly number[] | undefined;
  /** The national prefix (and carrier code) pattern stripped before the national number. */
  prefixForParsing: RegExp | null;
  prefixTransform: string | null;
  leadingDigits: RegExp | null;
  /** `null` when the plan lists no number types: the national number pattern alone decides. */
  types: NumberType[] | null;
}

const regionPlans = new Map<string, NumberingPlan>();
const nonGeographicPlans = new Map<string, NumberingPlan>();

/** `^(?:source)$`, as libphonenumber's whole-string match builds it. */
function wholeMatch(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function compilePlan(plan: PlanJson): NumberingPlan {
  const possibleLengths = Array.isArray(plan[3]) ? (plan[3] as number[]) : undefined;
  const prefixSource = (plan[7] || plan[5]) as string | 0 | undefined;
  let types: NumberType[] | null = null;
  if (Array.isArray(plan[11]) && plan[11].length > 0) {
    types = [];
    // Ten types at positions 0-9; one without a pattern never matches.
    const listed = (plan[11] as unknown[]).slice(0, 10);
    for (let position = 0; position < listed.length; position++) {
      const type = listed[position];
      if (!Array.isArray(type) || !type[0]) continue;
      const lengths = (type[1] as number[] | undefined) || possibleLengths;
      types.push({ pattern: wholeMatch(type[0] as string), lengths, line: position === 0 ? 0 : position === 1 ? 1 : 2 });
    }
  }
  return {
    callingCode: plan[0] as string,
    callingCodeRegions: callingCodeRegions(plan[0] as string),
    iddPrefix: new RegExp(`^(?:${plan[1] as string})`),
    nationalNumber: wholeMatch(plan[2] as string),
    possibleLengths,
    prefixForParsing: prefixSource ? new RegExp(`^(?:${prefixSource})`) : null,
    prefixTransform: (plan[8] as string | undefined) || null,
    leadingDigits: plan[10] ? new RegExp(`^(?:${plan[10] as string})`) : null,
    types,
  };
}

/** The regions sharing one calling code, as `regionOfNationalNumber` tries them. */
interface SharedCallingCode {
  /** Matches where any of the regions' leading digits match (never, when none has any). */
  anyLeadingDigits: RegExp;
  /** The regions without leading digits, in the metadata's order, with their plans. */
  withoutLeadingDigits: Array<[string, NumberingPlan]>;
}

const sharedCallingCodes = new Map<string, SharedCallingCode>();

function sharedCallingCode(callingCode: string, regions: readonly string[]): SharedCallingCode {
  let shared = sharedCallingCodes.get(callingCode);
  if (shared === undefined) {
    const sources: string[] = [];
    const withoutLeadingDigits: Array<[string, NumberingPlan]> = [];
    for (const region of regions) {
      const plan = regionPlan(region)!;
      if (plan.leadingDigits === null) withoutLeadingDigits.push([region, plan]);
      else sources.push(`(?:${json.countries[region]![10] as string})`);
    }
    const source = sources.length === 0 ? '(?!)' : `^(?:${sources.join('|')})`;
    const anyLeadingDigits = new RegExp(source);
    shared = { anyLeadingDigits, withoutLeadingDigits };
    sharedCallingCodes.set(callingCode, shared);
  }
  return shared;
}

/** The plan of one ISO region, compiled on first use; `undefined` for an unknown region. */
function regionPlan(region: string): NumberingPlan | undefined {
  let plan = regionPlans.get(region);
  if (plan === undefined && Object.hasOwn(json.countries, region)) {
    plan = compilePlan(json.countries[region]!);
    regionPlans.set(region, plan);
  }
  return plan;
}

/** The regions sharing a calling code, main region first; `undefined` for a non-geographic code. */
function callingCodeRegions(callingCode: string): string[] | undefined {
  const regions = Object.hasOwn(json.country_calling_codes, callingCode)
    ? json.country_calling_codes[callingCode]
    : undefined;
  if (regions === undefined || (regions.length === 1 && regions[0]!.length === 3)) return undefined;
  return regions;
}

/** The plan a calling code selects: its main region's, or the non-geographic one (+800, +882). */
function callingCodePlan(callingCode: string): NumberingPlan | undefined {
  const regions = callingCodeRegions(callingCode);
  if (regions !== undefined) return regionPlan(regions[0]!);
  let plan = nonGeographicPlans.get(callingCode);
  const source = json.nonGeographic;
  if (plan === undefined && source !== undefined && Object.hasOwn(source, callingCode)) {
    plan = compilePlan(source[callingCode]!);
    nonGeographicPlans.set(callingCode, plan);
  }
  return plan;
}

type LengthVerdict = 'possible' | 'too-short' | 'too-long' | 'invalid-length';

/** libphonenumber's length check: the list is sorted, its first and last entries are the bounds. */
function lengthVerdict(length: number, lengths: readonly number[] | undefined): LengthVerdict {
  if (lengths === undefined) return 'possible';
  const min = lengths[0]!;
  if (min === length) return 'possible';
  if (min > length) return 'too-short';
  if (lengths[lengths.length - 1]! < length) return 'too-long';
  return lengths.indexOf(length, 1) >= 0 ? 'possible' : 'invalid-length';
}

/**
 * True when the national number is of one of the plan's number types, or with `lines` of one of
 * its types numbered up to `lines` (`NumberType.line`: 0 fixed line, 1 mobile).
 */
function hasNumberType(plan: NumberingPlan, national: string, lines: 0 | 1 | 2 = 2): boolean {
  if (plan.types === null || !plan.nationalNumber.test(national)) return false;
  for (const type of plan.types) {
    if (type.line > lines) continue;
    if (type.lengths !== undefined && type.lengths.indexOf(national.length) < 0) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

/** libphonenumber's MOBILE: the plan's mobile type and not its fixed-line one. */
function isMobileOnly(plan: NumberingPlan, national: string): boolean {
  return hasNumberType(plan, national, 1) && !hasNumberType(plan, national, 0);
}

/** The library's validity test for a national number in a plan. */
function isValidInPlan(plan: NumberingPlan, national: string): boolean {
  return plan.types === null ? plan.nationalNumber.test(national) : hasNumberType(plan, national);
}

/**
 * The region of a calling code shared by several (+1, +44, +7), that of `codePlan`, that the
 * national number belongs to: the first whose leading digits start it or, for a region without leading digits, whose
 * number types it fits. `undefined` when none does or the code is non-geographic.
 */
function regionOfNationalNumber(codePlan: NumberingPlan, national: string): string | undefined {
  const regions = codePlan.callingCodeRegions;
  if (regions === undefined) return undefined;
  if (regions.length === 1) return regions[0];
  const shared = sharedCallingCode(codePlan.callingCode, regions);
  if (national === '' || !shared.anyLeadingDigits.test(national)) {
    // No region's leading digits start it: only the regions without any can claim it, in the
    // same order (a +1 number the US plan refuses: 25 tests -> 3, 1.6 -> 0.7 us).
    for (const [region, plan] of shared.withoutLeadingDigits) {
      if (hasNumberType(plan, national)) return region;
    }
    return undefined;
  }
  for (const region of regions) {
    const plan = regionPlan(region)!;
    if (plan.leadingDigits !== null) {
      if (national !== '' && plan.leadingDigits.test(national)) return region;
    } else if (hasNumberType(plan, national)) {
      return region;
    }
  }
  return undefined;
}

/** The national number with a national prefix (or carrier code) stripped or transformed. */
function stripNationalPrefix(digits: string, plan: NumberingPlan): string {
  if (digits === '' || plan.prefixForParsing === null) return digits;
  const match = plan.prefixForParsing.exec(digits);
  if (match === null) return digits;
  const lastGroup = match.length - 1;
  const captured = lastGroup > 0 && Boolean(match[lastGroup]);
  if (plan.prefixTransform !== null && captured) {
    return digits.replace(plan.prefixForParsing, plan.prefixTransform);
  }
  return digits.slice(match[0].length);
}

/**
 * The national significant number of `digits` in `plan`: the prefix is stripped only when the
 * rest still fits the plan's pattern (if the whole did) and has a possible length.
 */
function nationalSignificantNumber(digits: string, plan: NumberingPlan): string {
  const national = stripNationalPrefix(digits, plan);
  if (national === digits) return national;
  if (plan.nationalNumber.test(digits) && !plan.nationalNumber.test(national)) return digits;
  if (plan.possibleLengths !== undefined) {
    const region = regionOfNationalNumber(plan, national);
    const lengths = (region === undefined ? plan : regionPlan(region)!).possibleLengths;
    const verdict = lengthVerdict(national.length, lengths);
    if (verdict === 'too-short' || verdict === 'invalid-length') return digits;
  }
  return national;
}

/** Longest national significant number libphonenumber parses. */
const MAX_NATIONAL_LENGTH = 17;

/**
 * The region a national significant number of `plan` is valid in: a region sharing the calling
 * code that claims it, else `fallback`; `null` when it is not valid.
 */
function validRegion(plan: NumberingPlan, national: string, fallback: string): string | null {
  if (national.length < 2 || national.length > MAX_NATIONAL_LENGTH) return null;
  const claimedBy = regionOfNationalNumber(plan, national);
  const validIn = claimedBy === undefined ? plan : regionPlan(claimedBy)!;
  return isValidInPlan(validIn, national) ? (claimedBy ?? fallback) : null;
}

/**
 * The digits after a "+" (or an international dialling prefix): the calling code is the
 * shortest known prefix of one to three digits. `''` when the number is valid but the library
 * names no region (non-geographic codes, shared codes none of whose regions claims it).
 */
function internationalRegion(digits: string): string | null {
  if (digits.charCodeAt(0) === 48) return null;
  let code = 0;
  for (let size = 1; size <= 3 && size <= digits.length; size++) {
    code = code * 10 + digits.charCodeAt(size - 1) - 48;
    let plan = planOfCode[code];
    if (plan === undefined) {
      plan = callingCodePlan(String(code)) ?? null;
      planOfCode[code] = plan;
    }
    if (plan !== null) return afterCallingCode(plan, digits.slice(size));
  }
  return null;
}

/**
 * The plan of each calling code by its value (1-999; no code starts with 0, so the value names
 * the digits), `null` for a code that is none, filled on first use. With the regions of a plan's
 * calling code kept in the plan, this replaces two to five look-ups per number in the metadata's
 * dictionaries (and a slice each): the candidates reaching a plan check take 1.03-1.14 ->
 * 0.92-1.02 CPU-us per tickets note to refine, phoneRegion right after a whole analysis of
 * another note (its caches as in use) 2.45-3.06 -> 2.16-2.61, mins of four and three runs.
 */
const planOfCode: Array<NumberingPlan | null | undefined> = [];

/** The digits after a calling code, in the plan the code selects. */
function afterCallingCode(plan: NumberingPlan, rest: string): string | null {
  return rest === '' ? null : validRegion(plan, nationalSignificantNumber(rest, plan), '');
}

/**
 * A number without "+" read in `region`, as libphonenumber reads it: an international dialling
 * prefix ("011 44 ...") makes it international; the region's calling code written first
 * ("44 20 ...") is taken as one when the number fits the plan only without it or is too long
 * with it; otherwise it is national, and a region sharing the calling code may claim it.
 * `undefined` when the region is unknown to the metadata; `''` as for `internationalRegion`.
 */
function nationalRegion(digits: string, region: string): string | null | undefined {
  const plan = regionPlan(region);
  if (plan === undefined) return undefined;

  const idd = plan.iddPrefix.exec(digits);
  const iddLength = idd === null ? 0 : idd[0].length;
  if (iddLength > 0 && iddLength < digits.length && digits.charCodeAt(iddLength) !== 48) {
    return internationalRegion(digits.slice(iddLength));
  }

  if (digits.startsWith(plan.callingCode)) {
    const shorter = digits.slice(plan.callingCode.length);
    const whole = nationalSignificantNumber(digits, plan);
    const fitsOnlyShorter =
      !plan.nationalNumber.test(whole) &&
      plan.nationalNumber.test(nationalSignificantNumber(shorter, plan));
    if (fitsOnlyShorter || lengthVerdict(whole.length, plan.possibleLengths) === 'too-long') {
      // Read as international: the calling code's main plan (the US one for Canada) applies.
      return afterCallingCode(callingCodePlan(plan.callingCode)!, shorter);
    }
  }

  return validRegion(plan, nationalSignificantNumber(digits, plan), region);
}

/**
 * The digits of `text[start, end)` when it is made only of ASCII digits, spaces, dots, dashes
 * and brackets, with at least three digits; `null` for anything else, which is left to the
 * library.
 */
function plainDigits(text: string, start: number, end: number): string | null {
  let count = 0;
  let runs = 0;
  let inRun = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      count++;
      if (!inRun) runs++;
      inRun = true;
    } else if (c !== 32 && c !== 46 && c !== 45 && c !== 40 && c !== 41) {
      return null;
    } else {
      inRun = false;
    }
  }
  if (count < 3) return null;
  if (runs === 1) {
    let from = start;
    while (text.charCodeAt(from) > 57 || text.charCodeAt(from) < 48) from++;
    return text.slice(from, from + count);
  }
  // Whole runs of digits appended, not one character at a time (a string per digit).
  let digits = '';
  let run = -1;
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c >= 48 && c <= 57) {
      if (run < 0) run = j;
    } else if (run >= 0) {
      digits += text.slice(run, j);
      run = -1;
    }
  }
  return run >= 0 ? digits + text.slice(run, end) : digits;
}

/** The library's answer, for values outside the plain form. */
function libraryRegion(value: string, regions: readonly CountryCode[]): CountryCode | null {
  parseNumber ??= (requireHere('libphonenumber-js/max') as typeof import('libphonenumber-js/max'))
    .parsePhoneNumberFromString;
  // The non-throwing parser: exceptions cost more than the parse on hostile input.
  try {
    if (value.trimStart().startsWith('+')) {
      const number = parseNumber(value);
      const valid = number !== undefined && number.isValid();
      return valid ? (number.country ?? ('001' as CountryCode)) : null;
    }
    for (const region of regions) {
      const number = parseNumber(value, region);
      if (number !== undefined && number.isValid()) return number.country ?? region;
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Returns the ISO region whose plan `value` fits, or `null`. A "+" number is checked against
 * its own country code only ("001" when the code is non-geographic); a national number against
 * each of `regions` in turn.
 */
export function phoneRegion(
  value: string,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
): CountryCode | null {
  if (typeof value !== 'string') return null;
  return phoneRegionIn(value, 0, value.length, false, regions);
}

/**
 * `phoneRegion(text.slice(start, end), regions)`, or with `plus` `phoneRegion("+" +
 * text.slice(start, end))` (a number written with "00" for its "+"), read in place: the phone
 * recognizer's candidates are slices of a note, and reading a slice's characters one by one
 * unwraps it at every read (half of phoneRegion's own time). The candidates that reach a plan
 * check (0.83 per tickets note) take 1.11-1.17 -> 1.06-1.08 CPU-us per note to refine, four
 * runs each, alternated.
 */
export function phoneRegionIn(
  text: string,
  start: number,
  end: number,
  plus: boolean,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
): CountryCode | null {
  const length = end - start + (plus ? 1 : 0);
  if (length < 3 || length > 40) return null;
  let from = start;
  let international = plus;
  if (!plus) {
    while (from < end && text.charCodeAt(from) === 32) from++;
    if (text.charCodeAt(from) === 43) {
      international = true;
      from++;
    }
  }
  const digits = plainDigits(text, from, end);
  if (digits === null) {
    const value = text.slice(start, end);
    return libraryRegion(plus ? `+${value}` : value, regions);
  }
  if (international) {
    const region = internationalRegion(digits);
    return region === null ? null : ((region || '001') as CountryCode);
  }
  for (const region of regions) {
    const found = nationalRegion(digits, region);
    if (found !== null && found !== undefined) return (found || region) as CountryCode;
  }
  return null;
}

/**
 * The first of `regions` in which `text[start, end)`, written nationally, is a subscriber's line
 * (libphonenumber's number type FIXED_LINE, MOBILE or FIXED_LINE_OR_MOBILE, with the national
 * prefix stripped as the library strips it; with `mobileOnly`, MOBILE alone), or `null`.
 * Toll-free, premium-rate, shared-cost and the other service types do not count, nor a reading
 * through the region's international dialling prefix or calling code (`nationalRegion`). Only
 * plain values (digits, spaces, dots, dashes, brackets) are read.
 */
export function subscriberRegionIn(
  text: string,
  start: number,
  end: number,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
  mobileOnly = false,
): CountryCode | null {
  const digits = plainDigits(text, start, end);
  if (digits === null) return null;
  for (const region of regions) {
    const plan = regionPlan(region);
    if (plan === undefined || plan.types === null) continue;
    const idd = plan.iddPrefix.exec(digits);
    const iddLength = idd === null ? 0 : idd[0].length;
    if (iddLength > 0 && iddLength < digits.length && digits.charCodeAt(iddLength) !== 48) continue;
    const national = nationalSignificantNumber(digits, plan);
    if (national.length < 2 || national.length > MAX_NATIONAL_LENGTH) continue;
    const claimedBy = regionOfNationalNumber(plan, national);
    const validIn = claimedBy === undefined ? plan : regionPlan(claimedBy)!;
    const line = mobileOnly ? isMobileOnly(validIn, national) : hasNumberType(validIn, national, 1);
    if (line) return (claimedBy ?? region) as CountryCode;
  }
  return null;
}

/**
 * True when `value` is a valid phone number written internationally ("+…"), or nationally in the
 * North American plan. Some plans (Austria's, Germany's) take numbers of many lengths, so
 * checking a bare digit string against every default region would call almost anything valid;
 * the recognizer uses the wider region list together with formatting evidence instead.
 */
export function isValidPhoneNumber(value: string): boolean {
  return phoneRegion(value, ['US']) !== null;
}
