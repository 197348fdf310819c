/**
 * What the analyzer reads instead of the text as given: personal data written with characters
 * the recognizers' patterns do not take.
 *
 * Two steps, both skipped by one test on a text without any such character:
 *
 * - `foldText`, same length: characters that stand for an ASCII one are read as it. Other spaces
 *   (no-break, thin, ideographic...) and the tab as U+0020; hyphens, the en dash and the minus
 *   sign as "-" (Word and Outlook turn "415-555-2671" into "415–555–2671"); fullwidth forms
 *   ("１２３-４５-６７８９", "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ") and Arabic-Indic and Devanagari digits
 *   as ASCII. Each is one UTF-16 code unit read as one, so every offset holds for the text as
 *   given. The em dash and the horizontal bar stay: prose puts them between words
 *   ("Smith—the manager"), where a hyphen would join the words into one.
 * - `readableView`, of another length, for a text holding invisible format characters or
 *   encoded characters: the view drops the invisible ones (soft hyphen from HTML `&shy;`,
 *   zero-width space and joiners, direction marks and embeddings, word joiner, byte-order mark),
 *   which otherwise cut "jo<ZWSP>hn@example.com" into pieces that are not an address, and
 *   decodes %-escapes ("john%40example.com"; UTF-8 sequences such as "%C2%A0"; a control
 *   character as a line break), HTML character references ("john&#64;example.com",
 *   "&commat;", "&nbsp;", "&ensp;", legacy "&nbsp" without ";") and the JSON escapes of a JSON
 *   string written out as text ("john\u0040example.com", "https:\/\/…"). The view keeps,
 *   for each of its code units, where it came from in the text, so that a span found in the
 *   view maps back to a span of the text that covers everything it was read from.
 *
 * The analyzer reads the folded text, and the view besides when there is one, and keeps the
 * union of the findings (the overlap policy settles spans found in both): a view can also
 * lose what the text holds ("%20" in a URL's path decodes to a space that ends the URL).
 */

/**
 * Whether `text` may need `foldText` or `readableView`: it holds a tab, "%", "&", a backslash or
 * a character outside ASCII. One test that most texts fail (the two steps' own tests cost more).
 */
export function mayNeedReading(text: string): boolean {
  // indexOf runs far faster than a character class; the class is left with one range.
  return (
    NON_ASCII.test(text) ||
    text.indexOf('%') >= 0 ||
    text.indexOf('&') >= 0 ||
    text.indexOf('\t') >= 0 ||
    text.indexOf('\\') >= 0
  );
}
const NON_ASCII = /[^\x00-\x7f]/;

/** Characters `foldText` replaces; one test of this decides whether a text needs it. */
const FOLDED = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u2010-\u2013\u2212\ufe63\uff01-\uff5e\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/;

