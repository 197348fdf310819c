/**
 * National identifiers of the countries Presidio covers, each with its published check: the
 * python-stdnum test vectors in `shared/eval/stdnum_vectors.jsonl` pin the behaviour. Every
 * function takes the value as written (spaces and dashes allowed where the format has them),
 * returns a boolean and never throws (BR-13).
 */
import {
  compact,
  isDigits,
  luhnValid,
  mod11_10Valid,
  verhoeffValid,
  weightedSum,
} from './checksums.js';
import { isRealDate } from './dates.js';

function clean(value: unknown, separators = ' -'): string {
  if (typeof value !== 'string' || value.length > 64) return '';
  return compact(value, separators).toUpperCase();
}

// ---------------------------------------------------------------- Australia

/** Australian Business Number: subtract 1 from the first digit, weighted sum mod 89. */
export function isValidAuAbn(value: string): boolean {
  const n = clean(value);
  if (n.length !== 11 || !isDigits(n)) return false;
  const adjusted = String(Number(n[0]) - 1) + n.slice(1);
  if (adjusted.length !== 11 || adjusted.startsWith('-')) return false;
  return weightedSum(adjusted, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0;
}

/** Australian Company Number: 9 digits, weights 8..1, complement of the sum mod 10. */
export function isValidAuAcn(value: string): boolean {
  const n = clean(value);
  if (n.length !== 9 || !isDigits(n)) return false;
  const check = (10 - (weightedSum(n, [8, 7, 6, 5, 4, 3, 2, 1]) % 10)) % 10;
  return check === Number(n[8]);
}

/** Australian Tax File Number: 8 or 9 digits, weighted sum divisible by 11. */
export function isValidAuTfn(value: string): boolean {
  const n = clean(value);
  if (!isDigits(n)) return false;
  if (n.length === 9) return weightedSum(n, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
  if (n.length === 8) return weightedSum(n, [10, 7, 8, 4, 6, 3, 5, 1]) % 11 === 0;
  return false;
}

/** Australian Medicare card number: 10 or 11 digits, first 2-6, weighted check on digit 9. */
export function isValidAuMedicare(value: string): boolean {
  const n = clean(value);
  if ((n.length !== 10 && n.length !== 11) || !isDigits(n)) return false;
  if (n[0]! < '2' || n[0]! > '6') return false;
  return weightedSum(n, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === Number(n[8]);
}

// ---------------------------------------------------------------- Canada

/** Canadian Social Insurance Number: 9 digits, Luhn; 0 and 8 are never first digits. */
export function isValidCaSin(value: string): boolean {
  const n = clean(value);
  if (n.length !== 9 || !isDigits(n) || n[0] === '0' || n[0] === '8') return false;
  return luhnValid(n);
}

// ---------------------------------------------------------------- Finland

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const HETU_CENTURY: Record<string, number> = {
  '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900,
  A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000,
};

/** Finnish henkilötunnus DDMMYYCZZZQ: real date, individual number 002-899, mod-31 check. */
export function isValidFiHetu(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(value.trim().toUpperCase());
  if (m === null) return false;
  const century = HETU_CENTURY[m[4]!];
  if (century === undefined) return false;
  if (!isRealDate(century + Number(m[3]), Number(m[2]), Number(m[1]))) return false;
  const individual = Number(m[5]);
  if (individual < 2 || individual > 899) return false;
  return HETU_CHECK[Number(m[1]! + m[2]! + m[3]! + m[5]!) % 31] === m[6];
}

// ---------------------------------------------------------------- France

/**
 * The fields of a French NIR (numéro d'inscription au répertoire, the social security number)
 * as written, spaces allowed: sex (1 or 2; 3, 4, 7 and 8 for temporary numbers), year, month
 * (01-12, 20-42 and 50-99 where the birth month is unknown), département (Corsica "2A"/"2B"),
 * commune, order number, and the two-digit key.
 */
const NIR_SHAPE = /^([12347-8])(\d{2})(0[1-9]|1[0-2]|[2-4]\d|[5-9]\d)(\d{2}|2[AB])(\d{3})(\d{3})(\d{2})$/;

/** The 13 digits of a NIR before its key, Corsica's "2A"/"2B" read as 19/18; null if no NIR. */
function nirBody(value: string): string | null {
  const n = clean(value);
  const m = NIR_SHAPE.exec(n);
  if (m === null) return null;
  const department = m[4] === '2A' ? '19' : m[4] === '2B' ? '18' : m[4]!;
  if (department === '00') return null;
  return m[1]! + m[2]! + m[3]! + department + m[5]! + m[6]!;
}

/** Whether `value` has the fields of a NIR (`NIR_SHAPE`), whatever its key. */
export function hasFrNirShape(value: string): boolean {
  return nirBody(value) !== null;
}

/** French NIR: the fields above and the key 97 - (the 13 digits mod 97). */
export function isValidFrNir(value: string): boolean {
  const body = nirBody(value);
  if (body === null) return false;
  const key = Number(clean(value).slice(13));
  // 13 digits exceed no double's exact range (2^53 is 16 digits).
  return 97 - (Number(body) % 97) === key;
}

// ---------------------------------------------------------------- Germany

/**
 * German tax identification number (Steuer-IdNr): 11 digits, no leading zero, one digit of the
 * first ten repeated two or three times and the others unique, ISO 7064 MOD 11-10 check.
 */
export function isValidDeTaxId(value: string): boolean {
  const n = clean(value, ' -/');
  if (n.length !== 11 || !isDigits(n) || n[0] === '0') return false;
  const counts = new Map<string, number>();
  for (const ch of n.slice(0, 10)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const repeated = [...counts.values()].filter((c) => c > 1);
  if (repeated.length !== 1 || (repeated[0] !== 2 && repeated[0] !== 3)) return false;
  return mod11_10Valid(n);
}

/**
 * German identity card (Personalausweis) number since 2010: nine characters of the letters
 * C, F-H, J-N, P, R, T, V-Z and digits, the first a letter, then a check digit over them with
 * the weights 7, 3, 1 of ICAO Doc 9303 (letters count 10-35).
 */
export function isValidDeIdCard(value: string): boolean {
  const n = clean(value);
  if (!/^[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const code = n.charCodeAt(i);
    const worth = code <= 57 ? code - 48 : code - 55;
    sum += worth * [7, 3, 1][i % 3]!;
  }
  return sum % 10 === Number(n[9]);
}

// ---------------------------------------------------------------- India

/** True when `n` reads the same backwards (by code unit: `n` is ASCII digits here). */
function isPalindrome(n: string): boolean {
  for (let i = 0, j = n.length - 1; i < j; i++, j--) {
    if (n.charCodeAt(i) !== n.charCodeAt(j)) return false;
  }
  return true;
}

/** Aadhaar: 12 digits, not starting with 0 or 1, not a palindrome, Verhoeff check. */

export function isValidInAadhaar(value: string): boolean {
  const n = clean(value);
  if (n.length !== 12 || !isDigits(n) || n[0] === '0' || n[0] === '1') return false;
  if (isPalindrome(n)) return false;
  return verhoeffValid(n);
}

/** Permanent Account Number: AAAPA9999A with a known holder-type letter in position 4. */
export function isValidInPan(value: string): boolean {
  const n = clean(value);
  if (!/^[A-Z]{5}[0-9]{4}[A-Z]$/.test(n)) return false;
  if (!'ABCFGHJLPTK'.includes(n[3]!)) return false;
  return n.slice(5, 9) !== '0000';
}

/** Voter ID (EPIC): three letters and seven digits whose Luhn check holds. */
export function isValidInVoterId(value: string): boolean {
  const n = clean(value);
  if (!/^[A-Z]{3}[0-9]{7}$/.test(n)) return false;
  return luhnValid(n.slice(3));
}

// ---------------------------------------------------------------- Italy

const CF_ODD: Record<string, number> = {};
{
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  for (let i = 0; i < 10; i++) CF_ODD[String(i)] = odd[i]!;
  for (let i = 0; i < 26; i++) CF_ODD[String.fromCharCode(65 + i)] = odd[i]!;
}
const CF_MONTHS = 'ABCDEHLMPRST';
const CF_OMOCODIA = 'LMNPQRSTUV';

/** Italian partita IVA: 11 digits, Luhn, valid office code. */
export function isValidItVat(value: string): boolean {
  let n = clean(value);
  if (n.startsWith('IT')) n = n.slice(2);
  if (n.length !== 11 || !isDigits(n) || n.slice(0, 7) === '0000000') return false;
  const office = Number(n.slice(7, 10));
  if (!((office >= 1 && office <= 100) || office === 120 || office === 121 || office === 888 || office === 999)) {
    return false;
  }
  return luhnValid(n);
}

/** Italian codice fiscale: 16-character personal code (omocodia allowed) or an 11-digit one. */
export function isValidItFiscalCode(value: string): boolean {
  const n = clean(value);
  if (n.length === 11) return isValidItVat(n);
  if (!/^[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z]$/.test(n)) return false;

  const digitAt = (i: number): string => {
    const ch = n[i]!;
    const o = CF_OMOCODIA.indexOf(ch);
    return o === -1 ? ch : String(o);
  };
  const day = Number(digitAt(9) + digitAt(10));
  const month = CF_MONTHS.indexOf(n[8]!) + 1;
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;
  if (!isRealDate(2000, month, day > 40 ? day - 40 : day)) return false;

  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = n[i]!;
    if (i % 2 === 0) sum += CF_ODD[ch]!;
    else sum += /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === n[15];
}

// ---------------------------------------------------------------- Korea

/** Korean resident registration number YYMMDD-SBBBBNC: real date, place code, weighted check. */
export function isValidKrRrn(value: string): boolean {
  const n = clean(value);
  if (n.length !== 13 || !isDigits(n)) return false;
  const s = n[6]!;
  const century = '1256'.includes(s) ? 1900 : '3478'.includes(s) ? 2000 : 1800;
  if (!isRealDate(century + Number(n.slice(0, 2)), Number(n.slice(2, 4)), Number(n.slice(4, 6)))) return false;
  if (Number(n.slice(7, 9)) > 96) return false;
  const check = (11 - (weightedSum(n, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10;
  return check === Number(n[12]);
}

// ---------------------------------------------------------------- Netherlands

/**
 * Dutch citizen service number (burgerservicenummer): nine digits (an old eight-digit one with a
 * leading zero), weights 9..2 and -1 for the last, the sum a multiple of 11 (the "11-proof");
 * also written with full stops, "1112.22.333". All zeros is no number.
 */
export function isValidNlBsn(value: string): boolean {
  let n = clean(value, ' -.');
  if (n.length === 8) n = `0${n}`;
  if (n.length !== 9 || !isDigits(n) || n === '000000000') return false;
  return (weightedSum(n, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 + 11) % 11 === 0;
}

// ---------------------------------------------------------------- Nigeria

/**
 * Nigerian National Identification Number: 11 digits written without separators. NIMC publishes
 * no check digit, so the shape is all there is to check, and it is checked strictly.
 */
export function isValidNgNin(value: string): boolean {
  if (typeof value !== 'string') return false;
  const n = value.trim();
  return n.length === 11 && isDigits(n) && n[0] !== '0';
}

// ---------------------------------------------------------------- Poland

/** PESEL: 11 digits, birth date with century encoded in the month, weighted check digit. */
export function isValidPlPesel(value: string): boolean {
  const n = clean(value);
  if (n.length !== 11 || !isDigits(n)) return false;
  let month = Number(n.slice(2, 4));
  const offsets: Array<[number, number]> = [[80, 1800], [60, 2200], [40, 2100], [20, 2000], [0, 1900]];
  let year = 0;
  for (const [offset, century] of offsets) {
    if (month > offset) {
      month -= offset;
      year = century + Number(n.slice(0, 2));
      break;
    }
  }
  if (!isRealDate(year, month, Number(n.slice(4, 6)))) return false;
  const check = (10 - (weightedSum(n, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  return check === Number(n[10]);
}

// ---------------------------------------------------------------- Singapore

/** NRIC/FIN: S, T, F, G or M, seven digits and a check letter. */
export function isValidSgNric(value: string): boolean {
  const n = clean(value);
  const m = /^([STFGM])([0-9]{7})([A-Z])$/.exec(n);
  if (m === null) return false;
  const prefix = m[1]!;
  let sum = weightedSum(m[2]!, [2, 7, 6, 5, 4, 3, 2]);
  if (prefix === 'T' || prefix === 'G') sum += 4;
  if (prefix === 'M') sum += 3;
  const letters =
    prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : prefix === 'M' ? 'KLJNPQRTUWX' : 'XWUTRQPNMLK';
  const index = prefix === 'M' ? 10 - (sum % 11) : sum % 11;
  return letters[index] === m[3];
}

// ---------------------------------------------------------------- South Africa

/** South African ID number: 13 digits, real birth date, citizenship 0-2, Luhn. */
export function isValidZaId(value: string): boolean {
  const n = clean(value);
  if (n.length !== 13 || !isDigits(n)) return false;
  const yy = Number(n.slice(0, 2));
  const month = Number(n.slice(2, 4));
  const day = Number(n.slice(4, 6));
  if (!isRealDate(1900 + yy, month, day) && !isRealDate(2000 + yy, month, day)) return false;
  if (!'012'.includes(n[10]!)) return false;
  return luhnValid(n);
}

// ---------------------------------------------------------------- Spain

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** DNI: eight digits and a check letter (mod 23). */
export function isValidEsDni(value: string): boolean {
  const n = clean(value);
  if (!/^[0-9]{8}[A-Z]$/.test(n)) return false;
  return DNI_LETTERS[Number(n.slice(0, 8)) % 23] === n[8];
}

/** NIE (foreigner's number): X, Y or Z, seven digits, check letter over the DNI table. */
export function isValidEsNie(value: string): boolean {
  const n = clean(value);
  if (!/^[XYZ][0-9]{7}[A-Z]$/.test(n)) return false;
  const digits = String('XYZ'.indexOf(n[0]!)) + n.slice(1, 8);
  return DNI_LETTERS[Number(digits) % 23] === n[8];
}

/** CIF (legal entities): letter, seven digits, check digit or letter from a Luhn-like sum. */
export function isValidEsCif(value: string): boolean {
  const n = clean(value);
  const m = /^([ABCDEFGHJNPQRSUVW])([0-9]{7})([0-9A-J])$/.exec(n);
  if (m === null) return false;
  const digits = m[2]!;
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    let d = Number(digits[i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  const last = m[3]!;
  return last === String(check) || last === 'JABCDEFGHI'[check];
}

/** Spanish NIF: a DNI, a NIE, a K/L/M personal number, or a CIF. */
export function isValidEsNif(value: string): boolean {
  const n = clean(value);
  if (/^[KLM][0-9]{7}[A-Z]$/.test(n)) return DNI_LETTERS[Number(n.slice(1, 8)) % 23] === n[8];
  return isValidEsDni(n) || isValidEsNie(n) || isValidEsCif(n);
}

// ---------------------------------------------------------------- Sweden

/** Swedish personnummer (or samordningsnummer, day + 60): real date, Luhn over ten digits. */
export function isValidSePersonnummer(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{2})?(\d{2})-?(\d{2})-?(\d{2})([-+]?)(\d{3})(\d)$/.exec(value.trim());
  if (m === null) return false;
  const short = m[2]! + m[3]! + m[4]! + m[6]! + m[7]!;
  let day = Number(m[4]);
  if (day > 60) day -= 60;
  const yy = Number(m[2]);
  const year = m[1] !== undefined ? Number(m[1] + m[2]) : m[5] === '+' ? 1900 + yy : 2000 + yy;
  const month = Number(m[3]);
  if (!isRealDate(year, month, day) && !(m[1] === undefined && isRealDate(1900 + yy, month, day))) {
    return false;
  }
  return luhnValid(short);
}

// ---------------------------------------------------------------- Thailand

/** Thai national ID (13 digits): first digit 1-8, weighted check. */
export function isValidThNationalId(value: string): boolean {
  const n = clean(value);
  if (n.length !== 13 || !isDigits(n) || n[0] === '0' || n[0] === '9') return false;
  const check = (11 - (weightedSum(n, [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 10;
  return check === Number(n[12]);
}

// ---------------------------------------------------------------- Turkey

/** T.C. Kimlik No: 11 digits, no leading zero, two check digits. */
export function isValidTrTckimlik(value: string): boolean {
  const n = clean(value);
  if (n.length !== 11 || !isDigits(n) || n[0] === '0') return false;
  const d = [...n].map(Number);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  if ((((odd * 7 - even) % 10) + 10) % 10 !== d[9]) return false;
  return d.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === d[10];
}

// ---------------------------------------------------------------- United Kingdom

/** NHS number: 10 digits, weights 10..2, check = 11 - sum mod 11 (10 never valid). */
export function isValidUkNhs(value: string): boolean {
  const n = clean(value);
  if (n.length !== 10 || !isDigits(n)) return false;
  const check = 11 - (weightedSum(n, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(n[9]);
}

/**
 * UK (DVLA) driving licence number: five letters of the surname padded with 9, the decade
 * digit of the birth year, the month (plus 50 for a woman), the day, the year's last digit,
 * two initials padded with 9, a digit and two check letters (DVLA publishes no check).
 */
export function isValidUkDrivingLicence(value: string): boolean {
  const n = clean(value);
  const m = /^[A-Z][A-Z9]{4}\d(\d{2})(\d{2})\d[A-Z][A-Z9]\d[A-Z]{2}$/.exec(n);
  if (m === null) return false;
  const month = Number(m[1]) > 50 ? Number(m[1]) - 50 : Number(m[1]);
  return isRealDate(2000, month, Number(m[2]));
}

/** National Insurance number: two prefix letters from HMRC's rules, six digits, suffix A-D. */
export function isValidUkNino(value: string): boolean {
  const n = clean(value);
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]?$/.test(n)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(n.slice(0, 2));
}

/** Unique Taxpayer Reference: 10 digits, the first a weighted check of the other nine. */
export function isValidUkUtr(value: string): boolean {
  let n = clean(value);
  if (n.endsWith('K')) n = n.slice(0, -1);
  if (n.length === 13) n = n.slice(3);
  if (n.length !== 10 || !isDigits(n)) return false;
  const sum = weightedSum(n.slice(1), [6, 7, 8, 9, 10, 5, 4, 3, 2]);
  return '21987654321'[sum % 11] === n[0];
}

// ---------------------------------------------------------------- United States

/**
 * Medicare Beneficiary Identifier (CMS): eleven characters, dashes allowed after the fourth and
 * seventh: a digit 1-9, a letter, a letter or digit, a digit, a letter, a letter or digit, a
 * digit, two letters and two digits; the letters never S, L, O, I, B or Z.
 */
export function isValidUsMbi(value: string): boolean {
  const n = clean(value);
  const letter = '[AC-HJKMNP-RT-Y]';
  const either = `[AC-HJKMNP-RT-Y0-9]`;
  const shape = new RegExp(`^[1-9]${letter}${either}\\d${letter}${either}\\d${letter}{2}\\d{2}$`);
  return shape.test(n);
}
