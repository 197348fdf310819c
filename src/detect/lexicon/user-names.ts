/**
 * Login names and handles, which the name lists cannot find: an "@" mention ("@john.smith"), a
 * labelled user ("[user:maria.garcia]", "username=jdoe"), and the user fields of sshd and web
 * server logs ("Invalid user bob.smith from", "Accepted password for alice from", the third
 * field of an access log line: "127.0.0.1 - jsmith [10/Oct/2000:13:55:36 -0700]"). The scan
 * reports them as PERSON: the analyzer has no user-name type, and a login name names its person.
 *
 * Read by shape and cue only: a handle is a word, then words or numbers joined by ".", "_" or
 * "-" with no space. A lone English word is no handle ("user=root", "for user admin"), nor is
 * an "@" glued to a word (an e-mail address or a URL), a decorator called with "(" ("@app.route(")
 * or an annotation alone on its line ("@Override").
 */
import { Case, flaggedIndexes, flagsIn, TokenKind, type Token } from './tokenize.js';
import { CHAT_VERBS, HOME_FOLDERS, SYSTEM_ACCOUNTS, TICKET_VERBS } from './user-name-cues.js';
import { WordFlag } from './word-flags.js';

/** Labels written before ":" or "=" and a user name. */
const labels = new Set(['user', 'username', 'login', 'userid']);
/** Words before "user" in sshd and PAM messages ("Invalid user bob", "session opened for user"). */
const userOpeners = new Set(['invalid', 'illegal', 'unknown', 'for']);
/** sshd's authentication methods, before "for NAME from" ("Accepted password for alice from"). */
const methods = new Set(['password', 'publickey', 'hostbased', 'pam', 'none', 'gssapi-with-mic']);
/** Tags and at-rules of code and chat written like a mention ("@param", "@media", "@here"). */
const notHandles = new Set([
  'param', 'returns', 'return', 'throws', 'type', 'typedef', 'see', 'since', 'deprecated',
  'example', 'link', 'author', 'version', 'override', 'todo', 'media', 'import', 'keyframes',
  'supports', 'font-face', 'charset', 'apply', 'tailwind', 'layer', 'container', 'page',
  'namespace', 'here', 'channel', 'everyone', 'all', 'ts-ignore', 'ts-expect-error',
]);
const ticketVerbs = new Set(TICKET_VERBS);
const chatVerbs = new Set(CHAT_VERBS);
const homeFolders = new Set(HOME_FOLDERS);
const systemAccounts = new Set(SYSTEM_ACCOUNTS);
/** Last parts that make a dotted word a host name, not a handle ("ping example.com"). */
const hostEnds = new Set(['com', 'org', 'net', 'io', 'de', 'uk', 'fr', 'es', 'it', 'nl', 'local']);
const AT = 64;
const SLASH = 47;
const BACKSLASH = 92;
const COLON = 58;
const EQUALS = 61;
const LEFT_SQUARE = 91;
const LEFT_PAREN = 40;
const HYPHEN = 45;
/** Signs that may join the parts of a handle, with no space around them. */
const JOINERS = new Set([46, 95, 45]);
/** Signs glued before an "@" that still open a mention ("(@anna", "cc:@anna"). */
const OPENERS = new Set([40, 91, 123, 34, 39, 60, 58, 44]);
/** Longest handle read, in characters. */
const MAX_LENGTH = 64;

const isPunct = (t: Token | undefined, code: number): boolean =>
  t !== undefined && t.kind === TokenKind.Punct && t.code === code;
const isWord = (t: Token | undefined): t is Token => t !== undefined && t.kind === TokenKind.Word;
/** Whether `t` follows the token before it with no space, on the same line. */
const glued = (t: Token | undefined): t is Token => t !== undefined && t.gap === 0 && !t.lineStart;

/**
 * The first and last token of each user name in `tokens`, in the order of their cues. Texts with
 * none of the cue words and signs (USER_NAME_CUES, flagged on the tokens) are not scanned.
 */
export function userNames(tokens: readonly Token[]): [number, number][] {
  const found: [number, number][] = [];
  if ((flagsIn(tokens) & WordFlag.UserCue) === 0) return found;
  // `i` is the last index the scan has reached: a user name found is skipped whole.
  const { list, count } = flaggedIndexes(tokens);
  let i = -1;
  for (let m = nextCue(tokens, list, count, 0, WordFlag.UserCue, i); m < count; ) {
    i = list[m] as number;
    const start = nameAfterCue(tokens, i);
    const end = start < 0 ? -1 : handleEnd(tokens, start);
    // A name read before its cue (sudo's) may be one an earlier cue found.
    const last = found[found.length - 1];
    if (start >= 0 && end >= start && (last === undefined || start > last[1])) {
      found.push([start, end]);
      // An access log's user comes before its cue: the scan never steps back.
      i = Math.max(i, end);
    }
    m = nextCue(tokens, list, count, m + 1, WordFlag.UserCue, i);
  }
  return found;
}

/**
 * The position in `list` (the tokenizer's list of flagged tokens, `flaggedIndexes`), from `m`
 * on, of the next token of `flag` past index `reached`, or `count`: the cue words are read from
 * that list, not from every token.
 */