/** The ASCII code `code` is read as by `foldText`, or -1 when it is read as itself. */
function foldedCode(code: number): number {
  if (code < 0x80) return code === 9 ? 32 : -1;
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  if (code >= 0x0660 && code <= 0x0669) return code - 0x0660 + 48;
  if (code >= 0x06f0 && code <= 0x06f9) return code - 0x06f0 + 48;
  if (code >= 0x0966 && code <= 0x096f) return code - 0x0966 + 48;
  if ((code >= 0x2010 && code <= 0x2013) || code === 0x2212 || code === 0xfe63) return 45;
  if (
    code === 0x00a0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
    return 32;
  return -1;
}

/**
 * `text` with the characters that stand for an ASCII one read as it (see the module comment);
 * `text` itself when it has none. The result has the same length.
 */
export function foldText(text: string): string {
  if (!FOLDED.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const folded = foldedCode(text.charCodeAt(i));
    if (folded < 0) continue;
    out += text.slice(from, i) + String.fromCharCode(folded);
    from = i + 1;
  }
  return out + text.slice(from);
}

/** A text as the analyzer reads it, and where each of its code units came from. */
export interface ReadableView {
  readonly text: string;
  /** For code unit `i` of `text`: the offset in the original text where its source starts. */
  readonly from: Int32Array;
  /** For code unit `i` of `text`: the offset in the original text where its source ends. */
  readonly to: Int32Array;
}

/**
 * Invisible format characters: soft hyphen, combining grapheme joiner, Arabic letter mark,
 * Mongolian vowel separator, zero-width space, non-joiner and joiner, left-to-right and
 * right-to-left marks, the direction embeddings, overrides and isolates, word joiner and the
 * invisible operators, the deprecated format characters and the byte-order mark.
 */
const INVISIBLE = '\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff';
/**
 * A surrogate code unit without its pair: no character at all, so read as invisible (round 13:
 * "jo\uD800hn@example.com" left "jo" in clear, the address found from "hn" on).
 */
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
/**
 * Combining marks on a digit: no digit takes one in any script's writing, so they only hide a
 * number ("4\u03011\u0301 11 …" left "4́1́" in clear, round 13). Read as invisible after a digit
 * (or after another mark on one); on letters they are accents and stay.
 */
const MARKED_DIGIT = '[0-9][\\u0300-\\u036f]';
const isMark = (c: number): boolean => c >= 0x300 && c <= 0x36f;
const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;
/**
 * A text needs a view when it holds an invisible character, a %-escape or what may be a
 * character reference (numeric, named, or one of the legacy names written without ";").
 */
const NEEDS_VIEW = new RegExp(
  `[${INVISIBLE}]|${LONE_SURROGATE}|${MARKED_DIGIT}|%[0-9A-Fa-f]{2}|\\\\(?:u[0-9A-Fa-f]{4}|[/"])|&(?:#[0-9]|#[xX][0-9A-Fa-f]|[A-Za-z][A-Za-z0-9]{1,15};|(?:nbsp|amp|lt|gt|quot|shy)(?![A-Za-z;]))`,
  'i',
);
const INVISIBLE_CODE = new RegExp(`[${INVISIBLE}]`);

/**
 * The named character references decoded, those that stand for characters personal data is
 * written with (separators and the signs of e-mail addresses, numbers and URLs).
 */
const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'], ['commat', '@'], ['period', '.'], ['nbsp', ' '], ['plus', '+'], ['lowbar', '_'],
  ['hyphen', '-'], ['dash', '-'], ['ndash', '-'], ['minus', '-'], ['colon', ':'], ['sol', '/'],
  ['num', '#'], ['lpar', '('], ['rpar', ')'], ['quot', '"'], ['apos', "'"], ['lt', '<'],
  ['gt', '>'], ['comma', ','], ['semi', ';'], ['equals', '='], ['quest', '?'], ['percnt', '%'],
  ['shy', ''], ['zwsp', ''], ['zwj', ''], ['zwnj', ''], ['lrm', ''], ['rlm', ''],
  ['ensp', ' '], ['emsp', ' '], ['emsp13', ' '], ['emsp14', ' '], ['thinsp', ' '], ['hairsp', ' '],
  ['numsp', ' '], ['puncsp', ' '], ['mediumspace', ' '], ['nobreak', ''], ['tab', ' '],
  ['newline', '\n'], ['excl', '!'], ['dollar', '$'], ['ast', '*'], ['bsol', '\\'], ['verbar', '|'],
  ['lbrack', '['], ['rbrack', ']'], ['lsqb', '['], ['rsqb', ']'], ['lowast', '*'], ['dot', '.'],
  ['fullstop', '.'],
]);
/** Names HTML still reads without their ";" ("&nbsp1111"), when no letter follows. */
const LEGACY = ['nbsp', 'amp', 'lt', 'gt', 'quot', 'shy'];

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number): number => (c <= 57 ? c - 48 : (c | 32) - 87);

/** The byte of the %-escape at `i` of `text`, or -1 when there is none there. */
function escapedByte(text: string, i: number): number {
  if (text.charCodeAt(i) !== 37) return -1;
  const a = text.charCodeAt(i + 1);
  const b = text.charCodeAt(i + 2);
  return isHex(a) && isHex(b) ? hexValue(a) * 16 + hexValue(b) : -1;
}

/** What a decoded character reads as: nothing when invisible, else as `foldText` reads it. */
const readAs = (decoded: string): string => (INVISIBLE_CODE.test(decoded) ? '' : foldText(decoded));

