/**
 * MAC_ADDRESS: EUI-48/EUI-64 with colons, dashes or Cisco dotted groups, one separator kind; an
 * EUI-48 with a full stop or a space between its two-digit groups ("00.1A.2B.3C.4D.5E", "00 1A
 * 2B 3C 4D 5E"; round 12) when a group holds a hex letter, since six such groups of digits
 * alone are as often a number; and 12 bare hex digits with a context word ("mac 001A2B3C4D5E").
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isValidMacAddress } from '../validators/network.js';
import { endsLabel, gluedAfter, isAlnumCode, standsAlone } from './boundary.js';
import { jointGate } from './joint-gate.js';
import { checked } from './refine.js';

const MAC_SOURCE = '[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}(?:[:-][0-9a-f]{2}){0,2}|[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}';

/**
 * The gate of the 'mac' and 'mac-dotted' patterns (one expression, so one test per text serves
 * both): two 2-hex groups between three colons or dashes, a dotted 4-hex pair, or three 2-hex
 * groups between four full stops (no IPv4 address holds four). A rare character leads each
 * branch, so V8 skips ahead fast (no quantified groups: linear). Hex digits in both cases,
 * without the `iu` flags: only ASCII letters fold onto a-f, and the case-folding scan cost 1.5%
 * of the pattern recognizers' time on notes. On the 4000 tickets notes it passes none, in 0.68
 * CPU-us per note (0.82 before the dotted branch, whose common prefix V8 now shares).
 */
const MAC_GATE = jointGate(
  /[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]|\.[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2}\.[0-9a-fA-F]{4}|\.[0-9a-fA-F]{2}\.[0-9a-fA-F]{2}\.)/,
);

/**
 * The gate of 'mac-spaced': five 2-hex groups each after a space. Its attempts start at spaces
 * and fail on the character after most of them (0.40 CPU-us per tickets note). A tenth of the
 * notes pass it (a French number, "+33 1 75 18 83 65 before", reads "be" as hex), so the
 * pattern scans only the windows around its matches there (`SPACED_FINDER`).
 */
const SPACED_GATE = / [0-9a-fA-F]{2} [0-9a-fA-F]{2} [0-9a-fA-F]{2} [0-9a-fA-F]{2} [0-9a-fA-F]{2}/;
const SPACED_FINDER = new RegExp(SPACED_GATE.source, 'g');

const CONTEXT = ['mac', 'hardware', 'ethernet', 'wifi', 'device', 'interface'];

export const macAddressRecognizer = defineBuiltinRecognizer({
  name: 'mac-address',
  entityType: 'MAC_ADDRESS',
  patterns: [
    {
      name: 'mac',
      needsAny: ':-.',
      needsMatch: MAC_GATE,
      regex: `(?i)${MAC_SOURCE}`,
      score: 0.8,
    },
    {
      // Two-digit groups joined by full stops.
      name: 'mac-dotted',
      needsAny: '.',
      needsMatch: MAC_GATE,
      regex: '(?i)[0-9a-f]{2}(?:\\.[0-9a-f]{2}){5}',
      score: 0.8,
    },
    {
      // Two-digit groups joined by spaces.
      name: 'mac-spaced',
      needsAny: ' ',
      needsMatch: SPACED_GATE,
      // A match starts at most three groups (9) before a finder match's first space, its seven
      // groups (20) lie within 20 after it.
      near: { finder: SPACED_FINDER, before: 9, after: 20 },
      // Up to seven groups: the scan may start inside the word before ("mac 00 1A …" is read
      // from its "ac"), and `spacedPairs` then takes the six after it. Both cases written out:
      // the case-folding scan costs more.
      regex: '[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2}){5,6}',
      score: 0.8,
    },
  ],
  context: CONTEXT,
  refine: (m) => {
    if (m.pattern.name === 'mac') return accept(m) ?? afterLabel(m);
    const six = m.pattern.name === 'mac-spaced' ? spacedPairs(m) : m;
    if (six === null || !hasLetter(six.value) || !oneCase(six.value)) return null;
    return alonePairs(six) ? accept(six) : null;
  },
});

