/**
 * CREDENTIAL: secrets that must never leave a dataset: cloud and service API keys with a
 * documented prefix (AWS, Google, GitHub, GitLab, Slack, Stripe, OpenAI, Twilio, SendGrid),
 * private key blocks (PEM), JSON Web Tokens, the value after a "password:" style label (or inside
 * a "<password>" element), and the credentials of an HTTP Authorization header.
 * The label pattern reports only the value, not the label. Every pattern is gated on the
 * characters of its fixed prefix (`needsAll`), which few texts hold all of.
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { byFirstLetter } from './alternation.js';
import { isAlnumCode, standsAlone } from './boundary.js';
import { jointGate, prefixGate } from './joint-gate.js';

const SECRET_LABELS = byFirstLetter([
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'api[_ -]?key', 'access[_ -]?token',
  'auth[_ -]?token', 'client[_ -]?secret', 'accountkey',
  // AWS's "aws_secret_access_key = …" (its credentials file and environment), "secret_key",
  // "private_key": the label runs on past "secret" before its "=".
  'secret[_ -]?(?:access[_ -]?)?key(?:[_ -]?base)?', 'private[_ -]?key',
  // Round 12 (break-it pass): more key and token names, the session cookies of the common web
  // frameworks, "credentials", and the word for password in German, French, Spanish and
  // Portuguese.
  'master[_ -]?key', 'encryption[_ -]?key', 'signing[_ -]?key', 'refresh[_ -]?token',
  'session[_ -]?token', 'credentials?',
  'session[_ -]?(?:id|key)', 'phpsessid', 'jsessionid', 'asp\\.net_sessionid', 'connect\\.sid',
  'passwort', 'kennwort', 'mot de passe', 'contrase[ñn]a', 'senha',
  // Short labels that are also words or parts of words ("bypass", "oauth", "spin"): only as a
  // whole label (`SHORT_LABELS`) and, but for "pass", with a value of their kind.
  'pass', 'auth', 'pin', 'otp',
  // Round 13: "pw:", a session cookie by its bare name ("Set-Cookie: session=…", with a value of
  // a token's kind), one-time and verification codes (4-8 digits), and Italian's "password di
  // accesso:".
  'pw', 'session', 'one[_ -]?time[_ -]?(?:code|password)', 'verification[_ -]?code',
  'password di accesso',
  // Round 19: a bare "token" ("token: 9f8e7d6c5b4a", "csrf_token=…"), a short label with a value
  // of a token's kind (`isTokenValue`).
  'token',
]);

/**
 * A number after a password label ("pwd1:", "password2=", "pass_1:", round 19: left in clear):
 * the same label, one of several. One or two digits, with "_" or "-" before them or none. Only
 * the password words (`NUMBERED_LABELS`): the number as an optional part of every label made the
 * gate's scan of the tickets records' strings cost 22.7k -> 31.9k instructions a record, a short
 * alternative of its own 25.6k (callgrind).
 */
const LABEL_NUMBER = '[_-]?\\d\\d?';
const NUMBERED_LABELS = 'p(?:ass(?:word|wd)?|wd|w)';

/**
 * The labels of `SECRET_LABELS` that are words of prose or ends of other words: such a label
 * must not be glued to a letter or digit before it ("smtp_pass" is a label, "bypass" not), and
 * its value must not be one of `NOT_SECRETS` ("auth: required"); a PIN or one-time code is 4 to 8
 * digits ("pin: 4821", "otp=482193").
 */
const SHORT_LABELS =
  /^(?:pass|auth|pin|otp|pw|session|token|one(?:[_-]?time(?:[_-]?(?:code|password))?)?|verification(?:[_-]?code)?)$/;
const DIGIT_CODE_LABELS = /^(?:pin|otp|one|verification)/;
const DIGIT_CODE = /^\d{4,8}$/;
const NOT_SECRETS =
  /^(?:true|false|null|none|nil|yes|no|required|optional|enabled|disabled|basic|bearer|oauth2?|n\/a|\d+\/\d+)$/i;

/** A digit, or a capital letter after a small one: "eyJ1c2Vy", "aBcD" (no word of prose). */
const TOKEN_LIKE = /\d|[a-z][A-Z]/;