/**
 * The %-escapes at `i`: printable ASCII as itself; a control character as a line break (a tab as
 * a space), so "card=%0A4111..." does not glue the escape's hex letter to the number; the bytes
 * of a UTF-8 sequence ("%C2%A0", a no-break space) as the character they encode. Undefined when
 * the escape starts an invalid UTF-8 sequence (left as written).
 */
function decodeEscape(text: string, i: number, byte: number): [string, number] | undefined {
  if (byte < 0x80) {
    if (byte >= 0x20 && byte < 0x7f) return [String.fromCharCode(byte), i + 3];
    return [byte === 9 ? ' ' : '\n', i + 3];
  }
  const size = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
  if (size === 0) return undefined;
  let code = byte & (size === 2 ? 0x1f : size === 3 ? 0x0f : 0x07);
  for (let k = 1; k < size; k++) {
    const next = escapedByte(text, i + 3 * k);
    if (next < 0x80 || next > 0xbf) return undefined;
    code = (code << 6) | (next & 0x3f);
  }
  const least = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
  if (code < least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return [readAs(String.fromCodePoint(code)), i + 3 * size];
}

/**
 * The character reference at `i` (the "&"): numeric, named (case-insensitive), or a legacy name
 * without ";". Undefined for a reference to a control character or to a name not in `NAMED`.
 * The ";" is looked for within the longest name's reach only, so a text of many "&" and no
 * ";" stays linear.
 */
function decodeReference(text: string, i: number): [string, number] | undefined {
  if (text.charCodeAt(i + 1) === 35) return decodeNumericReference(text, i);
  let semi = -1;
  for (let k = i + 2; k < text.length && k <= i + 17; k++) {
    const c = text.charCodeAt(k);
    if (c === 59) {
      semi = k;
      break;
    }
    if (!isAlnum(c)) break;
  }
  if (semi < 0) {
    for (const name of LEGACY) {
      if (text.slice(i + 1, i + 1 + name.length).toLowerCase() !== name) continue;
      const after = text.charCodeAt(i + 1 + name.length);
      if ((after | 32) >= 97 && (after | 32) <= 122) continue;
      return [NAMED.get(name)!, i + 1 + name.length];
    }
    return undefined;
  }
  const body = text.slice(i + 1, semi);
  const named = NAMED.get(body) ?? NAMED.get(body.toLowerCase());
  return named === undefined ? undefined : [named, semi + 1];
}

/**
 * The numeric reference at `i` ("&#64;", "&#x40;"), its ";" optional as HTML reads it
 * ("john&#64example.com" shows "john@example.com"): every digit after "&#" belongs to it, up to
 * eight (more make a code beyond Unicode, left as written).
 */
function decodeNumericReference(text: string, i: number): [string, number] | undefined {
  const hex = text.charCodeAt(i + 2) === 120 || text.charCodeAt(i + 2) === 88;
  const first = hex ? i + 3 : i + 2;
  let code = 0;
  let k = first;
  for (; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (hex ? !isHex(c) : c < 48 || c > 57) break;
    if (k - first === 8) return undefined;
    code = code * (hex ? 16 : 10) + hexValue(c);
  }
  if (k === first) return undefined;
  const next = text.charCodeAt(k) === 59 ? k + 1 : k;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return code === 9 || code === 10 || code === 13 ? [code === 9 ? ' ' : '\n', next] : undefined;
  }
  return [readAs(String.fromCodePoint(code)), next];
}

/**
 * The backslash escape at `i` of a JSON string written out as text (a JSON document logged as
 * a string, PHP's and Python's default encoders): "\u0040" as "@", "\u00e9" as "é", "\u00a0"
 * as a space, "\/" as "/", '\"' as '"' (so '{\"password\":\"…\"}' reads as the JSON it is).
 * An even run of backslashes before the letter is that escape escaped again, as a JSON string
 * logged inside another one writes it ("alice\\u0040example.com", '\\"'): the run and the
 * escape read as the one character. After an odd run of three or more, the backslashes before
 * the last one are escaped backslashes, read as written. Undefined when `i` is inside a run
 * and not its last backslash, or when no escape follows.
 */
