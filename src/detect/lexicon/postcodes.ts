/**
 * Postcodes written with letters, read the same way by the ZIP_CODE cue scan and the address
 * scan: British ("SW1A 1AA"), Canadian ("B0J 2H0") and Irish Eircodes ("D02 X285", "A65 F4E2";
 * the routing key's first letter is one of the 15 An Post uses, and the unique part avoids B, G,
 * I, J, L, M, O, Q, S, U and Z). A regular expression on a slice of nine characters: the
 * tokenizer cuts these codes at every change from letter to digit.
 */
const UK = '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}';
const CANADA = '[A-Z]\\d[A-Z] ?\\d[A-Z]\\d';
const IRELAND = '(?:[AC-FHKNPRTV-Y]\\d\\d|D6W) ?[\\dAC-FHKNPRTV-Y]{4}';
const LETTER_POSTCODE = new RegExp(`^(?:${UK}|${CANADA}|${IRELAND})(?![\\p{L}\\p{N}])`, 'u');

/** Length of the letter postcode that starts at `start` of `text`, or 0. */
export function letterPostcodeLength(text: string, start: number): number {
  // Nine characters hold the longest code (eight) and the one after it that must end it.
  const match = LETTER_POSTCODE.exec(text.slice(start, start + 9));
  return match === null ? 0 : match[0].length;
}
