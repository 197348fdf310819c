/**
 * Phone numbers through libphonenumber-js with its full ("max") metadata, which checks the
 * number against each region's real numbering plan (lengths and prefixes per number type),
 * not just its length.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

/** Regions tried, in order, for numbers written without a leading "+" (national format). */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'IT', 'ES', 'CA', 'AU', 'IN', 'BR', 'IL', 'NL', 'BE', 'CH', 'AT',
  'SE', 'DK', 'FI', 'NO', 'PL', 'CZ', 'PT', 'IE', 'HU', 'SI', 'UY', 'IS', 'CY',
];

/** What the length pre-check needs of one country calling code's plans. */
interface CallingCodePlan {
  /** Every national number length any region or number type of the code allows. */
  lengths: Set<number>;
  /** The national-prefix pattern libphonenumber strips first (the code's main plan), if any. */
  prefix: RegExp | null;
}

/** Per calling code; `null` when the code's plans are outside what the pre-check models. */
let callingCodePlans: Map<string, CallingCodePlan | null> | null = null;

type RegionArray = unknown[];

/**
 * Built once from libphonenumber's own metadata (positions as in its compressed JSON: 3 the
 * possible lengths, 5 the national prefix, 7 the prefix pattern for parsing, 8 the prefix
 * transform rule, 11 the number types with their own lengths at position 1).
 */
function buildCallingCodePlans(): Map<string, CallingCodePlan | null> {
  const plans = new Map<string, CallingCodePlan | null>();
  const json = metadata as unknown as {
    country_calling_codes: Record<string, string[]>;
    countries: Record<string, RegionArray>;
    nonGeographic?: Record<string, RegionArray>;
  };
  // Non-geographic codes (+800, +870, ...) are listed only under `nonGeographic`.
  const codes = new Map<string, string[]>(Object.entries(json.country_calling_codes));
  for (const code of Object.keys(json.nonGeographic ?? {})) if (!codes.has(code)) codes.set(code, ['001']);
  for (const [code, regionIds] of codes) {
    const regions: RegionArray[] = [];
    for (const id of regionIds) {
      const region = id === '001' ? json.nonGeographic?.[code] : json.countries[id];
      if (region !== undefined) regions.push(region);
    }
    if (regions.length === 0) continue;
    const main = regions[0]!;
    // A transform rule can rewrite or lengthen the national number; types are what validity
    // is checked against. Either way the full parse decides for these codes.
    let modelled = !main[8] && regions.every((r) => Array.isArray(r[11]) && r[11].length > 0 && Array.isArray(r[3]));
    const lengths = new Set<number>();
    for (const region of regions) {
      if (!modelled) break;
      for (const n of region[3] as number[]) lengths.add(n);
      for (const type of region[11] as unknown[]) {
        if (!Array.isArray(type)) continue;
        if (type[1] !== undefined && !Array.isArray(type[1])) modelled = false;
        else if (Array.isArray(type[1])) for (const n of type[1] as number[]) lengths.add(n);
      }
    }
    const prefixSource = (main[7] || main[5]) as string | 0 | undefined;
    plans.set(
      code,
      modelled ? { lengths, prefix: typeof prefixSource === 'string' && prefixSource !== '' ? new RegExp(`^(?:${prefixSource})`) : null } : null,
    );
  }
  return plans;
}

/**
 * False when the "+" number with these digits (country calling code first) cannot be valid in
 * any plan, decided from lengths alone: no calling code starts the digits, or neither the
 * national number nor the national number with the national prefix stripped (as libphonenumber
 * strips it) has a length any plan of that code allows. True means "ask libphonenumber";
 * the pre-check never rejects a number libphonenumber accepts (property-tested).
 */
export function mayBeValidInternational(digits: string): boolean {
  callingCodePlans ??= buildCallingCodePlans();
  for (let size = 1; size <= 3 && size < digits.length; size++) {
    const plan = callingCodePlans.get(digits.slice(0, size));
    if (plan === undefined) continue;
    if (plan === null) return true;
    const national = digits.slice(size);
    if (plan.lengths.has(national.length)) return true;
    const prefix = plan.prefix?.exec(national);
    return prefix != null && prefix[0].length > 0 && plan.lengths.has(national.length - prefix[0].length);
  }
  return false;
}

/**
 * The digits of a value made only of one leading "+", ASCII digits, spaces, dots, dashes and
 * brackets; `null` for anything else (text around the number, an extension, other digits),
 * which is left to the full parse.
 */
function plainInternationalDigits(value: string): string | null {
  let digits = '';
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 32) i++;
  if (value[i] !== '+') return null;
  for (i++; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += value[i];
    else if (c !== 32 && c !== 46 && c !== 45 && c !== 40 && c !== 41) return null;
  }
  return digits;
}

/**
 * Returns the ISO region whose plan `value` fits, or `null`. A "+" number is checked against
 * its own country code only; a national number against each of `regions` in turn.
 */
export function phoneRegion(
  value: string,
  regions: readonly CountryCode[] = DEFAULT_PHONE_REGIONS,
): CountryCode | null {
  if (typeof value !== 'string' || value.length < 3 || value.length > 40) return null;
  // The non-throwing parser: exceptions cost more than the parse on hostile input.
  try {
    if (value.trimStart().startsWith('+')) {
      // A "+" number of a length no plan of its calling code allows (digit noise, glued IDs)
      // is dropped without the parse, which costs 10-30 us; this check well under one.
      const digits = plainInternationalDigits(value);
      if (digits !== null && !mayBeValidInternational(digits)) return null;
      const number = parsePhoneNumberFromString(value);
      return number !== undefined && number.isValid() ? (number.country ?? ('001' as CountryCode)) : null;
    }
    for (const region of regions) {
      const number = parsePhoneNumberFromString(value, region);
      if (number !== undefined && number.isValid()) return number.country ?? region;
    }
  } catch {
    return null;
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
