/**
 * CREDIT_CARD: 12-19 digits, plain or grouped with one kind of separator, Luhn-valid with an
 * issuer prefix (BR-02).
 */
import { defineBuiltinRecognizer, type Refinement } from '../pattern-recognizer.js';
import { isValidCreditCard } from '../validators/credit-card.js';
import { standsAlone } from './boundary.js';
import { jointGate } from './joint-gate.js';
import type { LineWrap } from './line-wrap.js';

export const creditCardRecognizer = defineBuiltinRecognizer({
  name: 'credit-card',
  entityType: 'CREDIT_CARD',
  // The validator takes 12 to 19 digits (`accepts`), the pattern alone 8 or more.
  patterns: [
    { name: 'card', minDigits: 12, rescan: true, accepts: { digits: [12, 19], alone: 'both' }, near: { cluster: 8, only: ' -', before: 0, after: 0 }, regex: '\\d{12,}|\\d{4}(?:[ \\-]\\d{2,7}){2,6}', score: 1 },
    // Round 12: forms, file names and exports also join the groups with full stops, slashes,
    // underscores or a dash between spaces ("4111.1111.1111.1111", "4111 - 1111 - 1111 - 1111").
    // Only the card groupings, one kind of joiner, Luhn and an issuer prefix (`otherJoinerCard`).
    // Full stops and slashes are cluster joiners: the scan sees only chains of 12 digits or
    // more joined by them alone, rare outside card numbers and IP addresses.
    { name: 'card-dots', minDigits: 12, accepts: { digits: [14, 16], alone: 'both' }, near: { cluster: 12, only: './', before: 0, after: 0 }, regex: '\\d{4}(?:\\.\\d{4,6}){2,3}|\\d{4}(?:/\\d{4,6}){2,3}', score: 1 },
    // Underscores and spaced dashes are no cluster joiners: windows after each digit run of
    // four, only in a text that holds a group of four between two of them (the gate, one scan
    // for a literal, costs about 0.3 CPU-us per note; the windows without it cost about 2).
    { name: 'card-underscores', minDigits: 12, needsAny: '_', needsMatch: /_\d{4}_/, near: { digitRun: 4, before: 0, after: 21 }, regex: '\\d{4}(?:_\\d{4,6}){2,3}', score: 1 },
    { name: 'card-spaced-dashes', minDigits: 12, needsAll: '-', needsMatch: jointGate(/ - \d{4,6} - /), near: { digitRun: 4, before: 0, after: 27 }, regex: '\\d{4}(?: - \\d{4,6}){2,3}', score: 1 },
  ],
  context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'pan'],
  contextByLanguage: { de: ['karte', 'kreditkarte'], fr: ['carte'], es: ['tarjeta'], it: ['carta'] },
  refine: (m) => {
    // Digits after a "+" are a phone number's country code and subscriber number, never a card
    // (round 13: "+447911123456" passes Luhn with an issuer prefix, ~3% of compact +44/+49
    // mobiles, and was CREDIT_CARD).
    if (m.text.charCodeAt(m.start - 1) === 43) return null;
    if (m.pattern.name !== 'card') return otherJoinerCard(m.text, m.start, m.end);
    if (standsAlone(m.text, m.start, m.end, 'separates') && isValidCreditCard(m.value)) {
      const grouped = /[ -]/.test(m.value);
      return { start: m.start, end: m.end, score: grouped ? 1 : 0.9, validator: 'passed', validated: true };
    }
    // A grouped card may also start at a later group: the match took in the last groups of
    // the value before it ("BE68 5390 0754 7034 4111 1111 1111 1111", an IBAN and a card).
    // The longest grouping first; a 4-4-4-4-3 one may have taken the first group of a short
    // number after the card ("4111 1111 1111 1111 415 555 2671"), so its 4-4-4-4 front too.
    for (let start = m.start; start < m.end; start = nextGroup(m.text, start, m.end)) {
      const end = cardGroupsEnd(m.text, start, m.end);
      if (end < 0) continue;
      if (isGroupedCard(m.text, start, end)) return { start, end, score: 1, validator: 'passed', validated: true };
      const front = lastGroupStart(m.text, start, end) - 1;
      if (digitsIn(m.text, start, end) === 19 && isGroupedCard(m.text, start, front)) {
        return { start, end: front, score: 1, validator: 'passed', validated: true };
      }
    }
    return null;
  },
});