function decodeBackslash(text: string, i: number): [string, number] | undefined {
  const next = text.charCodeAt(i + 1);
  if (text.charCodeAt(i - 1) !== 92) {
    if (next !== 92) return decodeEscapeLetter(text, i + 1);
    // The start of a run: an even run is read whole here, so a long run costs one pass.
    let at = i + 1;
    while (text.charCodeAt(at) === 92) at++;
    return ((at - i) & 1) === 0 ? decodeEscapeLetter(text, at) : undefined;
  }
  if (next === 92) return undefined;
  // The last backslash of an odd run: an escape when an even number of backslashes precede it.
  let k = i - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return ((i - 1 - k) & 1) === 1 ? undefined : decodeEscapeLetter(text, i + 1);
}

/** The escape whose letter is at `at` (after its backslashes), and where it ends. */
function decodeEscapeLetter(text: string, at: number): [string, number] | undefined {
  const letter = text.charCodeAt(at);
  if (letter !== 117 && letter !== 47 && letter !== 34) return undefined;
  if (letter !== 117) return [letter === 47 ? '/' : '"', at + 1];
  let code = 0;
  for (let d = at + 1; d < at + 5; d++) {
    const c = text.charCodeAt(d);
    if (!isHex(c)) return undefined;
    code = code * 16 + hexValue(c);
  }
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return [code === 9 ? ' ' : '\n', at + 5];
  return [readAs(String.fromCharCode(code)), at + 5];
}

/** Whether the combining mark at `i` sits on a digit (after any other marks on it). */
function afterDigit(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && isMark(text.charCodeAt(k))) k--;
  const c = text.charCodeAt(k);
  return c >= 48 && c <= 57;
}

/**
 * The view of `text` (already folded by `foldText`) without its invisible format characters and
 * with its escapes and references decoded; undefined when it has none of them. Decoding is one
 * pass: what an escape decodes to is not decoded again ("%2540" reads as "%40").
 */
export function readableView(text: string): ReadableView | undefined {
  if (!NEEDS_VIEW.test(text)) return undefined;
  const n = text.length;
  // What an escape decodes to is never longer than the escape: the view fits in n code units.
  const units = new Uint16Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  // Form-encoded text ("name=John+Smith&phone=%2B1+415+555+2671") writes spaces as "+": where
  // the text holds a %-escape, a "+" between two letters or digits reads as a space.
  const formEncoded = /%[0-9A-Fa-f]{2}/.test(text);
  let length = 0;
  let changed = false;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let decoded: [string, number] | undefined;
    if (c === 37) {
      const byte = escapedByte(text, i);
      if (byte >= 0) decoded = decodeEscape(text, i, byte);
    } else if (c === 38) {
      decoded = decodeReference(text, i);
    } else if (c === 92) {
      decoded = decodeBackslash(text, i);
    } else if (c === 43 && formEncoded && isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + 1))) {
      decoded = [' ', i + 1];
    } else if (c >= 0xad && INVISIBLE_CODE.test(text[i]!)) {
      decoded = ['', i + 1];
    } else if ((isHigh(c) && !isLow(text.charCodeAt(i + 1))) || (isLow(c) && !isHigh(text.charCodeAt(i - 1)))) {
      decoded = ['', i + 1];
    } else if (isMark(c) && afterDigit(text, i)) {
      decoded = ['', i + 1];
    }
    if (decoded !== undefined) {
      const [value, next] = decoded;
      for (let k = 0; k < value.length; k++) {
        units[length] = value.charCodeAt(k);
        from[length] = i;
        to[length] = next;
        length++;
      }
      i = next;
      changed = true;
      continue;
    }
    units[length] = c;
    from[length] = i;
    to[length] = i + 1;
    length++;
    i++;
  }
  if (!changed) return undefined;
  let out = '';
  for (let k = 0; k < length; k += 8192) {
    out += String.fromCharCode.apply(null, units.subarray(k, Math.min(length, k + 8192)) as unknown as number[]);
  }
  return { text: out, from: from.subarray(0, length), to: to.subarray(0, length) };
}
