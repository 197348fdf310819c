/** MAC_ADDRESS: EUI-48/EUI-64 with colons, dashes or Cisco dotted groups, one separator kind. */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isValidMacAddress } from '../validators/network.js';
import { endsLabel } from './boundary.js';
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
 * A candidate begun inside a label ("mac:00:1A:2B:3C:4D:5E" is tried from the "ac", which are
 * hex digits): the address is tried again right after the label's colon. Null when the
 * match is not of that form or no valid address follows.
 */
function afterLabel(m: PatternMatch): Refinement | null {
  const text = m.text;
  if (m.start === 0 || !isLetterCode(text.charCodeAt(m.start - 1))) return null;
  // The label's colon is the match's first character after letters only (a dash there would
  // glue the address to the label, see `standsAlone`).
  let at = m.start;
  while (at < m.end && isLetterCode(text.charCodeAt(at))) at++;
  if (at === m.start || text.charCodeAt(at) !== 58 || !endsLabel(text, at)) return null;
  MAC_AT.lastIndex = at + 1;
  const found = MAC_AT.exec(text);
  if (found === null) return null;
  return accept({ ...m, start: at + 1, end: at + 1 + found[0].length, value: found[0] });
}

/** An ASCII letter. */
function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
