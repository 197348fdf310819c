/**
 * EMAIL_ADDRESS. The pattern takes any letter or digit (Unicode), so raw internationalized
 * domains ("bücher.example") and punycode labels with a double hyphen ("xn--80ak6aa92e") are
 * one span (BR-07); the validator then requires a known public suffix (tldts) or a host of a
 * private network: a reserved or internal last label ("host.local", "corp.internal"), a bare
 * "localhost", a dotted-quad IPv4 address or an address literal ("[127.0.0.1]", "[IPv6:::1]").
 * A single-label host other than localhost ("git@github", "user@host") is not reported: in
 * prose it is more often a handle, a placeholder or an SSH remote than someone's mailbox.
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isAscii, isEmailInText } from '../validators/email.js';
import { jointGate } from './joint-gate.js';

/**
 * An address written out to fool harvesters: "alice(at)example.com", "alice [at] example [dot]
 * com", "alice @ example.com". ASCII only, up to four words in the local part joined by a
 * bracketed "dot" ("jane(dot)doe"), up to seven labels after the "at". Every quantifier is
 * bounded and each run is followed by a character it cannot hold, so V8's backtracking stays
 * linear. Round 12: before, the local part was left in clear and the domain was a URL at most.
 * Round 13: angle brackets ("jane <at> example <dot> com"), the defanged forms of security
 * reports ("jane[at]example[.]com", "jane[@]example.com", "jane@example[.]com"), an "@" with a
 * space on one side only ("jane @example.com", "jane@ example.com") and dots with a space on
 * both sides ("jane . doe @ example . com"); before, all were left in clear but "example.com".
 */
const BRACKETED_DOT = ' ?[(\\[{<] ?(?:dot|\\.) ?[)\\]}>] ?';
const BRACKETED_AT = ' ?[(\\[{<] ?(?:at|@) ?[)\\]}>] ?';
/** A dot between words: bracketed, or spaced on both sides (one side is a sentence's end). */
const SPELLED_DOT = `(?:${BRACKETED_DOT}| \\. )`;
const SPELLED_LABEL = '[A-Za-z0-9\\-]{1,63}';
const SPELLED_WORD = "[A-Za-z0-9._%+'\\-]{1,64}";

/** A spelled-out address whose "at" is `at` (a pattern source). */
function spelled(at: string): string {
  return (
    `(?i)${SPELLED_WORD}(?:${SPELLED_DOT}${SPELLED_WORD}){0,3}(?:${at})` +
    `${SPELLED_LABEL}(?:(?:\\.|${SPELLED_DOT})${SPELLED_LABEL}){1,6}`
  );
}

const SPELLED_AT_RE = new RegExp(`${BRACKETED_AT}| ?@ ?`, 'i');
const SPELLED_DOT_RE = new RegExp(SPELLED_DOT, 'gi');

/**
 * Mail providers whose addresses are written with a typo often enough to be worth reading
 * (round 12): a mistyped top-level domain still names the person's real mailbox.
 */
const PROVIDERS = 'gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|aol|gmx|protonmail|proton|yandex';
const PROVIDER_COMMA = new RegExp(`@(?:${PROVIDERS}),com`, 'i');
/**
 * An address at a provider whose last label is one typo away from "com", "net" or "org": a
 * letter changed, added, dropped, or two swapped ("con", "cmo", "comm", "ocm", "nte"). Only
 * asked after the validator refused the address, so a real suffix ("gmail.co") never gets here.
 */
const MISTYPED_PROVIDER = new RegExp(
  `@(?:${PROVIDERS})\\.(?:[a-z]om|c[a-z]m|co[a-z]|[a-z]et|n[a-z]t|ne[a-z]|[a-z]rg|o[a-z]g|or[a-z]|` +
    `c?om|co|cm|comm?|ocm|cmo|n?et|ne|nte|etn|org?|rog|ogr)$`,
  'i',
);

