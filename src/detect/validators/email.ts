/**
 * E-mail addresses (RFC 5321/5322 "dot-atom" local parts, or a quoted local part) whose domain
 * ends in a suffix of the public-suffix list (through tldts), including internationalized
 * domains written raw or in punycode (BR-07), or in a name RFC 2606/6761 reserves for examples.
 */
import { createRequire } from 'node:module';
import { isValidIpv4, isValidIpv6 } from './network.js';

/**
 * tldts is required, not imported: it ships one 221 KB CommonJS file, and Node reads a CommonJS
 * module imported from an ES module through its export-name lexer first, which cost each worker
 * thread 55-74 ms of CPU against 13-16 for `require` (fresh processes, five runs each).
 */
const { parse } = createRequire(import.meta.url)('tldts') as typeof import('tldts');

/** Top-level names reserved for documentation and testing (RFC 2606, RFC 6761). */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);

// Atext of RFC 5322 section 3.2.3 plus any non-ASCII letter or digit (RFC 6531, SMTPUTF8).
const LOCAL_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
const DOMAIN_LABEL = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)$/u;

/** The ASCII characters `LOCAL_ATOM` allows, by code (1: allowed). */
const ATEXT = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (LOCAL_ATOM.test(String.fromCharCode(c))) ATEXT[c] = 1;

/** Whether every code unit of `value` is ASCII. */
export function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * For an ASCII local part: true when it is atoms of `LOCAL_ATOM` joined by single dots (the
 * regular expression per atom, without the split, which with the surrogate test took most of
 * the time: an address of the tickets corpus 661 -> 232 ns).
 */
function isAsciiDotAtom(local: string): boolean {
  let atom = 0;
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (c === 46) {
      if (atom === 0) return false;
      atom = 0;
    } else if (ATEXT[c] === 1) {
      atom++;
    } else {
      return false;
    }
  }
  return atom > 0;
}

// A lone UTF-16 surrogate cannot be encoded for SMTP; String#isWellFormed is ES2024.
function hasLoneSurrogate(value: string): boolean {
  return /\p{Surrogate}/u.test(value);
}

/**
 * Answers of `isValidDomainName` for recent domains, one table per `allowReserved` value. Real
 * data repeats a few domains (a company's own, the big mail providers) in most addresses, and
 * the public-suffix lookup is the costliest part of checking one. Bounded: cleared when full.
 */
const domainAnswers = [new Map<string, boolean>(), new Map<string, boolean>()] as const;
const DOMAIN_ANSWERS_MAX = 4096;

/**
 * Last labels under which the public-suffix list has ICANN rules although neither the label
 * nor "*." before it is one ("co.za", but not "za" or "*.za"): `mayEndPublicDomain` cannot
 * learn them from a lookup of "x." and the label. `validator-domain-suffix.test.ts` derives
 * this list from tldts' own table, so a tldts update that changes it fails there.
 */
export const DEEP_ONLY_SUFFIXES: ReadonlySet<string> = new Set(['za']);

/** Answers of `mayEndPublicDomain`, by label; bounded like `domainAnswers`. */
const lastLabelAnswers = new Map<string, boolean>();

/**
 * False when no domain ending in the lower-case ASCII label `label` has an ICANN public suffix:
 * the lookup walks a domain's labels from the last one, so a last label under which the list
 * has no ICANN rule ends the walk without a match whatever comes before it.
 */
function mayEndPublicDomain(label: string): boolean {
  let answer = lastLabelAnswers.get(label);
  if (answer === undefined) {
    answer =
      DEEP_ONLY_SUFFIXES.has(label) ||
      parse(`x.${label}`, { allowPrivateDomains: false }).isIcann === true;
    if (lastLabelAnswers.size >= DOMAIN_ANSWERS_MAX) lastLabelAnswers.clear();
    lastLabelAnswers.set(label, answer);
  }
  return answer;
}

/** True when every label is well formed and the last one is a known public suffix. */
export function isValidDomainName(domain: string, allowReserved = true): boolean {
  if (typeof domain !== 'string' || domain.length === 0 || domain.length > 253) return false;
  // Most candidates that fail are a first and last name ("natasha.schroeder"), each seen once:
  // their last label decides, looked up once per label instead of once per domain, without
  // filling the domain table (a failing domain 0.9 -> 0.12 us).
  const last = asciiLastLabel(domain);
  if (last !== null && !(allowReserved && RESERVED_TLDS.has(last)) && !mayEndPublicDomain(last)) {
    return false;
  }
  const answers = domainAnswers[allowReserved ? 1 : 0];
  const known = answers.get(domain);
  if (known !== undefined) return known;
  const answer = checkDomainName(domain, allowReserved);
  if (answers.size >= DOMAIN_ANSWERS_MAX) answers.clear();
  answers.set(domain, answer);
  return answer;
}

/** The label after the last dot, in lower case, when it is ASCII and not empty; else `null`. */
function asciiLastLabel(domain: string): string | null {
  const dot = domain.lastIndexOf('.');
  if (dot === domain.length - 1) return null;
  for (let i = dot + 1; i < domain.length; i++) if (domain.charCodeAt(i) >= 128) return null;
  return domain.slice(dot + 1).toLowerCase();
}

/** ASCII letter or digit. */
function isAsciiAlnumCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * For an ASCII domain: true when it is two or more labels matching `DOMAIN_LABEL` joined by
 * single dots (ASCII holds no fullwidth form, and "xn--" is four characters, so a label
 * starting with it is at least five long by the end rule: the other checks pass). A loop
 * instead of the split and two expressions per label: most domains checked are ASCII.
 */
