/**
 * Phone numbers through libphonenumber-js with its full ("max") metadata, which checks the
 * number against each region's real numbering plan (lengths and prefixes per number type),
 * not just its length.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Regions tried, in order, for numbers written without a leading "+" (national format). */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US', 'GB', 'DE', 'FR', 'IT', 'ES', 'CA', 'AU', 'IN', 'BR', 'IL', 'NL', 'BE', 'CH', 'AT',
  'SE', 'DK', 'FI', 'NO', 'PL', 'CZ', 'PT', 'IE', 'HU', 'SI', 'UY', 'IS', 'CY',
];

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