export const emailRecognizer = defineBuiltinRecognizer({
  name: 'email',
  entityType: 'EMAIL_ADDRESS',
  patterns: [
    {
      name: 'email',
      needsAny: '@',
      // Local part <= 64, then up to 10 labels of <= 63: the match lies within these bounds.
      anchor: { char: '@', before: 65, after: 700 },
      // Matches start at most 64 code points (128 code units) before their "@", inside a run of
      // local-part characters: the scan tries only those positions.
      leadIn: { char: '@', within: 128, ascii: /[A-Za-z0-9._%+'\-]/ },
      // Bounded runs (RFC 5321: local part <= 64, label <= 63, and we take <= 10 labels) keep
      // every failed attempt short, so V8's backtracking stays linear in the text.
      regex: `[\\p{L}\\p{M}\\p{N}._%+'\\-]{1,64}@[\\p{L}\\p{M}\\p{N}\\-]{1,63}(?:\\.[\\p{L}\\p{M}\\p{N}\\-]{1,63}){1,10}`,
      score: 1,
    },
    {
      // A quoted local part ("john.doe"@example.com, RFC 5322 quoted-string): printable
      // characters and backslash pairs between the quotes; the validator checks the rest.
      name: 'quoted',
      needsAll: '"@',
      anchor: { char: '@', before: 65, after: 700 },
      regex: `"(?:[^"\\\\\\r\\n]|\\\\[^\\r\\n]){1,62}"@[\\p{L}\\p{N}\\-]{1,63}(?:\\.[\\p{L}\\p{N}\\-]{1,63}){1,10}`,
      score: 1,
    },
    {
      // A host with no dot in its name: "localhost" or an RFC 5321 address literal in brackets
      // (section 4.1.3). Bounded like the patterns above; the refinement checks the address.
      name: 'host',
      needsAny: '@',
      // Most texts with an "@" hold neither host: one test spares them the scan.
      needsMatch: jointGate(/@(?:localhost|\[)/i),
      anchor: { char: '@', before: 65, after: 60 },
      leadIn: { char: '@', within: 128, ascii: /[A-Za-z0-9._%+'\-]/ },
      regex: `(?i)[\\p{L}\\p{N}._%+'\\-]{1,64}@(?:localhost|\\[(?:ipv6:[0-9a-f:.]{2,45}|[0-9.]{7,15})\\])`,
      score: 1,
    },
    // Two patterns, so that each has a cheap gate: "@ " is a literal V8 finds fast (0.07
    // CPU-us per tickets note), and a closing bracket is in a fifth of the notes, which then
    // take the 0.9 CPU-us test of the bracketed form (one expression of both: 0.9 on every note).
    {
      // A comma typed for the dot before a well-known provider's "com" ("jane.doe@gmail,com",
      // round 12: left in clear). Only those providers: "a@b,com" in general is a list.
      name: 'provider-comma',
      needsAll: '@,',
      needsMatch: PROVIDER_COMMA,
      anchor: { char: '@', before: 65, after: 20 },
      leadIn: { char: '@', within: 128, ascii: /[A-Za-z0-9._%+'\-]/ },
      regex: `(?i)[A-Za-z0-9._%+'\\-]{1,64}@(?:${PROVIDERS}),com`,
      score: 0.9,
    },
    {
      name: 'spelled-bracket',
      needsAny: ')]}>',
      needsMatch: /[(\[{<] ?(?:at|@) ?[)\]}>]/i,
      regex: spelled(BRACKETED_AT),
      score: 0.9,
    },
    {
      // A plain "@" and a domain with a bracketed dot ("jane@example[.]com", a defanged
      // address): the first such dot is the one every match holds.
      name: 'spelled-dot',
      needsAll: '@',
      needsAny: ')]}>',
      needsMatch: /[(\[{<] ?(?:dot|\.) ?[)\]}>]/i,
      regex:
        `(?i)${SPELLED_WORD}@${SPELLED_LABEL}(?:\\.${SPELLED_LABEL}){0,5}${BRACKETED_DOT}` +
        `${SPELLED_LABEL}(?:(?:\\.|${BRACKETED_DOT})${SPELLED_LABEL}){0,5}`,
      score: 0.9,
    },
    {
      // An "@" with a space on at least one side ("jane @ example.com", "jane@ example.com").
      name: 'spelled-sign',
      needsAll: '@',
      needsMatch: jointGate(/ @|@ /),
      regex: spelled(' @ ?|@ '),
      score: 0.9,
    },
  ],
  context: ['email', 'e-mail', 'mail', 'contact', 'address'],
  contextByLanguage: { de: ['e-mail', 'mail'], fr: ['courriel'], es: ['correo'], it: ['posta'] },
  refine: (m) => {
    if (m.pattern.name.startsWith('spelled')) return spelledAddress(m);
    if (m.pattern.name === 'provider-comma') return providerTypo(m, m.start, m.end);
    let start = m.start;
    let end = m.end;
    // A local part longer than RFC 5321 allows (or cut at a scan window's edge) is not an address.
    if (start > 0 && /[\p{L}\p{M}\p{N}_%+'-]/u.test(m.text[start - 1]!)) return null;
    // A local part cannot start with a dot and a domain cannot end with one or a hyphen.
    while (start < end && (m.text[start] === '.' || m.text[start] === "'")) start++;
    while (end > start && (m.text[end - 1] === '.' || m.text[end - 1] === '-')) end--;
    // "localhost" continued by a label character is another (unknown) host.
    if (m.pattern.name === 'host' && /[\p{L}\p{N}_-]/u.test(m.text[end] ?? ' ')) return null;
    let value = m.text.slice(start, end);
    // "a@b.com.Next" (no space after a full stop) shrinks label by label until it validates.
    for (let tries = 0; tries < 3; tries++) {
      if (isEmailInText(withoutMarks(value))) return { start, end, score: 1, validator: 'passed', validated: true };
      const dot = value.lastIndexOf('.');
      if (dot <= value.indexOf('@')) break;
      end = start + dot;
      value = m.text.slice(start, end);
    }
    // A well-known provider with a typo in its "com", "net" or "org" ("jane.doe@gmail.con").
    if (m.pattern.name === 'email' && MISTYPED_PROVIDER.test(m.value)) return providerTypo(m, m.start, m.end);
    return null;
  },
});

/** A typo'd provider address [start, end): reported when nothing is glued to either end. */
function providerTypo(m: PatternMatch, start: number, end: number): Refinement | null {
  if (start > 0 && /[\p{L}\p{M}\p{N}_%+'-]/u.test(m.text[start - 1]!)) return null;
  if (end < m.text.length && /[\p{L}\p{M}\p{N}_-]/u.test(m.text[end]!)) return null;
  return { start, end, score: 0.9, validator: 'failed' };
}

const MARKS = /\p{M}/gu;

/**
 * `value` without its combining marks, for the validator: a text in decomposed form (NFD, as
 * macOS and some exports write it) spells "jóhn" as "jo" and U+0301 "hn", and the vowel signs of
 * Indic scripts are marks ("राम"). Before, the mark cut the address and what preceded it ("jó",
 * "रा") was left in clear before the span; an address is one whatever marks its letters carry.
 */
function withoutMarks(value: string): string {
  return isAscii(value) ? value : value.replace(MARKS, '');
}

/**
 * A spelled-out address ('spelled-bracket', 'spelled-dot', 'spelled-sign'), reported whole when
 * it reads as an address with "@" and dots put back and its domain validates; shortened label by
 * label like a plain one ("alice(at)example.com.Next"). Null when glued to a word before it, or
 * when no such reading validates.
 */
function spelledAddress(m: PatternMatch): Refinement | null {
  const text = m.text;
  if (m.start > 0 && /[A-Za-z0-9_%+'-]/.test(text[m.start - 1]!)) return null;
  // A spaced dot in the local part only with one in the domain: in "Done . jane @ example.com"
  // it ends a sentence before the address, "jane . doe @ example . com" is one way to write one.
  let start = m.start;
  const at = m.value.search(SPELLED_AT_RE);
  const localDot = m.value.lastIndexOf(' . ', at);
  if (localDot >= 0 && m.value.indexOf(' . ', at) < 0) start += localDot + 3;
  let end = m.end;
  while (end > m.start && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
  for (let tries = 0; tries < 3; tries++) {
    const value = text.slice(start, end).replace(SPELLED_AT_RE, '@').replace(SPELLED_DOT_RE, '.');
    if (isEmailInText(value)) {
      return { start, end, score: m.pattern.score, validator: 'passed', validated: true };
    }
    // Within the match: a search of the text before it would make a run of matches quadratic.
    const dot = m.value.lastIndexOf('.', end - 1 - m.start);
    if (dot <= at) break;
    end = m.start + dot;
  }
  return null;
}
