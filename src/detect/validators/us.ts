/**
 * United States identifiers: SSN and ITIN (SSA and IRS numbering rules), ABA routing numbers
 * (3-7-1 weighted checksum) and EIN prefixes.
 */
import { isDigits, weightedSum } from './checksums.js';

/** Splits "AAA-GG-SSSS", "AAA GG SSSS" or "AAAGGSSSS" (one separator kind) into digits. */
function nineDigits(value: string): string | null {
  if (typeof value !== 'string') return null;
  if (value.length === 9) return isDigits(value) ? value : null;
  if (value.length !== 11) return null;
  const sep = value[3];
  if ((sep !== '-' && sep !== ' ' && sep !== '.') || value[6] !== sep) return null;
  const digits = value.slice(0, 3) + value.slice(4, 6) + value.slice(7);
  return isDigits(digits) ? digits : null;
}

/**
 * US Social Security Number. Areas 000, 666 and 900-999 are never issued (BR-08), nor group 00
 * or serial 0000; 078-05-1120 (the Woolworth wallet card) and 219-09-9999 (an SSA advert) are
 * void numbers the SSA lists, and 123-45-6789 is the form's example.
 */
export function isValidUsSsn(value: string): boolean {
  const digits = nineDigits(value);
  if (digits === null) return false;
  const area = Number(digits.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  if (digits === '078051120' || digits === '219099999' || digits === '123456789') return false;
  return true;
}

/** IRS ITIN: area 9xx, group 50-65, 70-88, 90-92 or 94-99. */
export function isValidUsItin(value: string): boolean {
  const digits = nineDigits(value);
  if (digits === null || digits[0] !== '9') return false;
  const group = Number(digits.slice(3, 5));
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    (group >= 94 && group <= 99)
  );
}

/** ABA routing transit number: 9 digits, weights 3 7 1, sum divisible by 10. */
export function isValidUsRoutingNumber(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 9 || !isDigits(value)) return false;
  return weightedSum(value, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** EIN prefixes the IRS assigns (Publication "How EINs are assigned"). */
const EIN_PREFIXES = new Set(
  (
    '01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 ' +
    '39 40 41 42 43 44 45 46 47 48 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 ' +
    '72 73 74 75 76 77 80 81 82 83 84 85 86 87 88 90 91 92 93 94 95 98 99'
  ).split(' '),
);

/** US Employer Identification Number "NN-NNNNNNN" with an assigned prefix. */
export function isValidUsEin(value: string): boolean {
  if (typeof value !== 'string') return false;
  const digits = value.length === 10 && value[2] === '-' ? value.slice(0, 2) + value.slice(3) : value;
  return digits.length === 9 && isDigits(digits) && EIN_PREFIXES.has(digits.slice(0, 2));
}