function hasAsciiLabels(domain: string): boolean {
  let labels = 1;
  let start = 0;
  for (let i = 0; i <= domain.length; i++) {
    const c = i < domain.length ? domain.charCodeAt(i) : 46;
    if (c === 46) {
      const length = i - start;
      if (length === 0 || length > 63) return false;
      const first = domain.charCodeAt(start);
      if (!isAsciiAlnumCode(first) || !isAsciiAlnumCode(domain.charCodeAt(i - 1))) return false;
      if (i < domain.length) labels++;
      start = i + 1;
    } else if (c !== 45 && !isAsciiAlnumCode(c)) {
      return false;
    }
  }
  return labels >= 2;
}

function checkDomainName(domain: string, allowReserved: boolean): boolean {
  if (isAscii(domain)) {
    if (!hasAsciiLabels(domain)) return false;
    const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
    return hasPublicSuffix(domain, tld, allowReserved);
  }
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (!DOMAIN_LABEL.test(label)) return false;
    // Fullwidth forms are not valid in a hostname before NFKC mapping; refuse them.
    if (/[\uFF01-\uFF5E]/.test(label)) return false;
    if (label.startsWith('xn--') && label.length < 5) return false;
  }
  return hasPublicSuffix(domain, labels[labels.length - 1]!.toLowerCase(), allowReserved);
}

/** For a domain of well-formed labels, with its last label `tld` in lower case. */
function hasPublicSuffix(domain: string, tld: string, allowReserved: boolean): boolean {
  if (/^[0-9]+$/.test(tld)) return false;
  if (allowReserved && RESERVED_TLDS.has(tld)) return true;
  const info = parse(domain.toLowerCase(), { allowPrivateDomains: false });
  return info.isIcann === true && info.domain !== null;
}

/** Validates one e-mail address (no display name, no surrounding text). */
export function isValidEmail(value: string): boolean {
  if (typeof value !== 'string' || value.length > 320) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  return isValidDomainName(value.slice(at + 1)) && isValidLocalPart(value, at);
}

/**
 * Last labels of names that resolve only inside a site: RFC 6761 (localhost, test, example,
 * invalid), RFC 6762 (local, for mDNS) and the private names that ICANN's name-collision work
 * lists as most used in internal networks (SAC045: corp, home, lan, internal, intranet, private),
 * plus the "localdomain" of many Unix hosts files.
 */
const INTERNAL_TLDS = new Set([
  'local',
  'localhost',
  'localdomain',
  'internal',
  'corp',
  'lan',
  'home',
  'intranet',
  'private',
  'test',
  'example',
  'invalid',
]);

/**
 * True when `domain` names a host on a private network: `localhost`, a name ending in one of
 * `INTERNAL_TLDS`, a dotted-quad IPv4 address, or an RFC 5321 (section 4.1.3) address literal
 * (`[127.0.0.1]`, `[IPv6:::1]`).
 */
export function isInternalDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  if (domain.charCodeAt(0) === 91) {
    if (!domain.endsWith(']')) return false;
    const literal = domain.slice(1, -1);
    if (/^ipv6:/i.test(literal)) return isValidIpv6(literal.slice(5));
    return isValidIpv4(literal);
  }
  const lower = domain.toLowerCase();
  if (lower === 'localhost') return true;
  if (/^[0-9.]+$/.test(lower)) return isValidIpv4(lower);
  const last = lower.slice(lower.lastIndexOf('.') + 1);
  if (!INTERNAL_TLDS.has(last)) return false;
  if (isAscii(domain)) return hasAsciiLabels(domain);
  return domain.split('.').every((label) => DOMAIN_LABEL.test(label) && !/[\uFF01-\uFF5E]/.test(label));
}

/**
 * What the EMAIL_ADDRESS recognizer reports: an address `isValidEmail` accepts, or one at a
 * host of a private network (`isInternalDomain`), which logs and tickets hold as often as public
 * ones. The validator registry keeps `isValidEmail`, whose answers follow validator.js's
 * `isEmail` (it refuses IP domains and names without a public suffix by default).
 */
export function isEmailInText(value: string): boolean {
  if (isValidEmail(value)) return true;
  if (value.length > 320) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  return isInternalDomain(value.slice(at + 1)) && isValidLocalPart(value, at);
}

/** Checks the local part of `value`, which ends at its last "@" (index `at`). */
function isValidLocalPart(value: string, at: number): boolean {
  // ASCII (nearly every address) holds no surrogate and no fullwidth form.
  const ascii = isAscii(value);
  if (!ascii && hasLoneSurrogate(value)) return false;
  const local = value.slice(0, at);
  if (local.length > 64) return false;

  if (local.startsWith('"')) {
    // Quoted string: printable characters, backslash escapes, no bare quote inside.
    if (local.length < 2 || !local.endsWith('"')) return false;
    const inner = local.slice(1, -1);
    for (let i = 0; i < inner.length; i++) {
      const ch = inner[i]!;
      if (ch === '\\') i++;
      else if (ch === '"') return false;
    }
    return true;
  }
  if (ascii) return isAsciiDotAtom(local);
  if (/[\uFF01-\uFF5E]/.test(local)) return false;
  for (const atom of local.split('.')) if (!LOCAL_ATOM.test(atom)) return false;
  return true;
}