/**
 * A card number whose groups are joined by full stops, slashes, underscores or " - " (the
 * patterns other than `card` match one kind only): the groups must be a card grouping (4-4-4-4,
 * 4-6-5, 4-6-4), the digits alone a valid card number (Luhn and an issuer prefix), and the
 * whole stand alone.
 */
function otherJoinerCard(text: string, start: number, end: number): Refinement | null {
  let shape = 0;
  let digits = '';
  let groupStart = -1;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) {
      if (groupStart < 0) groupStart = i;
      continue;
    }
    if (groupStart < 0) continue;
    shape = shape * 8 + (i - groupStart);
    digits += text.slice(groupStart, i);
    groupStart = -1;
  }
  if (shape !== 0o4444 && shape !== 0o465 && shape !== 0o464) return null;
  if (!standsAlone(text, start, end, 'separates') || !isValidCreditCard(digits)) return null;
  return { start, end, score: 1, validator: 'passed', validated: true };
}

/**
 * Card numbers are printed in a few groupings: 4-4-4-4 (most issuers), 4-6-5 (Amex), 4-6-4
 * (Diners) and 4-4-4-4-3 (19 digits). When a match ran on past a space into the next number
 * ("4111 1111 1111 1111 2025", a card and its expiry year), the end of the longest such grouping
 * that `text` holds from `start`, with one kind of separator and a space (or `end`) after it; -1
 * when there is none. Only
 * these groupings: a group dropped from any grouping finds a Luhn-valid shorter number one time
 * in ten (BR-02's 1242 2341 3673 9999 would become a 12-digit card).
 */
function cardGroupsEnd(text: string, start: number, end: number): number {
  // The group lengths so far as octal digits ("4-6-5" is 0o465), -1 past a group of 8 or more
  // digits: no array or string per call, as this runs on every grouped match that fails.
  let shape = 0;
  let groups = 0;
  let groupStart = start;
  let separator = 0;
  let found = -1;
  for (let i = start; i <= end && groups < 5; i++) {
    // The match's end stands for a space: it is where the value after it failed to join.
    const c = i < end ? text.charCodeAt(i) : 32;
    if (c >= 48 && c <= 57) continue;
    const length = i - groupStart;
    shape = shape < 0 || length > 7 ? -1 : shape * 8 + length;
    groups++;
    groupStart = i + 1;
    if (separator === 0) separator = c;
    // Another separator ends the grouped number; only a space may end it (a dash joins).
    if (c !== separator) return c === 32 && isCardGrouping(shape) ? i : found;
    if (c === 32 && isCardGrouping(shape)) found = i;
  }
  return found;
}

/** Whether `text[start, end)` stands alone and is a valid card number. */
function isGroupedCard(text: string, start: number, end: number): boolean {
  return standsAlone(text, start, end, 'separates') && isValidCreditCard(text.slice(start, end));
}

/** The start of the last digit group of `text[start, end)`, which ends with a digit. */
function lastGroupStart(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) i--;
  return i;
}

/** ASCII digits in `text[start, end)`. */
function digitsIn(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** The start of the digit group after the one at `start`, or `end` when there is none. */
function nextGroup(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i < end ? i + 1 : end;
}

/** 4-4-4-4, 4-6-5, 4-6-4 or 4-4-4-4-3, as `cardGroupsEnd` writes group lengths. */
function isCardGrouping(shape: number): boolean {
  return shape === 0o4444 || shape === 0o465 || shape === 0o464 || shape === 0o44443;
}

/**
 * Whether the digit groups on both sides of a line break (see line-wrap.ts) are a card number
 * that the break splits between two of its groups, as hard-wrapped text and e-mail bodies
 * write it ("4111 1111 1111\n1111", "4111 1111\r\n1111 1111"): read as one, they are a card
 * grouping (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3) of a valid card number that stands alone. The
 * phone recognizer, whose candidates are the groups on either side, asks this at each candidate
 * that touches a line break.
 */
export function wrappedCard(text: string, wrap: LineWrap): boolean {
  const { start, breakStart, breakEnd, end } = wrap;
  const value = `${text.slice(start, breakStart)} ${text.slice(breakEnd, end)}`;
  if (!isCardGrouping(groupShape(value)) || !standsAlone(text, start, end, 'separates')) return false;
  return isValidCreditCard(value);
}

/** The group lengths of digit groups joined by spaces, as `cardGroupsEnd` writes them. */
function groupShape(value: string): number {
  let shape = 0;
  let length = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i < value.length && value.charCodeAt(i) !== 32) {
      length++;
      continue;
    }
    if (length > 7) return -1;
    shape = shape * 8 + length;
    length = 0;
  }
  return shape;
}
