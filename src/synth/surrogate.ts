/**
 * Realistic surrogates: each original value is replaced by a value of the same type and format,
 * chosen deterministically from HMAC-SHA-256(key, type, locale, normalised original). The same
 * person therefore gets the same surrogate across records, files and runs with one key, and
 * without the key the surrogates cannot be linked to the originals or across keys (the HMAC is a
 * PRF: outputs under different keys are independent).
 *
 * The HMAC output seeds the synth generator (`random.ts`), which only expands those 128 bits
 * into faker draws and digits; it is never seeded from the value itself.
 *
 * What stays the same, by type: a person's name keeps its number of words and its capitalisation
 * (and each word maps on its own, so "Smith" alone and "John Smith" share the last name); a phone
 * number keeps its country, its leading digits and every separator, and is valid in that
 * country's numbering plan; a card keeps its network prefix, length and grouping and gets a
 * valid Luhn digit; an IBAN keeps its country and grouping and passes the IBAN validator; a date
 * moves by a bounded offset that is the same for every date of one data subject.
 */
import { createHmac } from 'node:crypto';
import { Faker, allLocales, type LocaleDefinition } from '@faker-js/faker';
import { parsePhoneNumberWithError, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import { addDays, parseDate } from '../anonymize/date-value.js';
import { readableValue } from '../anonymize/readable-value.js';
import { dateShiftOffset } from '../anonymize/operators/date-shift.js';
import { isValidCreditCard } from '../detect/validators/credit-card.js';
import { isValidIban } from '../detect/validators/iban.js';
import { DEFAULT_PHONE_REGIONS, phoneRegion } from '../detect/validators/phone.js';
import { SynthError } from '../errors/synth-error.js';
import { SeededRandom } from './random.js';
import { emailFromName, luhnCheckDigit, randomSsn, validIban } from './semantic.js';

export interface SurrogateOptions {
  /** Faker locale for names, places and companies (default `en`). */
  locale?: string | undefined;
  /** Largest date shift in days, either way (default 30). */
  maxShiftDays?: number | undefined;
  /** Read ambiguous numeric dates (01/02/2024) day first. */
  dayFirst?: boolean | undefined;
  /** Region tried first for phone numbers written without a country code (default US). */
  defaultRegion?: string | undefined;
  /**
   * Email domains: `example` (default) uses example.com/net/org, which reach nobody; `free`
   * uses the locale's free-mail domains (more realistic, but real mailboxes may exist).
   */
  emailDomains?: 'example' | 'free' | undefined;
}

/** Per-call context. */
export interface SurrogateContext {
  /** Data subject, so that every date of one subject moves by the same offset. */
  subject?: string | undefined;
  /** Locale for this value, over the generator's default. */
  locale?: string | undefined;
}

/** Smallest key accepted: 128 bits, the HMAC-SHA-256 security level we rely on. */
export const MIN_SURROGATE_KEY_BYTES = 16;

const CACHE_LIMIT = 20_000;

function capitalLike(sample: string, word: string): string {
  if (sample.length > 1 && sample === sample.toUpperCase() && sample !== sample.toLowerCase()) return word.toUpperCase();
  if (sample === sample.toLowerCase() && sample !== sample.toUpperCase()) return word.toLowerCase();
  return word;
}

/** Replaces digits with digits and letters with letters of the same case; keeps the rest. */
function shapeLike(value: string, rng: SeededRandom, keepLeading = 0): string {
  let out = '';
  let seen = 0;
  for (const ch of value) {
    const isDigit = ch >= '0' && ch <= '9';
    const isUpper = ch >= 'A' && ch <= 'Z';
    const isLower = ch >= 'a' && ch <= 'z';
    if ((isDigit || isUpper || isLower) && seen++ < keepLeading) {
      out += ch;
    } else if (isDigit) out += String(rng.int(0, 9));
    else if (isUpper) out += String.fromCharCode(65 + rng.int(0, 25));
    else if (isLower) out += String.fromCharCode(97 + rng.int(0, 25));
    else out += ch;
  }
  return out;
}

/** Puts `digits` into the digit positions of `template`, keeping every other character. */
function fillDigits(template: string, digits: string): string {
  let i = 0;
  let out = '';
  for (const ch of template) {
    if (ch >= '0' && ch <= '9') out += digits[i++] ?? ch;
    else out += ch;
  }
  return out;
}

/** Keyed, deterministic surrogates. Build once per worker; not thread-safe. */
export class SurrogateGenerator {
  private readonly key: Uint8Array;
  private readonly rng = new SeededRandom();
  private readonly fakers = new Map<string, Faker>();
  private readonly cache = new Map<string, string>();
  private readonly locale: string;
  private readonly maxShiftDays: number;
  private readonly dayFirst: boolean;
  private readonly regions: CountryCode[];
  private readonly safeDomains: boolean;
  private lastNames = new Map<string, Set<string>>();

  constructor(key: Uint8Array, options: SurrogateOptions = {}) {
    if (key.byteLength < MIN_SURROGATE_KEY_BYTES) {
      throw new SynthError(`surrogate key too short: ${key.byteLength} bytes, at least ${MIN_SURROGATE_KEY_BYTES} required`);
    }
    this.key = Uint8Array.from(key);
    this.locale = options.locale ?? 'en';
    if (!Object.hasOwn(allLocales, this.locale)) throw new SynthError('unknown surrogate locale');
    this.maxShiftDays = options.maxShiftDays ?? 30;
    this.dayFirst = options.dayFirst ?? false;
    const first = (options.defaultRegion ?? 'US') as CountryCode;
    this.regions = [first, ...DEFAULT_PHONE_REGIONS.filter((r) => r !== first)];
    this.safeDomains = (options.emailDomains ?? 'example') === 'example';
  }

  /**
   * The surrogate of `value` as an entity of `type` (PERSON, GIVEN_NAME, FAMILY_NAME,
   * EMAIL_ADDRESS, PHONE_NUMBER,
   * CREDIT_CARD, IBAN_CODE, US_SSN, DATE_TIME, IP_ADDRESS, URL, LOCATION, ORGANIZATION; any other
   * type keeps the value's shape: digits for digits, letters for letters).
   */
  surrogate(written: string, type: string, context: SurrogateContext = {}): string {
    const locale = context.locale ?? this.locale;
    // The value as detection read it: a surrogate in the shape of "4111&nbsp;1111" or
    // "1985%2D03%2D14" would write new, broken escapes ("&yuxr;", "%0G").
    const value = readableValue(written);
    // Dates depend on the subject, not only on the value; everything else is cached by value.
    if (type === 'DATE_TIME') return this.date(value, context.subject ?? '');
    const cacheKey = `${type}\u0000${locale}\u0000${value}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;

    const result = this.compute(value, type, locale);
    // A per-worker cache, bounded so that a stream of distinct values cannot grow it.
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(cacheKey, result);
    return result;
  }

  private compute(value: string, type: string, locale: string): string {
    switch (type) {
      case 'PERSON':
        return this.person(value, locale);
      // Name parts in their own fields: the role is known, so no guessing from the word.
      case 'GIVEN_NAME':
      case 'FAMILY_NAME':
        return this.person(value, locale, type === 'FAMILY_NAME' ? 'family' : 'given');
      case 'EMAIL_ADDRESS':
        return this.email(value, locale);
      case 'PHONE_NUMBER':
        return this.phone(value);
      case 'CREDIT_CARD':
        return this.card(value);
      case 'IBAN_CODE':
        return this.iban(value, locale);
      case 'US_SSN': {
        this.seed(type, '', value.replace(/\D/g, ''));
        const ssn = randomSsn(this.rng);
        return value.includes('-') ? ssn : value.includes(' ') ? ssn.replace(/-/g, ' ') : ssn.replace(/-/g, '');
      }
      case 'IP_ADDRESS':
        this.seed(type, '', value);
        return value.includes(':') ? this.faker(locale).internet.ipv6() : this.faker(locale).internet.ipv4();
      case 'URL': {
        this.seed(type, '', value);
        const url = this.faker(locale).internet.url({ appendSlash: false });
        return value.startsWith('http://') ? url.replace(/^https:/, 'http:') : url;
      }
      case 'LOCATION':
        this.seed(type, locale, value.trim().toLowerCase());
        return this.faker(locale).location.city();
      case 'ORGANIZATION':
        this.seed(type, locale, value.trim().toLowerCase());
        return this.faker(locale).company.name();
      default:
        this.seed(type, '', value);
        return shapeLike(value, this.rng);
    }
  }

  /** Seeds the generator from HMAC(key, label, locale, value): 128 bits of the 256. */
  private seed(label: string, locale: string, value: string): void {
    const digest = createHmac('sha256', this.key)
      .update(`veil/synth-surrogate\u0000${label}\u0000${locale}\u0000`, 'utf8')
      .update(value, 'utf8')
      .digest();
    this.rng.seed([digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)]);
  }

  private faker(locale: string): Faker {
    let faker = this.fakers.get(locale);
    if (faker === undefined) {
      const chain: LocaleDefinition[] = [allLocales[locale as keyof typeof allLocales] ?? allLocales.en];
      if (locale !== 'en') chain.push(allLocales.en);
      chain.push(allLocales.base);
      faker = new Faker({ locale: chain, randomizer: this.rng.randomizer });
      // Surrogates never use relative dates, but pin "now" anyway so no draw reads the clock.
      faker.setDefaultRefDate(new Date('2024-01-01T00:00:00.000Z'));
      this.fakers.set(locale, faker);
    }
    return faker;
  }

  private isLastName(word: string, locale: string): boolean {
    let names = this.lastNames.get(locale);
    if (names === undefined) {
      const raw = this.faker(locale).rawDefinitions.person?.last_name;
      const list = Array.isArray(raw) ? raw : Object.values(raw ?? {}).flat();
      names = new Set((list as string[]).map((n) => n.toLowerCase()));
      this.lastNames.set(locale, names);
    }
    return names.has(word.toLowerCase());
  }

  /** Each word maps on its own: given names to given names, the last word to a family name. */
  private person(value: string, locale: string, role?: 'given' | 'family'): string {
    const faker = this.faker(locale);
    const words = value.split(/(\s+)/);
    const real = words.filter((w, i) => i % 2 === 0 && w.length > 0);
    let seen = 0;
    return words
      .map((word, i) => {
        if (i % 2 === 1 || word.length === 0) return word;
        seen++;
        const trailing = /[.,;:]$/.test(word) ? word.slice(-1) : '';
        const bare = trailing ? word.slice(0, -1) : word;
        // A lone word is a family name when the locale knows it as one ("Smith said...").
        const family =
          role !== undefined ? role === 'family' : real.length > 1 ? seen === real.length : this.isLastName(bare, locale);
        this.seed(family ? 'PERSON/family' : 'PERSON/given', locale, bare.toLowerCase());
        const drawn = family ? faker.person.lastName() : faker.person.firstName();
        // A one-letter initial stays an initial.
        const replacement = bare.length === 1 ? drawn.charAt(0) : capitalLike(bare, drawn);
        return replacement + trailing;
      })
      .join('');
  }

  private email(value: string, locale: string): string {
    const normalised = value.trim().toLowerCase();
    this.seed('EMAIL_ADDRESS', locale, normalised);
    const faker = this.faker(locale);
    const name = { first: faker.person.firstName(), last: faker.person.lastName() };
    const safe = this.safeDomains;
    return emailFromName(faker, this.rng, name, safe);
  }

  private phone(value: string): string {
    const region = phoneRegion(value, this.regions);
    const digits = value.replace(/\D/g, '');
    this.seed('PHONE_NUMBER', region ?? '', digits);
    const trimmed = value.trimStart();
    let keep = 1;
    if (region !== null && trimmed.startsWith('+')) keep = getCountryCallingCode(region).length + 1;
    else if (region !== null && trimmed.startsWith('00')) keep = getCountryCallingCode(region).length + 3;
    else if (digits.startsWith('0')) keep = 2;

    let candidate = value;
    for (let draw = 0; draw < 200; draw++) {
      let next = digits.slice(0, keep);
      while (next.length < digits.length) next += String(this.rng.int(0, 9));
      candidate = fillDigits(value, next);
      if (region === null || candidate === value) continue;
      try {
        const parsed = parsePhoneNumberWithError(candidate, region);
        if (parsed.isValid() && parsed.country === region) return candidate;
      } catch {
        // Not a number in the region's plan: draw again.
      }
    }
    // Unknown region (or no valid number after 200 draws): the shape is kept, digits replaced.
    return candidate;
  }

  private card(value: string): string {
    const digits = value.replace(/\D/g, '');
    this.seed('CREDIT_CARD', '', digits);
    // The first two digits name the network (4x Visa, 5x/2x Mastercard, 34/37 Amex, 6x Discover).
    const keep = Math.min(2, Math.max(0, digits.length - 1));
    for (let draw = 0; draw < 50; draw++) {
      let body = digits.slice(0, keep);
      while (body.length < digits.length - 1) body += String(this.rng.int(0, 9));
      const full = body + String(luhnCheckDigit(body));
      const candidate = fillDigits(value, full);
      if (full !== digits && (digits.length < 12 || isValidCreditCard(candidate))) return candidate;
    }
    return shapeLike(value, this.rng, keep);
  }

  private iban(value: string, locale: string): string {
    const compact = value.replace(/\s+/g, '').toUpperCase();
    this.seed('IBAN_CODE', '', compact);
    const country = compact.slice(0, 2);
    let drawn: string | undefined;
    try {
      drawn = validIban(this.faker(locale), this.rng, country, false);
    } catch {
      drawn = undefined;
    }
    if (drawn === undefined || drawn.length !== compact.length) {
      // A country faker has no format for: keep the shape, then set ISO 7064 check digits.
      const bban = shapeLike(compact.slice(4), this.rng);
      drawn = `${country}${ibanCheckDigits(country, bban)}${bban}`;
      if (!isValidIban(drawn)) return shapeLike(value, this.rng, 2);
    }
    // Re-apply the original's grouping: spaces at the same places.
    let out = '';
    let j = 0;
    for (const ch of value.trim()) {
      if (/\s/.test(ch)) out += ch;
      else out += drawn[j++] ?? '';
    }
    return value.slice(0, value.length - value.trimStart().length) + out + drawn.slice(j);
  }

  /**
   * A date moves by the subject's offset, in its own format; a time of day becomes another valid
   * one of the same layout; anything else a valid ISO date, never digits in the value's shape
   * ("09:00" -> "71:61" was the old result).
   */
  private date(value: string, subject: string): string {
    const lead = value.length - value.trimStart().length;
    const tail = value.slice(value.trimEnd().length);
    const around = (inner: string): string => value.slice(0, lead) + inner + tail;
    const date = parseDate(value, this.dayFirst);
    if (date !== null) {
      const offset = dateShiftOffset(this.key, subject, this.maxShiftDays);
      const [y, m, d] = addDays(date.year, date.month, date.day, offset);
      return around(date.render(y, m, d));
    }
    this.seed('DATE_TIME', '', value);
    const time = TIME_OF_DAY.exec(value.trim());
    if (time !== null) {
      const [, h, min, sec, meridiem = ''] = time as unknown as [
        string, string, string, string | undefined, string | undefined,
      ];
      const hour = meridiem === '' ? this.rng.int(0, 23) : this.rng.int(1, 12);
      const pad = (n: number, like: string): string => String(n).padStart(like.length, '0');
      const seconds = sec === undefined ? '' : `:${pad(this.rng.int(0, 59), sec)}`;
      return around(`${pad(hour, h)}:${pad(this.rng.int(0, 59), min)}${seconds}${meridiem}`);
    }
    const year = this.rng.int(1950, 2010);
    const month = this.rng.int(1, 12);
    const day = this.rng.int(1, 28);
    return around(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
}

/** "9:05", "09:00:00", "10:30 p.m.": hours, minutes, seconds and meridiem as written. */
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(\s?(?:[aApP][mM]|[aApP]\.[mM]\.))?$/;

/** ISO 13616 check digits for a country and BBAN (98 minus MOD 97-10 of the rearranged IBAN). */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : ch;
    for (const digit of part) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}
