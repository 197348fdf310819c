/**
 * Semantic field types: realistic values from @faker-js/faker, plus the few that need more care
 * than faker gives cheaply (credit cards with a valid Luhn digit by construction, US SSNs in the
 * issued ranges, UUIDs straight from the seeded generator, emails composed from the record's own
 * name fields).
 *
 * Every generator draws only from the faker instance it is given, whose randomizer is the
 * record's seeded generator, so values depend on (seed, record index) and nothing else.
 */
import { Faker } from '@faker-js/faker';
import { countrySpecs } from 'ibantools';
import { isValidIban } from '../detect/validators/iban.js';
import { SynthError } from '../errors/synth-error.js';
import type { ByteWriter } from './byte-writer.js';
import type { SeededRandom } from './random.js';
import type { SemanticType } from './schema.js';

/** Options a semantic field may carry (see `schema.ts`). */
export interface SemanticOptions {
  country?: string | undefined;
  issuer?: 'visa' | 'mastercard' | 'amex' | 'discover' | undefined;
  formatted?: boolean | undefined;
  safeDomain?: boolean | undefined;
}

/** Writes one value's JSON text straight to bytes (the schema-to-file path). */
export type Emit = (out: ByteWriter) => void;

/** A person's name parts, from the record or freshly drawn. */
export interface NameParts {
  first: string;
  last: string;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A version-4 UUID (RFC 9562 section 5.4) from 122 seeded random bits. */
export function randomUuid(rng: SeededRandom): string {
  const h = BYTE_HEX;
  const a = rng.nextUint32();
  const b = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0; // version nibble = 4
  const c = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant bits = 10
  const d = rng.nextUint32();
  // One template, no intermediate word strings or slices (the output of the earlier
  // word-then-slice version, byte for byte).
  return (
    `${h[a >>> 24]!}${h[(a >>> 16) & 255]!}${h[(a >>> 8) & 255]!}${h[a & 255]!}-` +
    `${h[b >>> 24]!}${h[(b >>> 16) & 255]!}-${h[(b >>> 8) & 255]!}${h[b & 255]!}-` +
    `${h[c >>> 24]!}${h[(c >>> 16) & 255]!}-${h[(c >>> 8) & 255]!}${h[c & 255]!}` +
    `${h[d >>> 24]!}${h[(d >>> 16) & 255]!}${h[(d >>> 8) & 255]!}${h[d & 255]!}`
  );
}

/** Hex digit character codes. */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** Writes `digits` hex digits of `value` (most significant first). */
function writeHex(out: ByteWriter, value: number, digits: number): void {
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) out.byte(HEX_CODES[(value >>> shift) & 15]!);
}

/** `randomUuid` written as a JSON string, from the same draws. */
function writeUuid(out: ByteWriter, rng: SeededRandom): void {
  const a = rng.nextUint32();
  const b = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0;
  const c = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0;
  const d = rng.nextUint32();
  out.byte(34);
  writeHex(out, a, 8);
  out.byte(45);
  writeHex(out, b >>> 16, 4);
  out.byte(45);
  writeHex(out, b & 0xffff, 4);
  out.byte(45);
  writeHex(out, c >>> 16, 4);
  out.byte(45);
  writeHex(out, c & 0xffff, 4);
  writeHex(out, d, 8);
  out.byte(34);
}

/** The Luhn check digit (ISO/IEC 7812-1 annex B) that completes `body`. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  // Counting from the right of the full number, the check digit is position 1 (not doubled),
  // so the body's rightmost digit is doubled.
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** Issuer prefixes (IIN ranges) and lengths of the four common networks. */
const CARD_NETWORKS: Record<NonNullable<SemanticOptions['issuer']>, { prefixes: string[]; length: number }> = {
  visa: { prefixes: ['4'], length: 16 },
  mastercard: { prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], length: 16 },
  amex: { prefixes: ['34', '37'], length: 15 },
  discover: { prefixes: ['6011', '65'], length: 16 },
};

