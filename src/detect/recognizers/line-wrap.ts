/**
 * Numbers that hard-wrapped text (e-mail bodies, fixed-width logs) splits over a line break
 * between two of their digit groups. No pattern reads across a line break, since lists put one
 * number per line; the recognizers ask here at a candidate that touches one, and join the two
 * sides only when the whole validates (a card's Luhn check, a "+" number's plan).
 */

/** At most this many digit groups are read on each side of the line break. */
const MAX_GROUPS = 5;

/** Digit groups joined by single spaces on both sides of one line break. */
export interface LineWrap {
  /** Where the groups before the break start, and where the break's "\n" or "\r\n" starts. */
  readonly start: number;
  readonly breakStart: number;
  /** Where the groups after the break start, and where they end. */
  readonly breakEnd: number;
  readonly end: number;
}

/**
 * The groups around the line break that `text[from, to)` (the digits of a candidate) touches:
 * right after it, or right before it; null when it touches none or a side holds no digit.
 */
export function groupsAcrossLineBreak(text: string, from: number, to: number): LineWrap | null {
  let breakStart: number;
  let breakEnd: number;
  const after = text.charCodeAt(to);
  if (after === 10 || after === 13) {
    breakStart = to;
    breakEnd = to + (after === 13 && text.charCodeAt(to + 1) === 10 ? 2 : 1);
  } else if (text.charCodeAt(from - 1) === 10) {
    breakEnd = from;
    breakStart = from - (text.charCodeAt(from - 2) === 13 ? 2 : 1);
  } else {
    return null;
  }
  const start = groupsBefore(text, breakStart);
  const end = groupsAfter(text, breakEnd);
  if (start === breakStart || end === breakEnd) return null;
  return { start, breakStart, breakEnd, end };
}

/** Where the digit groups joined by single spaces that end at `at` start (`at` when none). */
function groupsBefore(text: string, at: number): number {
  let i = at;
  for (let groups = 0; groups < MAX_GROUPS; groups++) {
    let digits = i;
    while (digits > 0 && isDigitAt(text, digits - 1) && i - digits < 8) digits--;
    if (digits === i) return i === at ? at : i + 1;
    i = digits;
    if (i < 2 || text.charCodeAt(i - 1) !== 32 || !isDigitAt(text, i - 2)) return i;
    i--;
  }
  return i;
}

/** Where the digit groups joined by single spaces that start at `at` end (`at` when none). */
function groupsAfter(text: string, at: number): number {
  let i = at;
  for (let groups = 0; groups < MAX_GROUPS; groups++) {
    let digits = i;
    while (isDigitAt(text, digits) && digits - i < 8) digits++;
    if (digits === i) return i === at ? at : i - 1;
    i = digits;
    if (text.charCodeAt(i) !== 32 || !isDigitAt(text, i + 1)) return i;
    i++;
  }
  return i;
}

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}