/**
 * Twelve hex digits with no separator ("001A2B3C4D5E"), in one case and with a hex letter:
 * reported only with a context word ("mac", "ethernet"), since a hash or an identifier is a run
 * of hex digits too. A recognizer of its own with a `maxScore` below the threshold, so that the
 * analyzer skips it on texts holding none of its words (most of them; as one of the MAC
 * patterns it cost 0.5 CPU-us per tickets note, most notes holding a UUID, whose last group is
 * such a run). `minRun` scans only the runs of twelve letters and digits or more.
 */
export const macAddressBareRecognizer = defineBuiltinRecognizer({
  name: 'mac-address-bare',
  entityType: 'MAC_ADDRESS',
  patterns: [{ name: 'mac-bare', minRun: 12, regex: '[0-9a-fA-F]{12}', score: 0.3 }],
  context: CONTEXT,
  maxScore: 0.3,
  refine: (m) => {
    if (!hasLetter(m.value) || !oneCase(m.value)) return null;
    return { start: m.start, end: m.end, score: m.pattern.score, validator: 'none' };
  },
});

/**
 * Whether groups of two joined by full stops or spaces, or 12 bare hex digits, hold a hex
 * letter (either case): "10.20.30.40.50.60", "12 34 56 78 90 12" are numbers far more often.
 */
function hasLetter(value: string): boolean {
  return /[a-f]/i.test(value);
}

/**
 * The six groups of a 'mac-spaced' match: the match itself, or its last six when it holds seven
 * and the first is the end of a word ("mac 00 1A 2B 3C 4D 5E" read from "ac"); null for seven
 * groups standing alone (a hex dump).
 */
function spacedPairs(m: PatternMatch): PatternMatch | null {
  if (m.value.length === 17) return m;
  if (m.start === 0 || !isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
  return { ...m, start: m.start + 3, value: m.value.slice(3) };
}

/** Either case, not both: "001a2b3c4d5e" or "001A2B3C4D5E", not a word glued to digits. */
function oneCase(value: string): boolean {
  return value === value.toUpperCase() || value === value.toLowerCase();
}

/**
 * For the dotted and spaced forms: glued to nothing, and no further group joined by a space on
 * either side (a hex dump "4d 5a 90 00 03 00 00 00" holds six groups anywhere).
 */
function alonePairs(m: PatternMatch): boolean {
  const text = m.text;
  if (!standsAlone(text, m.start, m.end)) return false;
  if (m.value.charCodeAt(2) !== 32) return true;
  const spaceBefore = m.start >= 3 && text.charCodeAt(m.start - 1) === 32;
  const pairBefore = spaceBefore && isHexPair(text, m.start - 3);
  const pairAfter = text.charCodeAt(m.end) === 32 && isHexPair(text, m.end + 1);
  return !pairBefore && !pairAfter;
}

/** Two hex digits at `at` standing alone as a group (no letter or digit on either side). */
function isHexPair(text: string, at: number): boolean {
  return isHexCode(text.charCodeAt(at)) && isHexCode(text.charCodeAt(at + 1)) &&
    !isAlnumCode(text.charCodeAt(at - 1)) && !isAlnumCode(text.charCodeAt(at + 2));
}

/** Whether `text[start, start + 2)` is two lower-case letters and the groups up to `end` hold an upper-case letter only. */
function lowerLabelBeforeUpper(text: string, start: number, end: number): boolean {
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(start + 1);
  if (!(a >= 97 && a <= 102 && b >= 97 && b <= 102)) return false;
  const rest = text.slice(start + 3, end);
  return /[A-F]/.test(rest) && !/[a-f]/.test(rest);
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

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
    // A word of two lower-case hex letters before upper-case groups is a label, though
    // ("de:00:1A:2B:3C:4D:5E", the README's example; round 13 found it refused).
    if (
      colon - m.start === 2 &&
      (m.start === 0 || !isAlnumCode(text.charCodeAt(m.start - 1))) &&
      !lowerLabelBeforeUpper(text, m.start, m.end)
    )
      return null;
  }
  MAC_AT.lastIndex = colon + 1;
  const found = MAC_AT.exec(text);
  if (found === null) return null;
  const end = colon + 1 + found[0].length;
  if (!isValidMacAddress(found[0]) || gluedAfter(text, end)) return null;
  return { start: colon + 1, end, score: m.pattern.score, validator: 'passed', validated: true };
}
