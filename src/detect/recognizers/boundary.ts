/**
 * Boundary checks that RE2 cannot express (it has no look-behind): a match must not be a slice
 * of a longer token. "8046-1297901" inside the UUID "…-40de-8046-1297901ea002" (BR-01) and
 * "250750683890174" after "0." (BR-09) are glued to the characters around them.
 */

/** For `needsAny` gates: the ASCII capital letters, and every ASCII letter. */
export const ASCII_CAPITALS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ASCII_LETTERS = ASCII_CAPITALS + ASCII_CAPITALS.toLowerCase();

/** ASCII letter or digit, or any letter/digit beyond ASCII. */
export function isAlnumCode(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Joiners that, between two alphanumerics, make one token: "0.25", "a-b", "x_y", "1/2". Compared
 * code by code rather than looked up in a Set: every candidate and every digit run of a window
 * asks (see "Round 16" in docs/readme/detect.md for the measured difference).
 */
function isJoinerCode(code: number): boolean {
  return code === 46 || code === 45 || code === 95 || code === 47 || code === 58;
}

/**
 * How an underscore between a match and a letter or digit reads (and a full stop after a
 * letter before it, and a colon or slash between the match and a digit, see `gluedBefore`). In
 * prose and code it joins ("user_2010" is one name, "10:22" one time, "1/2" one fraction), which
 * suits weak evidence such as a year; a number that a checksum or a numbering plan validates
 * ("id_4111111111111111", "tel_+14155552671", "ref 12:4111111111111111",
 * "4111 1111 1111 1111:415-555-2671", "4111 1111 1111 1111/12/25") is itself however it is
 * prefixed or followed, so the recognizers of such numbers read it as a separator. No time,
 * IPv6 group or fraction is such a number: their digit groups are too short for any of them.
 */
export type Underscore = 'joins' | 'separates';

/**
 * True when the letter at `at` ends a backslash escape that ends a line or a field in text that
 * was escaped (a JSON string logged as a string): the two characters "\n", "\t" or "\r" (a
 * backslash and a letter). Any run of backslashes before the letter counts: an even run is the
 * escape escaped again, as a JSON string logged inside another one writes it ("\\n").
 */
function endsEscape(text: string, at: number): boolean {
  const letter = text.charCodeAt(at);
  if (letter !== 110 && letter !== 116 && letter !== 114) return false;
  return text.charCodeAt(at - 1) === 92;
}

/**
 * True when the characters right before `start` are a backslash escape of a line break or tab
 * written out as text ("\\n", "\\t", "\\r"; see `endsEscape`): the value at `start` begins a
 * new line or field, whatever letter the escape ends with.
 */
export function afterEscape(text: string, start: number): boolean {
  return start > 1 && endsEscape(text, start - 1);
}

/** True when the character(s) before `start` make the match part of a longer token. */
export function gluedBefore(text: string, start: number, underscore: Underscore = 'joins'): boolean {
  if (start === 0) return false;
  const before = text.charCodeAt(start - 1);
  if (isAlnumCode(before)) {
    // A "+" opens a new token after a letter: "n+14155552671", "tel+44…" (after a digit it
    // may be a sum, and stays glued).
    if (text.charCodeAt(start) === 43 && !isDigitCode(before)) return false;
    return !endsEscape(text, start - 1);
  }
  if (before === 95 && underscore === 'separates') return false;
  if (isJoinerCode(before) && start > 1 && isAlnumCode(text.charCodeAt(start - 2))) {
    // "tel:555…" and "fax/phone 555…" keep a letter before a colon or slash; only digits
    // glued through those joiners make one token with the match. So do a full stop and a hyphen
    // for the numbers a validator vouches for: after a letter they end an abbreviation or a
    // label ("Tel.+49 30…", "Nr.4111…", "Kto.DE89…", as German writes them; "SSN-899-12-3456").
    // The phone recognizer keeps the hyphen joined (references: "ORD-2024-845026").
    if ((before === 58 || before === 47) && underscore === 'separates') return false;
    const separates = before === 58 || before === 47 || ((before === 46 || before === 45) && underscore === 'separates');
    if (!separates) return true;
    return isDigitCode(text.charCodeAt(start - 2));
  }
  return false;
}

/** True when the character(s) after `end` make the match part of a longer token. */
export function gluedAfter(text: string, end: number, underscore: Underscore = 'joins'): boolean {
  if (end >= text.length) return false;
  const after = text.charCodeAt(end);
  if (isAlnumCode(after)) return true;
  if ((after === 95 || after === 58 || after === 47) && underscore === 'separates') return false;
  if (!isJoinerCode(after) || end + 1 >= text.length) return false;
  const next = text.charCodeAt(end + 1);
  // "0.25" and "…-1297901ea002" continue a number; "1111.com" or "end.Next" is a new word that
  // the overlap policy deals with, so a full stop before a letter does not glue.
  if (after === 46) return isDigitCode(next);
  return isAlnumCode(next);
}

/**
 * Whether the colon at `colon` may end a label ("ip:", "eth0:", "db:", the key:value form of
 * logs): a letter or digit comes right before it. It may as well end a group of a longer colon
 * token ("ffff:" of an IPv6 form); the address after it is reported either way, and an IPv6 form
 * that holds it whole wins the overlap.
 */
export function endsLabel(text: string, colon: number): boolean {
  return colon >= 1 && isAlnumCode(text.charCodeAt(colon - 1));
}

/**
 * True when [start, end) is not glued to the text around it: no letter or digit directly on
 * either side, and no joiner ('.', '-', '_' unless `underscore` separates, '/' or ':') with a
 * letter or digit beyond it. A sentence-ending "." followed by a space or the end of text is
 * fine, and so is a backslash escape before the match ("card=\\n4111…" in a log line).
 */
export function standsAlone(
  text: string,
  start: number,
  end: number,
  underscore: Underscore = 'joins',
): boolean {
  return !gluedBefore(text, start, underscore) && !gluedAfter(text, end, underscore);
}

/** Removes trailing characters that end a sentence or close a bracket the span did not open. */
export function trimTrailingPunctuation(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const ch = text[e - 1]!;
    if ('.,;:!?\'"'.includes(ch)) {
      e--;
      continue;
    }
    if (ch === ')' || ch === ']' || ch === '}') {
      const open = ch === ')' ? '(' : ch === ']' ? '[' : '{';
      const span = text.slice(start, e);
      const opens = span.split(open).length - 1;
      const closes = span.split(ch).length - 1;
      if (closes > opens) {
        e--;
        continue;
      }
    }
    break;
  }
  return e;
}
