/**
 * Validators: the shortcuts taken for speed (one pass instead of split and join, a table
 * instead of a regular expression per atom, colon and dot counts before node:net) must answer
 * exactly as the plain code they replace, kept here as the reference.
 */
import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compact, isDigits, luhnValid, mod97 } from '../../src/detect/validators/checksums.js';
import { hasIssuerPrefix, isValidCreditCard } from '../../src/detect/validators/credit-card.js';
import { isValidDomainName, isValidEmail } from '../../src/detect/validators/email.js';
import { composeIBAN, countrySpecs, isValidIBAN } from 'ibantools';
import { hasRibKey, isValidIban, normalizeIban } from '../../src/detect/validators/iban.js';
import { isValidIpAddress, isValidIpv4, isValidIpv6 } from '../../src/detect/validators/network.js';
import { isValidUrl } from '../../src/detect/validators/url.js';
import { urlRecognizer } from '../../src/detect/recognizers/index.js';
import { trimTrailingPunctuation } from '../../src/detect/recognizers/boundary.js';

function plainCreditCard(value: string): boolean {
  if (value.length > 40) return false;
  const hasSpace = value.includes(' ');
  const hasDash = value.includes('-');
  if (hasSpace && hasDash) return false;
  const digits = hasSpace ? value.split(' ').join('') : hasDash ? value.split('-').join('') : value;
  if (value.startsWith(' ') || value.startsWith('-')) return false;
  if (value.endsWith(' ') || value.endsWith('-')) return false;
  if (value.includes('  ') || value.includes('--')) return false;
  if (!isDigits(digits) || digits.length < 12 || digits.length > 19) return false;
  return luhnValid(digits) && hasIssuerPrefix(digits);
}

const LOCAL_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;

function plainEmail(value: string): boolean {
  if (value.length > 320 || /\p{Surrogate}/u.test(value)) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64 || !isValidDomainName(domain)) return false;
  if (local.startsWith('"')) {
    if (local.length < 2 || !local.endsWith('"')) return false;
    const inner = local.slice(1, -1);
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === '\\') i++;
      else if (inner[i] === '"') return false;
    }
    return true;
  }
  if (/[\uFF01-\uFF5E]/.test(local)) return false;
  for (const atom of local.split('.')) if (!LOCAL_ATOM.test(atom)) return false;
  return true;
}

function plainIpv6(value: string): boolean {
  if (value.length > 100) return false;
  const percent = value.indexOf('%');
  const address = percent === -1 ? value : value.slice(0, percent);
  if (percent !== -1 && !/^[0-9A-Za-z_-]{1,32}$/.test(value.slice(percent + 1))) return false;
  return isIPv6(address);
}

/** Countries whose structure comes from the SWIFT registry, not from ibantools. */
const REGISTRY_COUNTRIES = new Set(['IE', 'VG', 'PS']);
const SPECS = countrySpecs as Record<string, { chars?: number | null; bban_regexp?: string | null }>;

/** A French BBAN's digits, each letter read as ibantools' RIB check reads it. */
function digitsOf(bban: string): string {
  return bban.replace(/[A-Z]/g, (ch) => {
    const c = ch.charCodeAt(0);
    return String(c <= 73 ? c - 64 : c <= 82 ? c - 73 : c - 81);
  });
}

function textOf(units: readonly string[], maxLength = 30) {
  return fc.array(fc.constantFrom(...units), { maxLength }).map((parts) => parts.join(''));
}