/**
 * A bare "token" label's value (round 19): eight characters or more of a token's alphabet
 * (letters, digits and "_-.~+/=", as base64, hex and the services' prefixed keys write them),
 * with a letter. Prose after the label is not: "token: expired", "token: see below", "token:
 * <redacted>", "token: 2024-05-01T10:00Z", a count ("token: 12345678"). Round 20: nor is a value
 * that reads as a name or a version ("token: CamelCase", "token: iPhone15", "token: Windows11",
 * "token: v1.2.3-beta", which round 19 took for a token by a capital after a small letter or a
 * digit): `WORD_SHAPE` and `VERSION`. A first cut asked random values to mix letters, digits and
 * cases at a given rate and missed about one random 12-character value in twenty (round 20's
 * verification pass); these two shapes leave random values alone.
 */
function isTokenValue(value: string): boolean {
  return (
    value.length >= 8 &&
    /^[\w.~+/=-]+$/.test(value) &&
    /[a-z]/i.test(value) &&
    TOKEN_LIKE.test(value) &&
    !VERSION.test(value) &&
    !WORD_SHAPE.test(value)
  );
}

/**
 * A value that is a version number, whole: "v1.2.3-beta", "2.0.1rc1", "v1.2.3-beta4". Whole, so
 * a token after a dotted number stays a token ("192.168.ghp_…").
 */
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+._]?[a-z]+\d*)?$/i;

/**
 * A value that reads as words: small letters after an optional capital, then capitalized words,
 * then up to four digits ("CamelCase", "SomeLongClassName", "iPhone15", "Windows11",
 * "Sommer2024"). Unambiguous, so linear: each repetition starts at a capital.
 */
const WORD_SHAPE = /^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*\d{0,4}$/;

/** A label's number (`LABEL_NUMBER`) at its end. */
const LABEL_NUMBER_END = /[_-]?\d\d?$/;

/** The Authorization schemes whose credentials follow them (RFC 9110 section 11.6.2). */
const AUTH_SCHEMES = /^(?:basic|bearer|token|digest|negotiate)$/i;
/** Any scheme word: services name their own ("ApiKey", "SSWS"; RFC 9110 section 11.1). */
const AUTH_SCHEME = '[a-z][a-z0-9_.-]{1,24}';
const AUTH_LABEL = new RegExp(`^authori[sz]ation["']?\\s*[:=]\\s*["']?(?:(${AUTH_SCHEME})\\s+)?`, 'i');

/**
 * An Authorization header's credentials after the scheme: a list of parameters (RFC 9110 section
 * 11.4, `username="alice", response="…"` of Digest, `Credential=…, Signature=…` of AWS), else one
 * token ("YWxpY2U6aHVudGVyMg==").
 */
const AUTH_PARAM = `[a-z][\\w-]*=(?:"[^"\\r\\n]*"|[^\\s",]+)`;
const AUTH_VALUE = `(?:${AUTH_PARAM}(?:\\s*,\\s*${AUTH_PARAM})*|[^\\s"',;]{4,})`;

/**
 * A label's value: a quoted one up to its closing quote ("correct horse"), one in braces up to
 * its closing brace (ODBC's quoting, "Password={p@ss;word}"), a short one ended by the ";" of a
 * connection string ("Pwd=abc;", the ";" in the match), else one word of four or more characters. The braced and
 * short forms are round 12's: they left "word}" and "abc" in clear.
 */
const LABEL_VALUE =
  `(?:"[^"\\r\\n]{4,256}"|'[^'\\r\\n]{4,256}'|\\{[^}\\r\\n]{1,256}\\}` +
  `|[^\\s"',;{]{1,3};|["']?[^\\s"',;]{4,})`;

/**
 * Round 13: a password told in prose ("my password is Sommer2024!", "the password was reset to
 * Welcome123", "Mein Passwort lautet Geheim123", "la password è Estate2024"), a one-time code
 * ("Your one-time code is 482913") and a "PIN 4821" with no colon. The label, a verb of the
 * languages above (with "now", "reset to", "changed to"), then one word; `proseSecret` keeps
 * that word only when it looks like a secret, so "my password is incorrect" stays.
 */
const PROSE_LABELS = byFirstLetter([
  'password', 'passwort', 'passwd', 'passphrase', 'passcode', 'pw', 'kennwort', 'mot de passe',
  'contrase[ñn]a', 'senha', 'pin', 'one[- ]?time (?:pass)?code', 'verification code',
  'login code', 'access code', 'security code', 'confirmation code',
]);
const PROSE_VERBS =
  '(?:is|was|has been|ist|lautet|est|es|è|é|era)(?:\\s+(?:now|still|jetzt))?' +
  '(?:\\s+(?:re)?set\\s+to|\\s+changed\\s+to|\\s+updated\\s+to)?' +
  '|(?:re)?set\\s+to|changed\\s+to';
