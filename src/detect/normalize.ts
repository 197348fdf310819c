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
 *   decodes %-escapes of printable ASCII ("john%40example.com") and HTML character references
 *   ("john&#64;example.com", "&commat;", "&nbsp;"). The view keeps, for each of its code units,
 *   where it came from in the text, so that a span found in the view maps back to a span of the
 *   text that covers everything it was read from.
 *
 * The analyzer reads the folded text, and the view besides when there is one, and keeps the
 * union of the findings (the overlap policy settles spans found in both): a view can also
 * lose what the text holds ("%20" in a URL's path decodes to a space that ends the URL).
 */

/**
 * Whether `text` may need `foldText` or `readableView`: it holds a tab, "%", "&" or a character
 * outside ASCII. One test that most texts fail (the two steps' own tests cost more).
 */
export function mayNeedReading(text: string): boolean {
  // indexOf runs far faster than a character class; the class is left with one range.
  return NON_ASCII.test(text) || text.indexOf('%') >= 0 || text.indexOf('&') >= 0 || text.indexOf('\t') >= 0;
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
/** A text needs a view when it holds an invisible character, a %-escape or a character reference. */
const NEEDS_VIEW = new RegExp(`[${INVISIBLE}]|%[0-9A-Fa-f]{2}|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});`);
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
]);

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number): number => (c <= 57 ? c - 48 : (c | 32) - 87);

/**
 * What the escape or reference at `i` of `text` decodes to: [the decoded text, the offset after
 * the escape]; undefined when there is none at `i` or it decodes to nothing `readableView` reads
 * (a %-escape of a control character or of a byte above ASCII, a reference to a control
 * character or to an unknown name).
 */
function decodeAt(text: string, i: number): [string, number] | undefined {
  const c = text.charCodeAt(i);
  if (c === 37) {
    // "%40": printable ASCII only; a byte of a UTF-8 sequence is left as written.
    const a = text.charCodeAt(i + 1);
    const b = text.charCodeAt(i + 2);
    if (!isHex(a) || !isHex(b)) return undefined;
    const code = hexValue(a) * 16 + hexValue(b);
    return code >= 0x20 && code < 0x7f ? [String.fromCharCode(code), i + 3] : undefined;
  }
  if (c !== 38) return undefined;
  const semi = text.indexOf(';', i + 2);
  if (semi < 0 || semi - i > 10) return undefined;
  const body = text.slice(i + 1, semi);
  if (body.charCodeAt(0) === 35) {
    const hex = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88;
    const digits = body.slice(hex ? 2 : 1);
    if (digits.length === 0 || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return undefined;
    }
    const decoded = String.fromCodePoint(code);
    return [INVISIBLE_CODE.test(decoded) ? '' : foldText(decoded), semi + 1];
  }
  const named = NAMED.get(body);
  return named === undefined ? undefined : [named, semi + 1];
}

/**
 * The view of `text` (already folded by `foldText`) without its invisible format characters and
 * with its escapes and references decoded; undefined when it has none of them. Decoding is one
 * pass: what an escape decodes to is not decoded again ("%2540" reads as "%40").
 */
export function readableView(text: string): ReadableView | undefined {
  if (!NEEDS_VIEW.test(text)) return undefined;
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  // Form-encoded text ("name=John+Smith&phone=%2B1+415+555+2671") writes spaces as "+": where
  // the text holds a %-escape, a "+" between two letters or digits reads as a space.
  const formEncoded = /%[0-9A-Fa-f]{2}/.test(text);
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 37 || c === 38) {
      const decoded = decodeAt(text, i);
      if (decoded !== undefined) {
        const [value, next] = decoded;
        for (let k = 0; k < value.length; k++) {
          from[out.length + k] = i;
          to[out.length + k] = next;
        }
        out += value;
        i = next;
        changed = true;
        continue;
      }
    } else if (c === 43 && formEncoded && isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + 1))) {
      from[out.length] = i;
      to[out.length] = i + 1;
      out += ' ';
      i++;
      changed = true;
      continue;
    } else if (c >= 0xad && INVISIBLE_CODE.test(text[i]!)) {
      i++;
      changed = true;
      continue;
    }
    from[out.length] = i;
    to[out.length] = i + 1;
    out += text[i];
    i++;
  }
  if (!changed) return undefined;
  return { text: out, from: from.subarray(0, out.length), to: to.subarray(0, out.length) };
}
