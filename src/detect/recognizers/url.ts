/**
 * URL: web addresses with a scheme (http, https, ftp), "www." addresses, and bare domain names
 * whose suffix is on the public-suffix list ("example.co.uk/path"). Trailing sentence
 * punctuation and unbalanced closing brackets are not part of the URL.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidDomainName } from '../validators/email.js';
import { isValidUrl } from '../validators/url.js';
import { afterEscape, isAlnumCode, trimTrailingPunctuation } from './boundary.js';
import { prefixGate } from './joint-gate.js';

// A DNS label is at most 63 characters and we take at most 8 of them: bounded runs keep every
// failed attempt short, so V8's backtracking stays linear in the text.
const HOST_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';

/** Where the host of a bare domain match ends: at its first "/", "?" or "#", or the end. */
function hostEnd(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) return i;
  }
  return value.length;
}

/** True when `value` holds an ASCII lower-case letter from `from` on. */
function hasLowerAscii(value: string, from: number): boolean {
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/**
 * Where a backslash first appears in `text[start, end)`, or `end`. A URL never holds one (RFC
 * 3986 section 2: it is not a URL character); in text it starts an escape of the string the URL
 * was logged in ("https://example.com/a\\n" in a JSON document written out as text), which
 * ends the URL.
 */
function escapeStart(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 92) return i;
  return end;
}

/**
 * A scheme match as the validator reads it: http, https and ftp as written, any other scheme
 * as "http" (the validator takes web addresses only; what makes the match personal data is its
 * host, user and path, which the validator checks the same way whatever the scheme).
 */
function asWebAddress(value: string): string {
  const colon = value.indexOf(':');
  const scheme = value.slice(0, colon).toLowerCase();
  if (scheme === 'http' || scheme === 'https' || scheme === 'ftp') return value;
  return `http${value.slice(colon)}`;
}

/**
 * Whether a scheme match (as `asWebAddress` gives it) names a user before its host, which the
 * validator may refuse: "postgres://admin:S3cret@db:5432/app", "amqp://guest:guest@localhost/",
 * "mongodb://alice:pw@mongo1:27017,mongo2:27017/". A connection string's user and password are
 * there whatever its host is called (a container's or a service's name, a private suffix, a list
 * of hosts); without a user, "http://localhost:8080/" stays no URL. The user part is checked as
 * the validator checks it (not empty, at most one colon); the host part holds host characters.
 */