const PROSE_SECRET =
  `\\b(?:${PROSE_LABELS})\\s+(?:${PROSE_VERBS})(?::\\s*|\\s*:?\\s+)["']?[^\\s"']{1,64}` +
  '|\\bPIN\\s+\\d{4,8}';
/**
 * Texts where `PROSE_SECRET` can match: a label's last letters, a space, a verb and the space or
 * colon after it. "password reset" (a tenth of the tickets corpus's notes) does not pass. Its
 * attempts start at a space and read the verb first, the label behind it last: tried at every
 * letter, the label alternation cost 1.18 CPU-us per tickets note, this 0.88.
 */
const PROSE_VERB = '(?:is|was|has|ist|lautet|est|es|era|è|é|(?:re)?set\\s+to|changed\\s+to)[\\s:]';
/** The last letters of `PROSE_LABELS` that the gate below reads. */
const PROSE_GATE_LABELS = ['wor[dt]', 'phrase', 'code', 'pw', 'pin', 'passe', '[ñn]a', 'passwd'];
// Any run of whitespace between label and verb, as the pattern takes: with one space only,
// "my password  is …" and "Passwort\nlautet …" were never tried (round 14's verification pass).
// In the joined scan of the gates (`jointGate`), the same texts read label first, as words:
// there the labels share the first-letter tests of the other members' words, and the scan of
// the tickets notes costs 33.6k -> 30.8k instructions per note (callgrind, the scan alone).
const PROSE_GATE = jointGate(
  new RegExp(
    `\\s(?:${PROSE_VERB}(?<=(?:${PROSE_GATE_LABELS.join('|')})\\s+${PROSE_VERB})|\\d(?<=pin\\s+\\d))`,
    'i',
  ),
  [
    ...PROSE_GATE_LABELS.flatMap((label) => (label === '[ñn]a' ? ['ña', 'na'] : [label])).map(
      (label) => `${label}\\s+${PROSE_VERB}`,
    ),
    'pin\\s+\\d',
  ].join('|'),
);

/** Words a told password is not ("is incorrect", "was expired", "is the same"). */
const NOT_TOLD =
  /^(?:incorrect|correct|wrong|invalid|required|expired|expiring|empty|blank|missing|changed|reset|updated|the|a|an|too|not|now|still|same|different|weak|strong|secure|insecure|long|short|set|saved|stored|hidden|known|unknown|case|sensitive|mandatory|optional|falsch|abgelaufen|leer|nicht|errata|sbagliata|incorrecte|incorrecto|incorrecta)$/i;

/**
 * Whether a told word looks like a secret rather than prose: four characters or more with a
 * digit, a sign other than an apostrophe or hyphen, or a capital after a small letter
 * ("Sommer2024!", "hunter2", "tRoub4dor"), and none of `NOT_TOLD`.
 */
function looksLikeSecret(word: string): boolean {
  if (word.length < 4 || NOT_TOLD.test(word)) return false;
  return /\d|[^\p{L}\p{N}'’-]|\p{Ll}\p{Lu}/u.test(word);
}

/** Signs that end a sentence or clause after a told word, not part of it. */
const TRAILING_SIGNS = /[.,;:?)\]]+$/;

/**
 * The told secret of a 'prose-secret' match: its last word, sentence signs after it trimmed,
 * standing alone; 4-8 digits after a code or PIN label, else a word `looksLikeSecret`. "PIN"
 * with no verb only in capitals ("pin 1234" may be a header's pin).
 */
function proseSecret(m: PatternMatch): Refinement | null {
  if (m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
  let start = m.start + m.value.search(/\S*$/);
  let end = m.end;
  if (end < m.text.length && !isSpaceCode(m.text.charCodeAt(end)) && !/[.,;:?!)\]"']/.test(m.text[end]!)) {
    return null;
  }
  const quote = m.text.charCodeAt(start);
  if (quote === 34 || quote === 39) start++;
  const trailing = TRAILING_SIGNS.exec(m.text.slice(start, end));
  if (trailing !== null) end -= trailing[0].length;
  const value = m.text.slice(start, end);
  const label = m.value.slice(0, 4).toLowerCase();
  if (/^pin\s/i.test(m.value) && !/\s(?:is|was|ist|est|es|è|é)\s/i.test(m.value)) {
    if (!m.value.startsWith('PIN')) return null;
  }
  const code = label === 'pin ' || /code\s/i.test(m.value);
  if (code ? !DIGIT_CODE.test(value) : !looksLikeSecret(value)) return null;
  return { start, end, score: m.pattern.score, validator: 'none' };
}

