/** MAC_ADDRESS: EUI-48/EUI-64 with colons, dashes or Cisco dotted groups, one separator kind. */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isValidMacAddress } from '../validators/network.js';
import { endsLabel, gluedAfter, isAlnumCode } from './boundary.js';
import { checked } from './refine.js';

const MAC_SOURCE = '[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}(?:[:-][0-9a-f]{2}){0,2}|[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}';

export const macAddressRecognizer = defineBuiltinRecognizer({
  name: 'mac-address',
  entityType: 'MAC_ADDRESS',
  patterns: [
    {
      name: 'mac',
      needsAny: ':-.',
      // Every match holds two 2-hex groups between three separators, or a dotted 4-hex pair:
      // a rare character leads each branch, so V8 skips ahead fast (no quantified groups: linear).
      // Hex digits in both cases, without the `iu` flags: only ASCII letters fold onto a-f, and
      // the case-folding scan cost 1.5% of the pattern recognizers' time on notes.
      needsMatch: /[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]|\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}/,
      regex: `(?i)${MAC_SOURCE}`,
      score: 0.8,
    },
  ],
  context: ['mac', 'hardware', 'ethernet', 'wifi', 'device', 'interface'],
  refine: (m) => accept(m) ?? afterLabel(m),
});

const accept = checked(isValidMacAddress);

/** The MAC pattern, anchored where it is tried again (`afterLabel`). */
const MAC_AT = new RegExp(MAC_SOURCE, 'iuy');

/**
 * A candidate refused as it stands, retried after a label ("mac:", "eth0:", "de:"):
 * - found right after the label's colon ("eth0:00:1A:…", the label ending in a digit glues it):
 *   the same span, only its end checked;
 * - begun inside the label ("mac:00:1A:…" is tried from the "ac", which are hex digits;
 *   "cafe:00:1A:…" from the "fe"): the address right after the match's first colon.
 * Null when there is no such label or no valid address there.
 */
function afterLabel(m: PatternMatch): Refinement | null {
  const text = m.text;
  let colon: number;
  if (m.start >= 1 && text.charCodeAt(m.start - 1) === 58 && endsLabel(text, m.start - 1)) {
    colon = m.start - 1;
  } else {
    colon = m.start;
    while (colon < m.end && text.charCodeAt(colon) !== 58) colon++;
    if (colon >= m.end || !endsLabel(text, colon)) return null;
    // A first group of the match that is no more than a group ("d0:50:99:84:a2:a0:ff", seven
    // groups) is not a label: such a chain is no MAC address.
    if (colon - m.start === 2 && (m.start === 0 || !isAlnumCode(text.charCodeAt(m.start - 1)))) return null;
  }
  MAC_AT.lastIndex = colon + 1;
  const found = MAC_AT.exec(text);
  if (found === null) return null;
  const end = colon + 1 + found[0].length;
  if (!isValidMacAddress(found[0]) || gluedAfter(text, end)) return null;
  return { start: colon + 1, end, score: m.pattern.score, validator: 'passed', validated: true };
}