function namesUser(web: string): boolean {
  const authorityStart = web.indexOf('://') + 3;
  const rest = web.slice(authorityStart).search(/[/?#]/);
  const authority = web.slice(authorityStart, rest < 0 ? web.length : authorityStart + rest);
  const at = authority.lastIndexOf('@');
  if (at < 1) return false;
  const userinfo = authority.slice(0, at);
  if (userinfo.indexOf(':') !== userinfo.lastIndexOf(':') || userinfo === ':') return false;
  return /^[a-z0-9][a-z0-9.\-:,[\]]*$/i.test(authority.slice(at + 1));
}

/**
 * Where the scheme of a scheme match starting at `start` begins after the last "+", "." or "-"
 * of the characters before its "://" (a letter must follow), or after the letter of a backslash
 * escape that the match starts with ("\\nhttps://…" in a logged string); -1 when neither.
 */
function schemeAfterGlue(text: string, start: number): number {
  if (afterEscape(text, start + 1)) return start + 1;
  const colon = text.indexOf(':', start);
  for (let i = colon - 1; i > start; i--) {
    const c = text.charCodeAt(i - 1);
    if (c !== 43 && c !== 46 && c !== 45) continue;
    const letter = text.charCodeAt(i) | 32;
    return letter >= 97 && letter <= 122 ? i : -1;
  }
  return -1;
}

export const urlRecognizer = defineBuiltinRecognizer({
  name: 'url',
  entityType: 'URL',
  patterns: [
    {
      name: 'scheme',
      needsAll: ':/',
      // A match starts with its scheme, at most 20 characters before its first colon, which "//"
      // follows: only the colons of "://" start an attempt, not every letter of the text (the
      // case-insensitive scan was about 1 us per note of 530 characters). Any scheme of RFC 3986
      // section 3.1's shape: connection strings ("postgres://user:password@host/db",
      // "mongodb+srv://…", "redis://…") and "ws://", "sftp://" name a host and often a password.
      leadIn: {
        char: ':',
        within: 20,
        ascii: /[A-Za-z0-9+.\-]/,
        next: /\/\//y,
        nextFirst: { passes: /(?!)/, fails: /[^/]/ },
      },
      regex: `(?i)[a-z][a-z0-9+.\\-]{0,19}://[^\\s<>"'\`]+`,
      score: 0.95,
    },
    { name: 'www', needsAny: '.', needsMatch: prefixGate(/[Ww]{3}\./), regex: `(?i)www\\.[^\\s<>"'\`]+`, score: 0.85 },
    {
      name: 'domain',
      needsAny: '.',
      // A dot between a letter or digit and two letters: "example.com", not "end. Next".
      needsMatch: /[\p{L}\p{N}]\.\p{L}\p{L}/u,
      // A match starts at most one label (63 code points, 126 code units) before its first dot,
      // inside a run of label characters: the scan tries only those positions.
      // The first dot of a match is followed by the rest of the host: at most 8 more labels of
      // 63 code points, each ending in a dot, then the letters of the suffix. So a letter comes
      // within 512 digits, hyphens and dots of it: the dots of "history. Next", "5.0.17" and
      // "103.107.175.102" start no attempt at all (sticky attempts per
      // tickets-corpus note 17.6 -> 5.1).
      // Same flags as the pattern, so `\p{L}` and `\p{N}` take the same case-folded letters.
      // A letter right after the dot passes at once; any other ASCII character but a digit, dot
      // or hyphen fails at once ("history. Next").
      leadIn: {
        char: '.',
        within: 126,
        ascii: /[A-Za-z0-9-]/,
        next: /[\p{N}.\-]{0,512}\p{L}/iuy,
        nextFirst: { passes: /[A-Za-z]/, fails: /[^A-Za-z0-9.\-]/ },
      },
      regex: `(?i)${HOST_LABEL}(?:\\.${HOST_LABEL}){0,8}\\.[\\p{L}]{2,24}(?:[/?#][^\\s<>"'\`]*)?`,
      score: 0.6,
    },
  ],
  context: ['url', 'website', 'site', 'link', 'web', 'domain', 'homepage', 'visit'],
  refine: (m) => {
    let start = m.start;
    const before = start > 0 ? m.text.charCodeAt(start - 1) : 32;
    // Part of an e-mail address, a longer token or a path: not a URL of its own. (Tested before
    // the trimming, which it does not depend on: most domain candidates end here.) After "//"
    // with no ":" before it the domain is a host (a protocol-relative "//cdn.example.com/…"),
    // not a path; after "://" the scheme pattern reads the whole address.
    const authority =
      before === 47 && start > 1 && m.text.charCodeAt(start - 2) === 47 && m.text.charCodeAt(start - 3) !== 58;
    if (before === 64 || before === 46 || (before === 47 && !authority) || before === 92 || isAlnumCode(before)) {
      // A scheme match may have started inside the token glued before the scheme
      // ("alice@example.com+https://…"): the scheme after its last "+", "." or "-" then.
      start = m.pattern.name === 'scheme' ? schemeAfterGlue(m.text, start) : -1;
      if (start < 0) return null;
    }
    const end = trimTrailingPunctuation(m.text, start, escapeStart(m.text, start, m.end));
    const value = m.text.slice(start, end);
    if (m.pattern.name === 'domain') {
      if (value.includes('@') || /^[0-9.]+$/.test(value)) return null;
      // A lone capitalised word before a dot is usually a sentence joined without a space.
      const host = value.slice(0, hostEnd(value));
      const lowerSuffix = hasLowerAscii(host, host.lastIndexOf('.') + 1);
      if (!lowerSuffix && host !== host.toLowerCase()) return null;
      // A bare domain's URL is valid only if its host is (the host of such a match has no
      // scheme, user, port or IP form): most candidates ("first.last@", "file.name") fail
      // here, before the URL checks' regular expressions.
      if (!isValidDomainName(host, false)) return null;
    }
    if (m.pattern.name === 'scheme') {
      const web = asWebAddress(value);
      if (!isValidUrl(web) && !namesUser(web)) return null;
    } else if (!isValidUrl(value)) return null;
    return {
      start,
      end,
      score: m.pattern.score,
      validator: 'passed',
      validated: m.pattern.name !== 'domain',
    };
  },
});