/** The value of a 'curl-user' match: "user:password" after curl's "-u" or "--user". */
function curlUser(m: PatternMatch): Refinement | null {
  if (m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
  // A quoted value may hold spaces ("admin:p@ss w0rd"): the span is inside the quotes.
  const quoted = /\s(?:-u|--user)(?:\s+|=)(["'])(?=[^"'\n]+\1$)/.exec(m.value);
  if (quoted !== null) {
    return { start: m.start + quoted.index + quoted[0].length, end: m.end - 1, score: m.pattern.score, validator: 'none' };
  }
  const option = /\s(?:-u|--user)(?:\s+|=)["']?(?=[^\s:"']{1,64}:[^\s"']+$)/.exec(m.value);
  if (option === null) return null;
  return { start: m.start + option.index + option[0].length, end: m.end, score: m.pattern.score, validator: 'none' };
}

/**
 * The gate of 'labelled-secret': a label and its ":" or "=", read backwards from that sign (a
 * look-behind tried only at the few ":" and "=" of a text), or "<" and a label. Every match of
 * the pattern holds one or the other: a label, a quote, spaces and ":" or "=" (the YAML block's
 * ":" too), an Authorization header's name the same way, or an element's opening tag. The
 * pattern alone tries its label alternation at every position of every text holding a ":"
 * (1.8 CPU-us per tickets note; the gate 0.5, passing none of them). A look-behind reads each
 * label from its end, so the labels' grouping by first letter shares nothing there and every
 * label was tried at each sign. Every label ends with a letter, which a first look-behind asks
 * for, so a sign after anything else ("08:00:00", "1 = 2", "}:") tries none: the gate over the
 * strings of 1,000 tickets records 11.9k -> 10.4k instructions a record (callgrind); the labels
 * regrouped by last letter instead 10.4k. Since round 19 a password label's number may stand
 * between (`LABEL_NUMBER`): that look-behind also takes two letters and the number after them.
 */
const LABELLED_GATE = new RegExp(
  `[:=](?<=[a-z](?:[a-z]${LABEL_NUMBER})?["']?\\s*[:=])` +
    `(?<=(?:${SECRET_LABELS}|authori[sz]ation|${NUMBERED_LABELS}${LABEL_NUMBER})["']?\\s*[:=])` +
    `|<(?:[a-z][\\w.-]*:)?(?:${SECRET_LABELS})`,
  'iu',
);

/** Whitespace (space, tab, line break) at `at`. */
function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * The value of a labelled element, from its ">" at `open`: the whole text up to the closing tag
 * ("<password>correct horse</password>", a CDATA section's content, space around it trimmed);
 * the first word when no closing tag follows, since the element may be prose.
 */
function elementValue(text: string, open: number, matchEnd: number): [number, number] {
  let start = open;
  let end = matchEnd;
  if (text.startsWith('<![CDATA[', start)) start += 9;
  const closed = text.charCodeAt(matchEnd) === 60 && text.charCodeAt(matchEnd + 1) === 47;
  if (!closed) {
    end = start;
    while (end < matchEnd && !isSpaceCode(text.charCodeAt(end))) end++;
  } else if (text.startsWith(']]>', end - 3) && start > open) end -= 3;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/**
 * The span of a labelled secret's value in a 'labelled-secret' match: inside the element (see
 * `elementValue`), or after the ":" or "=" (and an Authorization scheme); null when too short,
 * or when an Authorization value with no scheme holds no digit ("Authorization: required").
 */
function labelledValue(m: PatternMatch): Refinement | null {
  let start: number;
  let end = m.end;
  let cut = false;
  const block = YAML_BLOCK.exec(m.value);
  if (block !== null) {
    start = m.start + block[0].length;
    while (end > start && isSpaceCode(m.text.charCodeAt(end - 1))) end--;
  } else if (m.value.charCodeAt(0) === 60) {
    [start, end] = elementValue(m.text, m.start + m.value.indexOf('>') + 1, m.end);
  } else {
    const auth = AUTH_LABEL.exec(m.value);
    if (auth !== null) {
      start = m.start + auth[0].length;
      // With no scheme or one not registered, the value needs a digit ("Authorization:
      // required", "Authorization: failed twice").
      const registered = auth[1] !== undefined && AUTH_SCHEMES.test(auth[1]);
      if (!registered && !/\d/.test(m.value.slice(auth[0].length))) return null;
      if (end - start < 8) return null;
    } else {
      const sep = /[:=]\s*(["']?)/.exec(m.value);
      if (sep === null) return null;
      start = m.start + sep.index + sep[0].length;
      // A quoted value ends before its closing quote.
      if (sep[1] !== '' && m.text[end - 1] === sep[1] && end - 1 > start) end--;
      else if (sep[1] === '') {
        end = queryParameterEnd(m.text, start, end);
        if (end === m.end) end = gluedLabelStart(m.text, start, end);
        cut = end < m.end;
        if (PHRASE_LABEL.test(m.value) && !cut) end = phraseEnd(m.text, start, end);
      }
      // A shell's or sudo's "PWD=/home/jdoe" is the working directory, no password.
      if (PATH_LABEL.test(m.value) && m.text.charCodeAt(start) === 47) return null;
    }
  }
  // Four characters at least, but for a value a connection string's ";" ends ("Pwd=abc;"): the
  // match holds that ";" (no look-ahead, so the pattern also compiles for RE2).
  if (m.text.charCodeAt(end - 1) === 59) end--;
  // So does a query string's next parameter ("password=abc&user=alice").
  const ended = (m.text.charCodeAt(end) === 59 || cut) && end > start;
  if ((end - start < 4 && !ended) || !fitsShortLabel(m, start, end)) return null;
  return { start, end, score: m.pattern.score, validator: 'none' };
}

/** A passphrase label: its value is words ("passphrase: correct horse battery staple"). */
const PHRASE_LABEL = /^passphrase/i;
/** "PWD" (or "pwd"), whole: a password's label in a connection string, a directory in a shell. */
const PATH_LABEL = /^pwd\s*=/i;
/** Longest passphrase read after its label, in characters. */
const MAX_PHRASE = 64;

/**
 * The end of an unquoted passphrase that starts at `start` and whose first word ends at `end`:
 * the rest of its line or sentence (up to a line break, ";", or a full stop or comma before a
 * space), at most `MAX_PHRASE` characters from its start, and never inside a word.
 */
function phraseEnd(text: string, start: number, end: number): number {
  const limit = Math.min(text.length, start + MAX_PHRASE);
  let last = end;
  for (let i = end; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13 || code === 59 || code === 34) break;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    if ((code === 46 || code === 44) && isSpaceCode(next)) break;
    if (!isSpaceCode(code) && (i + 1 === text.length || isSpaceCode(next) || next === 46 || next === 44 || next === 59)) {
      last = i + 1;
    }
  }
  // A phrase cut by the length limit ends before its last, cut word.
  return last;
}

/** A query string's next parameter after its "&" (or "&amp;" of HTML): a name and "=". */
const NEXT_PARAMETER = /(?:amp;)?[A-Za-z_][\w.[\]-]{0,63}=/y;

/**
 * The end of an unquoted labelled value in [start, end): its first "&" that a parameter follows
 * ("password=hunter2&user=alice", round 13: "&user=alice" was redacted with it). An "&" with no
 * "name=" after it is part of the value ("password=a&b"). One `indexOf` for most values.
 */
function queryParameterEnd(text: string, start: number, end: number): number {
  // Read within the value only: an `indexOf` from `start` ran on to the text's end when the value
  // held no "&", which made a text of many labels ("token: a" repeated) quadratic (round 19).
  for (let amp = start; amp < end; amp++) {
    if (text.charCodeAt(amp) !== 38) continue;
    NEXT_PARAMETER.lastIndex = amp + 1;
    const next = NEXT_PARAMETER.exec(text);
    // A parameter whose name may hold a secret stays inside the value: not every such name is a
    // label of this recognizer ("&token=…", "&passwd2=…" were left in clear by the first cut).
    if (next !== null && !SECRET_PARAMETER.test(next[0])) return amp;
  }
  return end;
}

/**
 * A secret label and its ":" or "=" at the end of a value, glued to it by ":", "&" or "|"
 * ("password: Sommer2024!:password: Hunter2!"): the value the label names follows a space, so
 * read as one word with the first value, it was left in clear (round 19's verification pass).
 * Only at the value's end: a label inside it is followed by more of the same word, which is
 * redacted with it, and a cut there would make the next match read the rest of the word again
 * (a long run of "password:a:" would be quadratic). The label is read from the value's last
 * `GLUED_LABEL_TAIL` characters only.
 */
const GLUED_LABEL = new RegExp(`[:&|](?:${SECRET_LABELS}|${NUMBERED_LABELS}${LABEL_NUMBER})[:=]$`, 'iu');
/** Longer than the longest label of one word and its sign ("secret_access_key_base:"). */
const GLUED_LABEL_TAIL = 40;

/**
 * The end of an unquoted labelled value in [start, end): before the ":", "&" or "|" of a secret
 * label glued to its end (`GLUED_LABEL`), else `end`. The label is left to the next match.
 */
function gluedLabelStart(text: string, start: number, end: number): number {
  const sign = text.charCodeAt(end - 1);
  if (sign !== 58 && sign !== 61) return end;
  const from = Math.max(start + 1, end - GLUED_LABEL_TAIL);
  const glued = GLUED_LABEL.exec(text.slice(from, end));
  return glued === null ? end : from + glued.index;
}

/** Parameter names that may hold a secret. */
const SECRET_PARAMETER = /token|key|secret|sig|auth|pass|pwd|session|code|otp|pin|hash|nonce|cred|cookie|jwt|bearer/i;

/** The digits of a 'card-security-code' match, when nothing is glued to them. */
function securityCode(m: PatternMatch): Refinement | null {
  let start = m.end;
  while (start > m.start && m.text.charCodeAt(start - 1) >= 48 && m.text.charCodeAt(start - 1) <= 57) start--;
  if (!standsAlone(m.text, start, m.end)) return null;
  const cid = (m.value.charCodeAt(1) | 32) === 105;
  if (cid && (!m.value.startsWith('CID') || m.end - start !== 4)) return null;
  return { start, end: m.end, score: m.pattern.score, validator: 'none' };
}

/** A YAML block scalar after a label ("private_key: |" and its indented lines): up to them. */
const YAML_BLOCK = /^[^:<]*:[ \t]*[|>][-+]?[ \t]*\r?\n[ \t]*/;

/** The label a 'labelled-secret' match starts with, lower-case ("pass" of '"pass":"…"'). */
const LABEL_WORD = /^<?(?:[a-z][\w.-]*:(?=[a-z]))?([^"'\s:=<>]+)/i;

/** Whether a labelled value of a short label (`SHORT_LABELS`) is its label's kind of value. */
function fitsShortLabel(m: PatternMatch, start: number, end: number): boolean {
  const label = (LABEL_WORD.exec(m.value)?.[1]?.toLowerCase() ?? '').replace(LABEL_NUMBER_END, '');
  if (!SHORT_LABELS.test(label)) return true;
  const first = m.value.charCodeAt(0) === 60 ? m.start : m.start - 1;
  if (first >= 0 && m.value.charCodeAt(0) !== 60 && isAlnumCode(m.text.charCodeAt(first))) return false;
  const value = m.text.slice(start, end);
  if (DIGIT_CODE_LABELS.test(label)) return DIGIT_CODE.test(value);
  // A bare "session" is also a count or a time of day ("session: 3", "session=morning"): only a
  // token's value, of eight characters or more with a digit or a capital after a small letter.
  if (label === 'session') return value.length >= 8 && TOKEN_LIKE.test(value);
  if (label === 'token') return isTokenValue(value);
  return !NOT_SECRETS.test(value);
}

/**
 * The user key of a connection string ("User ID=alice" of ADO.NET and ODBC, "Uid=", "User=",
 * "Username="), with its value up to the next ";", comma or space, and the ";" that separates
 * it from the key before or after it (so every match holds one: the `needsAll` gate).
 */
const USER_KEY = '(?:user ?id|user ?name|userid|uid|user|login)\\s*=\\s*(?:\\{[^}\\r\\n]{1,128}\\}|[^;\\s"\',{]{1,128})';
const CONNECTION_USER = `;\\s*${USER_KEY}|${USER_KEY} ?;`;

/**
 * A password key of a connection string ("Password=", "Pwd="), as a whole key; "PWD=/home/jdoe"
 * of a sudo log line is the working directory (round 13: its "USER=root" was a credential).
 */
const CONNECTION_PASSWORD = /(?:^|[;"'\s])(?:password|pwd)\s*=(?!\s*\/)/i;

/**
 * The span of the user name in a 'connection-user' match, or null when the key is glued to a
 * word before it ("AppUser=…") or the connection string around it names no password: a user
 * alone ("User=alice" in a form or a log line) is no credential, but next to its password in
 * one connection string it is half of the login, and was left in clear beside the redacted
 * password (round 12). The connection string is the line around the match, up to a quote.
 */
function connectionUser(m: PatternMatch): Refinement | null {
  const text = m.text;
  const before = m.start > 0 ? text.charCodeAt(m.start - 1) : 59;
  const keyFirst = m.value.charCodeAt(0) !== 59;
  const keyStarts = before === 59 || before === 34 || before === 39 || isSpaceCode(before);
  if (keyFirst && !keyStarts) return null;
  if (!namesPassword(text, m.start, m.end)) return null;
  let start = m.start + m.value.indexOf('=') + 1;
  while (isSpaceCode(text.charCodeAt(start))) start++;
  let end = m.end;
  while (text.charCodeAt(end - 1) === 59 || text.charCodeAt(end - 1) === 32) end--;
  return { start, end, score: m.pattern.score, validator: 'none' };
}

/**
 * The last connection string `namesPassword` read, and its answer: the matches of one text come
 * in order, so the users of one long string (or a hostile run of ";user=x") read it once, and
 * the refinement stays linear in the text.
 */
const lastString = { text: '', from: 0, to: 0, password: false };

/**
 * Whether the connection string holding [start, end) names a password: its line, cut at the
 * nearest quotes (a string quoted inside a longer line of code or configuration).
 */
function namesPassword(text: string, start: number, end: number): boolean {
  const last = lastString;
  if (text === last.text && start >= last.from && end <= last.to) return last.password;
  let from = start;
  while (from > 0 && !endsConnectionString(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && !endsConnectionString(text.charCodeAt(to))) to++;
  const password = CONNECTION_PASSWORD.test(text.slice(from, to));
  Object.assign(lastString, { text, from, to, password });
  return password;
}

/** A line break or a quote. */
function endsConnectionString(code: number): boolean {
  return code === 10 || code === 13 || code === 34 || code === 39;
}

export const credentialRecognizer = defineBuiltinRecognizer({
  name: 'credentials',
  entityType: 'CREDENTIAL',
  patterns: [
    // A `prefixGate`'s second argument: its prefix as the joined scan reads it, from its rarest
    // letter back (the prefixes' scan of the tickets notes 11.8k -> 8.3k instructions a note).
    { name: 'aws-access-key', needsAll: 'A', minRun: 20, regex: '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}', score: 0.95 },
    { name: 'google-api-key', needsAll: 'AIz', needsMatch: prefixGate(/AIza/, 'z(?<=AIz)a'), regex: 'AIza[0-9A-Za-z_\\-]{35,}', score: 0.95 },
    { name: 'github-token', needsAll: 'gh_', maxLength: 255, regex: 'gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}', score: 0.95 },
    { name: 'gitlab-token', needsAll: 'glpat-', needsMatch: prefixGate(/glpat-/, '-(?<=glpat-)'), regex: 'glpat-[A-Za-z0-9_\\-]{20,}', score: 0.95 },
    { name: 'slack-token', needsAll: 'xo-', needsMatch: prefixGate(/xox/, 'x(?<=xox)'), regex: 'xox[abposr]-[A-Za-z0-9\\-]{10,}', score: 0.95 },
    { name: 'stripe-key', needsAll: 'k_e', regex: '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}', score: 0.95 },
    { name: 'openai-key', needsAll: 'sk-', needsMatch: prefixGate(/sk-/, '-(?<=sk-)'), regex: 'sk-(?:proj-|ant-)?[A-Za-z0-9_\\-]{32,}', score: 0.9 },
    { name: 'twilio-key', needsAll: 'SK', minRun: 34, regex: 'SK[0-9a-f]{32,}', score: 0.6 },
    { name: 'sendgrid-key', needsAll: 'SG.', needsMatch: prefixGate(/SG\./, 'G(?<=SG)\\.'), regex: 'SG\\.[A-Za-z0-9_\\-]{22,}\\.[A-Za-z0-9_\\-]{43,}', score: 0.95 },
    {
      name: 'private-key',
      needsAll: '-BEGINPRVATKY ',
      regex: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\\s:,\\-]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----',
      score: 1,
    },
    { name: 'jwt', needsAll: 'eyJ.', needsMatch: prefixGate(/eyJ/, 'J(?<=eyJ)'), regex: 'eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*', score: 0.95 },
    {
      // The value after a label and ":" or "=", inside a labelled XML or HTML element
      // ("<password>hunter2</password>", also with a namespace prefix or attributes), or an HTTP
      // Authorization header's credentials after their scheme (RFC 9110 section 11.6.2:
      // "Authorization: Basic YWxpY2U6aHVudGVyMg==", a user and password in base64; "Bearer …").
      // One pattern, so one scan of the text.
      name: 'labelled-secret',
      needsAny: ':=>',
      needsMatch: LABELLED_GATE,
      // A value cut at a query string's "&" leaves the next parameter to be read ("…&token=…").
      rescan: true,
      regex:
        `(?i)<(?:[a-z][\\w.-]*:)?(?:${SECRET_LABELS})(?:\\s[^<>]*)?>(?:<!\\[CDATA\\[)?[^<]{4,512}` +
        // A YAML block scalar ("private_key: |") holds the value in the indented lines after the
        // label; one alternation of labels for both forms, so one scan for the labels.
        `|(?:${SECRET_LABELS}|${NUMBERED_LABELS}${LABEL_NUMBER})(?:["']?\\s*[:=]\\s*${LABEL_VALUE}` +
        `|["']?:[ \\t]*[|>][-+]?[ \\t]*\\r?\\n(?:[ \\t]+\\S[^\\r\\n]*(?:\\r?\\n|$))+)` +
        `|authori[sz]ation["']?\\s*[:=]\\s*["']?(?:${AUTH_SCHEME}\\s+)?${AUTH_VALUE}`,
      score: 0.85,
    },
    {
      // A card's security code after its label ("CVC 737", "cvv2: 123", round 12: left in
      // clear): three or four digits, a secret of the card that no one may store after
      // authorization (PCI DSS requirement 3.3.1.2). Amex's "CID" only in capitals, as its four
      // digits: "cid" is also a content or customer id.
      name: 'card-security-code',
      minDigits: 3,
      // German cards call it "Prüfziffer" or "Kartenprüfnummer" (round 13).
      needsMatch: jointGate(/cv[cnv]|csc|cid|pr(?:ü|ue)f(?:ziffer|nummer)/i),
      regex: '(?i)\\b(?:cv[cv]2?|cvn|csc|cid|(?:karten)?pr(?:ü|ue)f(?:ziffer|nummer))["\']?\\s*[:=#]?\\s*\\d{3,4}',
      score: 0.85,
    },
    {
      // The MySQL clients take the password glued to "-p" ("mysql -u root -pMyRootPass123",
      // round 12): the options after the command name, up to eight, then "-p" and the value
      // (lower case: "-P" is the port).
      name: 'mysql-password',
      needsAll: 'mysql-',
      needsMatch: prefixGate(/mysql/, 'q(?<=mysq)l'),
      regex: 'mysql(?:dump|admin|import|check|show)?(?:\\s+-[^\\s]*(?:\\s+[^\\s-][^\\s]*)?){0,8}?\\s+-p[^\\s"\';]{4,}',
      score: 0.85,
    },
    {
      // A password told in prose, a one-time code, "PIN 4821" (round 13: all left in clear).
      name: 'prose-secret',
      needsMatch: PROSE_GATE,
      regex: `(?i)${PROSE_SECRET}`,
      score: 0.85,
    },
    {
      // curl's user and password ("curl -u admin:hunter2 https://…", round 13: left in clear):
      // the options after "curl", up to eight, then "-u" or "--user" and "user:password".
      name: 'curl-user',
      needsAll: 'curl-',
      needsMatch: prefixGate(/curl/),
      regex: `curl(?:\\s+[^\\s]+){0,8}?\\s+(?:-u|--user)(?:\\s+|=)(?:"[^"\\n:]{1,64}:[^"\\n]{1,128}"|'[^'\\n:]{1,64}:[^'\\n]{1,128}'|["']?[^\\s:"']{1,64}:[^\\s"']{1,128})`,
      score: 0.85,
    },
    {
      // A connection string's user next to its password ("Server=db;User ID=alice;Password=…").
      name: 'connection-user',
      needsAll: ';=',
      regex: `(?i)${CONNECTION_USER}`,
      score: 0.85,
    },
  ],
  context: ['key', 'token', 'secret', 'password', 'credential', 'apikey'],
  refine: (m) => {
    if (m.pattern.name === 'labelled-secret') return labelledValue(m);
    if (m.pattern.name === 'connection-user') return connectionUser(m);
    if (m.pattern.name === 'card-security-code') return securityCode(m);
    if (m.pattern.name === 'prose-secret') return proseSecret(m);
    if (m.pattern.name === 'curl-user') return curlUser(m);
    if (m.pattern.name === 'mysql-password') {
      if (m.start > 0 && isAlnumCode(m.text.charCodeAt(m.start - 1))) return null;
      const start = m.start + m.value.lastIndexOf('-p') + 2;
      return { start, end: m.end, score: m.pattern.score, validator: 'none' };
    }
    // A key's documented prefix and format vouch for it as a validator does for a number: an
    // underscore, colon or slash next to it separates ("AKIA…:secret", "id_AKIA…").
    if (m.pattern.name !== 'private-key' && !standsAlone(m.text, m.start, m.end, 'separates')) {
      // Tokens are often glued to '=' or ':' ("Authorization: Bearer eyJ…" is fine; "key=AKIA…" too).
      const before = m.start > 0 ? m.text[m.start - 1]! : ' ';
      if (!'=:"\'`([{<'.includes(before)) return null;
    }
    return { start: m.start, end: m.end, score: m.pattern.score, validator: 'none', validated: true };
  },
});