function groupCard(digits: string): string {
  if (digits.length === 15) return `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}`;
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** A card number of the given network (random network when absent) with a valid Luhn digit. */
export function randomCardNumber(rng: SeededRandom, issuer?: SemanticOptions['issuer'], formatted = false): string {
  const names = Object.keys(CARD_NETWORKS) as (keyof typeof CARD_NETWORKS)[];
  const network = CARD_NETWORKS[issuer ?? names[rng.int(0, names.length - 1)]!];
  let body = network.prefixes[rng.int(0, network.prefixes.length - 1)]!;
  while (body.length < network.length - 1) body += String(rng.int(0, 9));
  const digits = body + String(luhnCheckDigit(body));
  return formatted ? groupCard(digits) : digits;
}

/**
 * The locale's "human" phone formats when they use only `#` (any digit) and `!` (2-9), which we
 * fill directly: faker's own `phone.number()` parses the pattern on every call (~1.6 µs).
 */
function simplePhoneFormats(faker: Faker): string[] | null {
  try {
    const formats = faker.definitions.phone_number.format.human;
    return Array.isArray(formats) && formats.length > 0 && formats.every((f) => /^[#!0-9 ()+.x-]*$/.test(f)) ? formats : null;
  } catch {
    return null;
  }
}

const DIGIT = '0123456789';

export function fillPhoneFormat(format: string, rng: SeededRandom): string {
  let out = '';
  for (const ch of format) {
    if (ch === '#') out += DIGIT[rng.int(0, 9)]!;
    else if (ch === '!') out += DIGIT[rng.int(2, 9)]!;
    else out += ch;
  }
  return out;
}

/**
 * `fillPhoneFormat` for a fixed list of formats, with each format split once into literal runs and
 * digit slots (the same draws, so the same numbers): ~2.5x faster than walking the pattern.
 */
function phoneFiller(formats: readonly string[], rng: SeededRandom): { value: () => string; emit: Emit } {
  // Per format: literal text before each slot, the slot's lowest digit (0 for '#', 2 for '!'),
  // and the text after the last slot.
  const compiled = formats.map((format) => {
    const literals: string[] = [];
    const lows: number[] = [];
    let run = '';
    for (const ch of format) {
      if (ch === '#' || ch === '!') {
        literals.push(run);
        lows.push(ch === '#' ? 0 : 2);
        run = '';
      } else run += ch;
    }
    return { literals, lows, tail: run };
  });
  const last = compiled.length - 1;
  return {
    value: () => {
      const { literals, lows, tail } = compiled[rng.int(0, last)]!;
      let out = '';
      for (let i = 0; i < lows.length; i++) out += literals[i]! + DIGIT[rng.int(lows[i]!, 9)]!;
      return out + tail;
    },
    // The formats' characters are all printable ASCII without quotes (`simplePhoneFormats`).
    emit: (out) => {
      const { literals, lows, tail } = compiled[rng.int(0, last)]!;
      out.byte(34);
      for (let i = 0; i < lows.length; i++) {
        out.ascii(literals[i]!);
        out.byte(48 + rng.int(lows[i]!, 9));
      }
      out.ascii(tail);
      out.byte(34);
    },
  };
}

/** A US SSN in the ranges the SSA issues: area 001-899 except 666, group 01-99, serial 0001-9999. */
export function randomSsn(rng: SeededRandom): string {
  let area = rng.int(1, 898);
  if (area >= 666) area += 1;
  const group = rng.int(1, 99);
  const serial = rng.int(1, 9999);
  return `${String(area).padStart(3, '0')}-${String(group).padStart(2, '0')}-${String(serial).padStart(4, '0')}`;
}

/** Draws per IBAN before giving up on a country whose national check digits faker ignores. */
const IBAN_DRAWS = 5_000;

let cleanIbanCountries: string[] | undefined;

/**
 * Countries whose faker IBANs pass the full validator, national check digits included. faker
 * fills the BBAN at random, which is right for most countries but fails the in-BBAN checks of
 * e.g. France (RIB key), Spain, Belgium and Poland; a field without `country` draws only from
 * the clean ones, found once by trial with a private generator.
 */
function cleanCountries(faker: Faker): string[] {
  if (cleanIbanCountries !== undefined) return cleanIbanCountries;
  const probe = new Faker({ locale: faker.rawDefinitions, seed: 1 });
  const clean: string[] = [];
  for (const country of Object.keys(countrySpecs)) {
    let ok = true;
    for (let i = 0; i < 20 && ok; i++) {
      try {
        ok = isValidIban(probe.finance.iban({ countryCode: country }));
      } catch {
        ok = false;
      }
    }
    if (ok) clean.push(country);
  }
  cleanIbanCountries = clean;
  return clean;
}

/**
 * An IBAN that passes the project's own validator (ISO 13616 check digits and, where the country
 * has them, national check digits). For countries with national checks faker does not compute,
 * draws are repeated until one passes: about 97 draws (~0.3 ms) for France or Belgium.
 */
export function validIban(faker: Faker, rng: SeededRandom, country: string | undefined, formatted: boolean): string {
  const countries = country === undefined ? cleanCountries(faker) : [country];
  for (let draw = 0; draw < IBAN_DRAWS; draw++) {
    const code = countries[rng.int(0, countries.length - 1)]!;
    const iban = faker.finance.iban({ countryCode: code });
    if (isValidIban(iban)) return formatted ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
  }
  throw new SynthError(`no valid IBAN for country ${country ?? '(any)'} after ${IBAN_DRAWS} draws`);
}

/** Lower-case ASCII letters and digits of a name, for email local parts and usernames. */
const slugCache = new Map<string, string>();

export function asciiSlug(text: string): string {
  // Names come from pools of a few thousand values: cache their slugs (bounded).
  const cached = slugCache.get(text);
  if (cached !== undefined) return cached;
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const result = slug.length > 0 ? slug : 'user';
  if (slugCache.size >= 50_000) slugCache.clear();
  slugCache.set(text, result);
  return result;
}

const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** The domains emails of a locale use: the reserved example domains, or its free providers. */
function emailDomains(faker: Faker, safeDomain: boolean): readonly string[] {
  return safeDomain ? EXAMPLE_DOMAINS : (faker.definitions.internet.free_email ?? EXAMPLE_DOMAINS);
}

/** An email address built from name parts, in one of the shapes people actually use. */
export function emailFromName(faker: Faker, rng: SeededRandom, name: NameParts, safeDomain: boolean): string {
  return composeEmail(rng, name, emailDomains(faker, safeDomain));
}

function composeEmail(rng: SeededRandom, name: NameParts, domains: readonly string[]): string {
  const first = asciiSlug(name.first);
  const last = asciiSlug(name.last);
  let local: string;
  // Shapes and digits as people pick them; digits in most shapes keep collisions between
  // namesakes rare (measured: 0.08% of 200,000 records with English names).
  switch (rng.int(0, 5)) {
    case 0:
      local = `${first}.${last}`;
      break;
    case 1:
      local = `${first}.${last}${rng.int(1, 999)}`;
      break;
    case 2:
      local = `${first}${last}${rng.int(1, 9999)}`;
      break;
    case 3:
      local = `${first.charAt(0)}${last}${rng.int(1, 9999)}`;
      break;
    case 4:
      local = `${first}_${last}${rng.int(1, 999)}`;
      break;
    default:
      local = `${last}.${first}${rng.int(1, 99)}`;
  }
  return `${local}@${domains[rng.int(0, domains.length - 1)]}`;
}

/** `composeEmail` written as a JSON string, from the same draws; `domains` are printable ASCII. */
function writeEmail(out: ByteWriter, rng: SeededRandom, name: NameParts, domains: readonly string[]): void {
  const first = asciiSlug(name.first);
  const last = asciiSlug(name.last);
  // Slugs are [a-z0-9]+, so no byte needs escaping; the shapes and draws are composeEmail's.
  out.byte(34);
  switch (rng.int(0, 5)) {
    case 0:
      out.ascii(first);
      out.byte(46);
      out.ascii(last);
      break;
    case 1:
      out.ascii(first);
      out.byte(46);
      out.ascii(last);
      out.integer(rng.int(1, 999));
      break;
    case 2:
      out.ascii(first);
      out.ascii(last);
      out.integer(rng.int(1, 9999));
      break;
    case 3:
      out.ascii(first.charAt(0));
      out.ascii(last);
      out.integer(rng.int(1, 9999));
      break;
    case 4:
      out.ascii(first);
      out.byte(95);
      out.ascii(last);
      out.integer(rng.int(1, 999));
      break;
    default:
      out.ascii(last);
      out.byte(46);
      out.ascii(first);
      out.integer(rng.int(1, 99));
  }
  out.byte(64);
  out.ascii(domains[rng.int(0, domains.length - 1)]!);
  out.byte(34);
}

const PLAIN_ASCII = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Byte-path writers for the semantic types where building the value as a string costs most
 * (UUID, email, phone): each draws exactly what `semanticGenerator` draws for the same type.
 * Undefined for the others, which are written from their value.
 */
export function semanticEmitter(
  type: SemanticType,
  faker: Faker,
  rng: SeededRandom,
  options: SemanticOptions,
  name: () => NameParts,
): Emit | undefined {
  switch (type) {
    case 'uuid':
      return (out) => writeUuid(out, rng);
    case 'email': {
      const domains = emailDomains(faker, options.safeDomain ?? false);
      if (!domains.every((d) => PLAIN_ASCII.test(d))) return undefined;
      return (out) => writeEmail(out, rng, name(), domains);
    }
    case 'phone': {
      const formats = simplePhoneFormats(faker);
      return formats === null ? undefined : phoneFiller(formats, rng).emit;
    }
    default:
      return undefined;
  }
}

/** A username from name parts. */
export function usernameFromName(rng: SeededRandom, name: NameParts): string {
  const first = asciiSlug(name.first);
  const last = asciiSlug(name.last);
  return rng.int(0, 1) === 0 ? `${first}.${last}${rng.int(1, 99)}` : `${first.charAt(0)}${last}${rng.int(10, 9999)}`;
}

/**
 * Returns a generator for a semantic type. `name` supplies name parts for email and username
 * (from the record's referenced fields, or freshly drawn).
 */
export function semanticGenerator(
  type: SemanticType,
  faker: Faker,
  rng: SeededRandom,
  options: SemanticOptions,
  name: () => NameParts,
): () => string | number {
  switch (type) {
    case 'firstName':
      return () => faker.person.firstName();
    case 'lastName':
      return () => faker.person.lastName();
    case 'fullName':
      return () => `${faker.person.firstName()} ${faker.person.lastName()}`;
    case 'email': {
      // Looked up once: faker's definitions sit behind proxies that cost ~100 ns an access.
      const domains = emailDomains(faker, options.safeDomain ?? false);
      return () => composeEmail(rng, name(), domains);
    }
    case 'username':
      return () => usernameFromName(rng, name());
    case 'phone': {
      const formats = simplePhoneFormats(faker);
      if (formats === null) return () => faker.phone.number();
      return phoneFiller(formats, rng).value;
    }
    case 'streetAddress':
      return () => faker.location.streetAddress();
    case 'city':
      return () => faker.location.city();
    case 'state':
      return () => faker.location.state();
    case 'zipCode':
      return () => faker.location.zipCode();
    case 'country':
      return () => faker.location.country();
    case 'countryCode':
      return () => faker.location.countryCode();
    case 'latitude':
      return () => faker.location.latitude();
    case 'longitude':
      return () => faker.location.longitude();
    case 'company':
      return () => faker.company.name();
    case 'jobTitle':
      return () => faker.person.jobTitle();
    case 'iban':
      return () => validIban(faker, rng, options.country, options.formatted ?? false);
    case 'bic':
      return () => faker.finance.bic();
    case 'creditCard':
      return () => randomCardNumber(rng, options.issuer, options.formatted ?? false);
    case 'uuid':
      return () => randomUuid(rng);
    case 'ipv4':
      return () => faker.internet.ipv4();
    case 'ipv6':
      return () => faker.internet.ipv6();
    case 'url':
      return () => faker.internet.url();
    case 'domain':
      return () => faker.internet.domainName();
    case 'word':
      return () => faker.word.sample();
    case 'sentence':
      return () => faker.lorem.sentence();
    case 'paragraph':
      return () => faker.lorem.paragraph();
    case 'ssn':
      return () => randomSsn(rng);
    case 'birthdate':
      return () => faker.date.birthdate().toISOString().slice(0, 10);
  }
}
