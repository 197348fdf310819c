/**
 * IP_ADDRESS: IPv4 dotted quads and IPv6 text forms (RFC 4291 section 2.2, zone index allowed),
 * each optionally with a CIDR prefix for ranges ("10.0.0.0/8"). node:net validates.
 */
import { defineBuiltinRecognizer, type PatternMatch } from '../pattern-recognizer.js';
import { isValidIpAddress, isZeroPaddedIpv4 } from '../validators/network.js';
import { afterEscape, endsLabel, isAlnumCode } from './boundary.js';

function glued(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  // A dot directly before means a longer dotted token ("1.2.3.4.5"). A colon does not glue: it
  // ends a label ("ip:10.0.0.1", "eth0:10.0.0.1"), and an IPv6 form holding the address whole
  // ("::ffff:10.0.0.1") is found by its own pattern and wins the overlap.
  if ((isAlnumCode(before) && !afterEscape(text, start)) || before === 46) return true;
  if (isAlnumCode(after)) return true;
  return after === 46 && end + 1 < text.length && isAlnumCode(text.charCodeAt(end + 1));
}

/**
 * The gate of the IPv6 pattern: every address the refinement accepts passes `isValidIpv6`, whose
 * colon count (`mayBeIpv6` in validators/network.ts, RFC 4291 section 2.2) asks for "::" or six
 * colons at least, so a text holding neither can give no IPv6 finding. Its source says that as an
 * expression (read by needed-chars.ts, which finds the ":" it needs); `test` asks it with
 * `indexOf`, stopping at the sixth colon, instead of running the expression, whose `[^:]*` would
 * cross the rest of the text from each colon. A time of day ("2024-02-25T08:00:00Z", two colons)
 * no longer goes to the lead-in scan, the sticky expression and the refinement.
 */
class Ipv6ColonGate extends RegExp {
  /** Methods that copy a regular expression (`split`, `matchAll`) make a plain one. */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  constructor() {
    super('::|(?::[^:]*){6}');
  }

  override test(text: string): boolean {
    if (text.includes('::')) return true;
    let colons = 0;
    for (let at = text.indexOf(':'); at !== -1; at = text.indexOf(':', at + 1)) {
      if (++colons === 6) return true;
    }
    return false;
  }
}

/** A dotted quad with zero-padded octets (`isZeroPaddedIpv4`): a little below a plain one. */
const ZERO_PADDED_SCORE = 0.85;

const IPV6_SOURCE =
  '[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?:\\.\\d{1,3}){3})?(?:%[0-9a-z_-]{1,32})?(?:/\\d{1,3})?';
/** The IPv6 pattern, anchored where it is tried (`afterKey`). */
const IPV6_AT = new RegExp(IPV6_SOURCE, 'iuy');

/**
 * An IPv6 candidate that starts inside a label ("ip:fe80::1" is tried from its first colon,
 * "src:fe80::1" from the "c", "en0:fe80::1" from the "0"): the address is tried again right
 * after the label's colon ("src:::1" gives "::1"), the match being refused as it stands. Null
 * when there is no label or no valid address there.
 */
function afterKey(m: PatternMatch): { start: number; end: number } | null {
  const text = m.text;
  // The label's colon: the match's first one.
  let colon = m.start;
  while (colon < m.end && text.charCodeAt(colon) !== 58) colon++;
  if (colon >= m.end || !endsLabel(text, colon)) return null;
  IPV6_AT.lastIndex = colon + 1;
  const found = IPV6_AT.exec(text);
  if (found === null) return null;
  let end = colon + 1 + found[0].length;
  while (end > colon + 1 && text[end - 1] === ':' && text[end - 2] !== ':') end--;
  const value = text.slice(colon + 1, end);
  if (colons(value) < 2 || !isValidIpAddress(value) || glued(text, colon + 1, end)) return null;
  return { start: colon + 1, end };
}

function colons(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 58) n++;
  return n;
}

/** `isZeroPaddedIpv4` with an optional CIDR prefix of at most 32 bits ("010.000.000.000/8"). */
function zeroPaddedWithPrefix(address: string): boolean {
  const slash = address.indexOf('/');
  if (slash < 0) return isZeroPaddedIpv4(address);
  return Number(address.slice(slash + 1)) <= 32 && isZeroPaddedIpv4(address.slice(0, slash));
}

export const ipAddressRecognizer = defineBuiltinRecognizer({
  name: 'ip-address',
  entityType: 'IP_ADDRESS',
  patterns: [
    // `rescan`: a prefix that was the next address's first group ("10.0.0.1/10.0.0.2") is given
    // back, and the scan goes on after the first address.
    { name: 'ipv4', minDigits: 4, rescan: true, needsAny: '.', near: { cluster: 4, joiners: '.', before: 0, after: 0 }, regex: '\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?', score: 0.9 },
    {
      name: 'ipv6',
      needsAny: ':',
      needsMatch: new Ipv6ColonGate(),
      // A match starts with at most four hex digits before its first colon: only those start
      // positions are tried, not every letter of the text.
      leadIn: { char: ':', within: 4, ascii: /[0-9A-Fa-f]/ },
      regex: `(?i)${IPV6_SOURCE}`,
      score: 0.95,
    },
  ],
  context: ['ip', 'address', 'ipv4', 'ipv6', 'server', 'host', 'client', 'from'],
  refine: (m) => {
    let end = m.end;
    // An IPv6 candidate may end on a colon that belongs to the sentence ("::1: refused").
    while (end > m.start && m.text[end - 1] === ':' && m.text[end - 2] !== ':') end--;
    const value = m.text.slice(m.start, end);
    if (m.pattern.name === 'ipv6') {
      // Tried from inside a label or from a label's colon ("src:fe80::1" from its "c",
      // "ip:fe80::1" from its colon): the address after the label's colon, if there is one.
      const inLabel = m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1));
      const onColon = m.text.charCodeAt(m.start) === 58 && m.text.charCodeAt(m.start + 1) !== 58;
      if (inLabel || onColon) {
        const keyed = afterKey(m);
        if (keyed !== null) {
          return { start: keyed.start, end: keyed.end, score: m.pattern.score, validator: 'passed', validated: true };
        }
      }
      if (colons(value) < 2 || !/[0-9a-f]/i.test(value)) return null;
    }
    // "10.0.0.1/10.0.0.2": two addresses joined by a slash, not an address and its prefix.
    const slash = m.pattern.name === 'ipv4' ? value.indexOf('/') : -1;
    const next = m.text.charCodeAt(end);
    if (slash > 0 && (next === 46 || (next >= 48 && next <= 57))) end = m.start + slash;
    const address = end === m.end ? value : m.text.slice(m.start, end);
    if (glued(m.text, m.start, end)) return null;
    if (!isValidIpAddress(address)) {
      // Round 13: "ip 192.168.001.010" was left in clear.
      if (m.pattern.name !== 'ipv4' || !zeroPaddedWithPrefix(address)) return null;
      return { start: m.start, end, score: ZERO_PADDED_SCORE, validator: 'passed', validated: true };
    }
    return { start: m.start, end, score: m.pattern.score, validator: 'passed', validated: true };
  },
});