describe('validator shortcuts answer as the plain code', () => {
  it('credit cards: separators, lengths, Luhn and issuer prefixes', () => {
    const units = [
      '4', '1', '0', '5', '9', '3', '7', '6', '2', '8', ' ', '-', '  ', '--', '.', 'x', '4111', '1111',
    ];
    fc.assert(
      fc.property(textOf(units, 24), (value) => {
        expect(isValidCreditCard(value)).toBe(plainCreditCard(value));
      }),
      { numRuns: 20000 },
    );
    const cards = ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '378282246310005'];
    for (const card of cards) {
      expect(isValidCreditCard(card)).toBe(true);
      expect(plainCreditCard(card)).toBe(true);
    }
  });

  it('e-mail addresses: ASCII local parts by table, the rest by the regular expression', () => {
    const units = [
      'a', 'Z', '0', '.', '..', '@', 'example.com', 'example.co.uk', 'b.test', '+', '_', '!', '#',
      '~', '`', '{', '(', ')', ',', ' ', '"', '\\', 'é', 'ß', '𝒜', '\uD800', '\uDC00', 'Ａ', '\u0000',
      '\u007f', '-', "'",
    ];
    fc.assert(
      fc.property(textOf(units), (value) => {
        expect(isValidEmail(value)).toBe(plainEmail(value));
      }),
      { numRuns: 20000 },
    );
    for (let c = 0; c < 128; c++) {
      const value = `a${String.fromCharCode(c)}b@example.com`;
      expect(isValidEmail(value)).toBe(plainEmail(value));
    }
  });

  it('IP addresses: colon and dot counts never refuse what node:net accepts', () => {
    const units = [
      '0', '1', 'f', 'ff', 'abcd', '12345', ':', '::', '.', '1.2.3.4', '255', '%eth0', '/', '/64', 'g',
    ];
    fc.assert(
      fc.property(textOf(units, 24), (value) => {
        expect(isValidIpv4(value)).toBe(value.length <= 15 && isIPv4(value));
        expect(isValidIpv6(value)).toBe(plainIpv6(value));
      }),
      { numRuns: 20000 },
    );
    const full = [
      '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '::', '::1', '1:2:3:4:5:6:1.2.3.4',
      '::ffff:1.2.3.4',
    ];
    for (const address of full) {
      expect(isValidIpv6(address)).toBe(true);
      expect(isValidIpAddress(address)).toBe(true);
    }
    for (const notAddress of ['08:00:00', '1:2:3:4:5:6:7:8:9', '1:2:3']) {
      expect(isValidIpv6(notAddress)).toBe(false);
    }
  });

  it("IBANs: ibantools' country checks, without its per-call regular expressions", () => {
    const countries = Object.keys(SPECS).filter((c) => typeof SPECS[c]!.bban_regexp === 'string');
    expect(countries.length).toBeGreaterThan(70);
    const iban = fc.oneof(
      ...countries.map((countryCode) =>
        fc
          .stringMatching(new RegExp(SPECS[countryCode]!.bban_regexp!))
          .map((bban) => composeIBAN({ countryCode, bban }) ?? `${countryCode}00${bban}`),
      ),
    );
    // Valid IBANs of every country, and the same with one character changed, dropped or added.
    const edited = fc.tuple(iban, fc.nat(40), fc.constantFrom('', '0', '7', 'A', 'z', ' ', 'drop')).map(
      ([value, at, edit]) => {
        const i = at % (value.length + 1);
        const rest = value.slice(i + 1);
        return edit === 'drop' ? value.slice(0, i) + rest : value.slice(0, i) + edit + rest;
      },
    );
    let valid = 0;
    fc.assert(
      fc.property(edited, (value) => {
        // Only the country step changed: where it decides, the answer must be ibantools'.
        const iban = normalizeIban(value);
        const check = Number(iban.slice(2, 4));
        const spec = SPECS[iban.slice(0, 2)];
        if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban) || check < 2 || check > 98) return;
        if (REGISTRY_COUNTRIES.has(iban.slice(0, 2)) || typeof spec?.chars !== 'number' || spec.chars <= 0) return;
        const answer = isValidIBAN(iban);
        if (answer) valid++;
        expect(isValidIban(value)).toBe(answer);
      }),
      { numRuns: 5000 },
    );
    expect(valid).toBeGreaterThan(100);
  });

  it('IBANs: the French RIB key check answers as the one ibantools ships for FR and MC', () => {
    type National = { bban_validation_func?: (bban: string) => boolean };
    const checks = countrySpecs as Record<string, National>;
    const library = checks.FR!.bban_validation_func!;
    expect(checks.MC!.bban_validation_func).toBe(library);
    const bban = fc.stringMatching(/^[0-9]{10}[A-Z0-9]{11}[0-9]{2}$/);
    let keyed = 0;
    fc.assert(
      fc.property(bban, fc.nat(96), (value, key) => {
        // A random key, and the one that makes the BBAN a multiple of 97.
        const head = value.slice(0, -2);
        const key97 = 97 - ((100 * Number(BigInt(digitsOf(head)) % 97n)) % 97);
        const fixed = `${head}${String(key97).padStart(2, '0')}`;
        for (const b of [value, `${head}${String(key).padStart(2, '0')}`, fixed]) {
          const answer = library(b);
          if (answer) keyed++;
          expect(hasRibKey(b)).toBe(answer);
        }
      }),
      { numRuns: 3000 },
    );
    expect(keyed).toBeGreaterThan(1000);
  });

  it('MOD 97-10 in chunks answers as one division per digit', () => {
    const plain = (value: string) => {
      let remainder = 0;
      for (const ch of value) {
        const c = ch.charCodeAt(0);
        if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
        else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
        else return -1;
      }
      return remainder;
    };
    const units = ['0', '9', '99999', 'Z', 'A', 'ZZZ', '1234567', 'a', ' ', '-'];
    fc.assert(
      fc.property(textOf(units, 40), (value) => {
        expect(mod97(value)).toBe(plain(value));
      }),
      { numRuns: 20000 },
    );
  });

  it('compact removes exactly the separators, by code point', () => {
    const plain = (value: string, separators: string) => {
      let out = '';
      for (const ch of value) if (!separators.includes(ch)) out += ch;
      return out;
    };
    const units = ['1', 'A', ' ', '-', '.', '/', '😀', '\uD800', 'é', ''];
    fc.assert(
      fc.property(textOf(units), fc.constantFrom(' -./', ' -', ' -/', ''), (value, separators) => {
        expect(compact(value, separators)).toBe(plain(value, separators));
      }),
      { numRuns: 5000 },
    );
  });

  it('URL domains: a bare domain match is a valid URL only when its host is a valid domain', () => {
    const spec = urlRecognizer.patterns.find((p) => p.name === 'domain')!;
    const domain = new RegExp(spec.regex.slice(4), 'giu');
    const units = [
      'example', 'com', 'co', 'uk', 'org', 'a', 'Z', '9', '.', '-', '@', ':', '/', '?', '#', '[', ']', '(',
      ')', ',', '!', "'", '%', ' ', 'é', 'xn--p1ai', 'http://', 'user:pw@', ':8080', '1.2.3.4', 'localhost',
    ];
    fc.assert(
      fc.property(textOf(units, 16), (text) => {
        for (const m of text.matchAll(domain)) {
          const end = trimTrailingPunctuation(text, m.index, m.index + m[0].length);
          const value = text.slice(m.index, end);
          const host = value.split(/[/?#]/)[0]!;
          if (isValidUrl(value)) expect(isValidDomainName(host, false)).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
  });
});
