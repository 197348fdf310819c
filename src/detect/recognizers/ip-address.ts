/**
 * IP_ADDRESS: IPv4 dotted quads and IPv6 text forms (RFC 4291 section 2.2, zone index allowed),
 * each optionally with a CIDR prefix for ranges ("10.0.0.0/8"). node:net validates.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidIpAddress } from '../validators/network.js';
import { isAlnumCode } from './boundary.js';

function glued(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  // A dot or colon directly before means a longer dotted/colon token ("1.2.3.4.5", "a:b::1").
  if (isAlnumCode(before) || before === 46 || before === 58) return true;
  if (isAlnumCode(after)) return true;
  return after === 46 && end + 1 < text.length && isAlnumCode(text.charCodeAt(end + 1));
}

function colons(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 58) n++;
  return n;
}

export const ipAddressRecognizer = defineBuiltinRecognizer({
  name: 'ip-address',
  entityType: 'IP_ADDRESS',
  patterns: [
    { name: 'ipv4', minDigits: 4, needsAny: '.', near: { cluster: 4, joiners: '.', before: 0, after: 0 }, regex: '\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?', score: 0.9 },
    {
      name: 'ipv6',
      needsAny: ':',
      // A match starts with at most four hex digits before its first colon: only those start
      // positions are tried, not every letter of the text.
      leadIn: { char: ':', within: 4, ascii: /[0-9A-Fa-f]/ },
      regex:
        '(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:(?:\\.\\d{1,3}){3})?(?:%[0-9a-z_-]{1,32})?(?:/\\d{1,3})?',
      score: 0.95,
    },
  ],
  context: ['ip', 'address', 'ipv4', 'ipv6', 'server', 'host', 'client', 'from'],
  refine: (m) => {
    let end = m.end;
    // An IPv6 candidate may end on a colon that belongs to the sentence ("::1: refused").
    while (end > m.start && m.text[end - 1] === ':' && m.text[end - 2] !== ':') end--;
    const value = m.text.slice(m.start, end);
    if (m.pattern.name === 'ipv6' && (colons(value) < 2 || !/[0-9a-f]/i.test(value))) return null;
    if (glued(m.text, m.start, end) || !isValidIpAddress(value)) return null;
    return { start: m.start, end, score: m.pattern.score, validator: 'passed', validated: true };
  },
});
