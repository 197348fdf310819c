/**
 * EMAIL_ADDRESS. The pattern takes any letter or digit (Unicode), so raw internationalized
 * domains ("bücher.example") and punycode labels with a double hyphen ("xn--80ak6aa92e") are
 * one span (BR-07); the validator then requires a known public suffix (tldts) or a host of a
 * private network: a reserved or internal last label ("host.local", "corp.internal"), a bare
 * "localhost", a dotted-quad IPv4 address or an address literal ("[127.0.0.1]", "[IPv6:::1]").
 * A single-label host other than localhost ("git@github", "user@host") is not reported: in
 * prose it is more often a handle, a placeholder or an SSH remote than someone's mailbox.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isAscii, isEmailInText } from '../validators/email.js';

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
      needsMatch: /@(?:localhost|\[)/i,
      anchor: { char: '@', before: 65, after: 60 },
      leadIn: { char: '@', within: 128, ascii: /[A-Za-z0-9._%+'\-]/ },
      regex: `(?i)[\\p{L}\\p{N}._%+'\\-]{1,64}@(?:localhost|\\[(?:ipv6:[0-9a-f:.]{2,45}|[0-9.]{7,15})\\])`,
      score: 1,
    },
  ],
  context: ['email', 'e-mail', 'mail', 'contact', 'address'],
  contextByLanguage: { de: ['e-mail', 'mail'], fr: ['courriel'], es: ['correo'], it: ['posta'] },
  refine: (m) => {
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
    return null;
  },
});

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