function nextCue(
  tokens: readonly Token[],
  list: Int32Array,
  count: number,
  m: number,
  flag: WordFlag,
  reached: number,
): number {
  let k = m;
  while (
    k < count &&
    ((list[k] as number) <= reached || ((tokens[list[k] as number] as Token).flags & flag) === 0)
  )
    k++;
  return k;
}

/** The first token of the user name that the cue at `i` introduces, or -1. */
function nameAfterCue(t: readonly Token[], i: number): number {
  const cue = t[i] as Token;
  if (cue.kind === TokenKind.Punct) {
    if (cue.code === AT) return mention(t, i);
    return cue.code === LEFT_SQUARE ? accessLogUser(t, i) : -1;
  }
  const lower = cue.lower;
  // "[user:maria.garcia]", "username=jdoe", "login: anna.k".
  const mark = t[i + 1];
  if (labels.has(lower) && (isPunct(mark, COLON) || isPunct(mark, EQUALS))) {
    const name = t[i + 2];
    return (mark as Token).gap <= 1 && name !== undefined && name.gap <= 1 && !name.lineStart
      ? i + 2
      : -1;
  }
  // "Invalid user bob.smith from", "session opened for user alice".
  if (lower === 'user' && i > 0 && userOpeners.has((t[i - 1] as Token).lower)) {
    return sameLine(t[i + 1]) ? i + 1 : -1;
  }
  // sudo's "host sudo:   jdoe : TTY=pts/0 ; PWD=…": the user before " : TTY=".
  if (lower === 'tty' && cue.case === Case.Upper) return sudoUser(t, i);
  // "Accepted password for alice from 10.0.0.2".
  if (methods.has(lower) && isWord(t[i + 1]) && (t[i + 1] as Token).lower === 'for') {
    const name = t[i + 2];
    if (!sameLine(name) || (name as Token).lower === 'invalid') return -1;
    const from = t[handleEnd(t, i + 2) + 1];
    return isWord(from) && from.lower === 'from' && from.gap === 1 ? i + 2 : -1;
  }
  return -1;
}

/**
 * The first and last token of each login name written in prose or a path ("raised by
 * fatima.alzahra", "/home/klaus.mueller/"): read before the runs of capitalized and cued words,
 * which would take "fatima" after "by" and leave ".alzahra".
 */
export function proseUserNames(tokens: readonly Token[]): [number, number][] {
  const found: [number, number][] = [];
  if ((flagsIn(tokens) & WordFlag.ProseUserCue) === 0) return found;
  const { list, count } = flaggedIndexes(tokens);
  let i = -1;
  for (let m = nextCue(tokens, list, count, 0, WordFlag.ProseUserCue, i); m < count; ) {
    i = list[m] as number;
    const start = proseUser(tokens, i);
    if (start >= 0) {
      const end = handleEnd(tokens, start);
      found.push([start, end]);
      i = end;
    }
    m = nextCue(tokens, list, count, m + 1, WordFlag.ProseUserCue, i);
  }
  return found;
}

/**
 * The first token of a login name in prose or a path after the cue at `i`, or -1: "assigned to
 * j.smith", "Reported by: sarah.connor", "ping max.mustermann", "C:\Users\maria.gonzalez\",
 * "/home/klaus.mueller/". In prose the name is in lower case and no English word ("created by
 * jsmith"; not "created by default"); in a path it is any word but a system's account.
 */
function proseUser(t: readonly Token[], i: number): number {
  const cue = t[i] as Token;
  const lower = cue.lower;
  if (homeFolders.has(lower)) {
    const before = t[i - 1];
    const sep = t[i + 1];
    const slash = isPunct(before, SLASH) || isPunct(before, BACKSLASH);
    if (!slash || !glued(cue) || !glued(sep) || sep.code !== (before as Token).code) return -1;
    const name = t[i + 2];
    if (!isWord(name) || !glued(name)) return -1;
    const end = handleEnd(t, i + 2);
    if (end < 0) return -1;
    // The folder's separator after the name, or the path ending there ("PWD=/home/alice ;", "cd
    // /home/jdoe": round 13 first took the name only before a separator).
    const after = t[end + 1];
    const endsPath =
      after === undefined ||
      !glued(after) ||
      (after.kind === TokenKind.Punct && PATH_ENDS.has(after.code)) ||
      (isPunct(after, FULL_STOP) && !glued(t[end + 2]));
    if (!(isPunct(after, sep.code) && glued(after)) && !endsPath) return -1;
    const whole = t.slice(i + 2, end + 1).map((w) => w.lower).join('');
    return systemAccounts.has(whole) || (name.flags & WordFlag.Product) !== 0 ? -1 : i + 2;
  }
  let k = i + 1;
  if (ticketVerbs.has(lower)) {
    const prep = t[k];
    if (!isWord(prep) || !sameLine(prep) || (prep.lower !== 'by' && prep.lower !== 'to')) return -1;
    k++;
    if (isPunct(t[k], COLON) && glued(t[k])) k++;
  } else if (!chatVerbs.has(lower)) {
    return -1;
  }
  const name = t[k];
  if (!isWord(name) || name.case !== Case.Lower || name.lineStart || name.gap !== 1) return -1;
  const end = handleEnd(t, k);
  if (end < 0) return -1;
  const after = t[end + 1];
  if (isPunct(after, AT) && glued(after)) return -1;
  const last = t[end] as Token;
  if (end > k && hostEnds.has(last.lower)) return -1;
  // A dotted or joined name in prose holds a listed given name or surname ("j.smith",
  // "max.mustermann"): "assigned to config.yaml", "team.lead", "node.js" name no one.
  if (end > k && !holdsNamePart(t, k, end)) return -1;
  return systemAccounts.has(name.lower) && end === k ? -1 : k;
}

/** Whether a word among `t[from..to]` is a listed given name or surname. */
function holdsNamePart(t: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const w = t[k] as Token;
    if (w.kind !== TokenKind.Punct && (w.flags & (WordFlag.FirstName | WordFlag.LastName)) !== 0) return true;
  }
  return false;
}

/** Signs a path may end with before the text goes on: "; " and "," in logs, quotes, brackets. */
const PATH_ENDS = new Set([0x3b, 0x2c, 0x22, 0x27, 0x29, 0x5d, 0x3e]);
const FULL_STOP = 0x2e;

/** Whether `t` is one space after the token before it, on the same line. */
function sameLine(t: Token | undefined): boolean {
  return t !== undefined && t.gap === 1 && !t.lineStart;
}

/**
 * The first token of an "@" mention at `at`, or -1: the "@" opens the text, follows a space or
 * an opening sign; the handle is not a tag of code, is not called ("@app.route(") and is not
 * alone on its line after an "@" that opens it ("@Override", "@property").
 */
function mention(t: readonly Token[], at: number): number {
  const sign = t[at] as Token;
  const before = t[at - 1];
  const opener =
    before !== undefined && before.kind === TokenKind.Punct && OPENERS.has(before.code);
  if (glued(sign) && before !== undefined && !opener) return -1;
  const name = t[at + 1];
  if (!isWord(name) || !glued(name) || notHandles.has(name.lower)) return -1;
  const end = handleEnd(t, at + 1);
  const after = t[end + 1];
  if (isPunct(after, LEFT_PAREN) && glued(after)) return -1;
  const alone = sign.lineStart && (after === undefined || after.lineStart);
  return alone && name.case !== Case.Lower ? -1 : at + 1;
}

/**
 * The user field of a web server's access log before the "[" at `bracket`: "127.0.0.1 - jsmith
 * [10/Oct/2000:13:55:36 -0700]", the client's address, the identity ("-") and the user.
 */
function accessLogUser(t: readonly Token[], bracket: number): number {
  const stamp = t[bracket + 1];
  if (!sameLine(t[bracket]) || stamp === undefined || stamp.kind !== TokenKind.Number) return -1;
  if (!glued(stamp)) return -1;
  // Walk back over the user name to the dash before it.
  let start = bracket - 1;
  while (start > 0 && glued(t[start])) start--;
  const dash = t[start - 1];
  const address = t[start - 2];
  if (!isWord(t[start]) || !sameLine(t[start]) || !isPunct(dash, HYPHEN) || !sameLine(dash))
    return -1;
  if (address === undefined || address.kind !== TokenKind.Number) return -1;
  return handleEnd(t, start) === bracket - 1 ? start : -1;
}

/**
 * The user of a sudo log line before its " : TTY=" at `tty` (round 13: left in clear), or -1:
 * the name, one space, ":", one space, "TTY" and a glued "=".
 */
function sudoUser(t: readonly Token[], tty: number): number {
  const colon = t[tty - 1];
  if (!isPunct(t[tty + 1], EQUALS) || !glued(t[tty + 1]) || !sameLine(t[tty])) return -1;
  if (!isPunct(colon, COLON) || !sameLine(colon)) return -1;
  let start = tty - 2;
  while (start > 0 && glued(t[start])) start--;
  return isWord(t[start]) && handleEnd(t, start) === tty - 2 ? start : -1;
}

/**
 * The last token of a handle that starts at the word `i`: words and numbers joined by ".", "_"
 * or "-" with no space ("john.smith", "bob_smith2"), at most 64 characters; or -1 when it is a
 * lone English word ("root", "admin") or no word at all.
 */
function handleEnd(t: readonly Token[], i: number): number {
  const first = t[i];
  if (!isWord(first)) return -1;
  let k = i;
  for (;;) {
    const next = t[k + 1];
    if (!glued(next)) break;
    if (next.kind !== TokenKind.Punct) {
      k++;
      continue;
    }
    const part = t[k + 2];
    if (!JOINERS.has(next.code) || !glued(part) || part.kind === TokenKind.Punct) break;
    k += 2;
  }
  if ((t[k] as Token).end - first.start > MAX_LENGTH) return -1;
  if (k === i && (first.flags & WordFlag.Common) !== 0) return -1;
  return k;
}
