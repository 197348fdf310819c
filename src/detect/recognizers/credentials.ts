/**
 * CREDENTIAL: secrets that must never leave a dataset: cloud and service API keys with a
 * documented prefix (AWS, Google, GitHub, GitLab, Slack, Stripe, OpenAI, Twilio, SendGrid),
 * private key blocks (PEM), JSON Web Tokens, the value after a "password:" style label (or inside
 * a "<password>" element), and the credentials of an HTTP Authorization header.
 * The label pattern reports only the value, not the label. Every pattern is gated on the
 * characters of its fixed prefix (`needsAll`), which few texts hold all of.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { byFirstLetter } from './alternation.js';
import { standsAlone } from './boundary.js';

const SECRET_LABELS = byFirstLetter([
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'api[_ -]?key', 'access[_ -]?token',
  'auth[_ -]?token', 'client[_ -]?secret', 'accountkey',
  // AWS's "aws_secret_access_key = …" (its credentials file and environment), "secret_key",
  // "private_key": the label runs on past "secret" before its "=".
  'secret[_ -]?(?:access[_ -]?)?key', 'private[_ -]?key',
]);

/**
 * For the patterns that report only the value after a label: what ends the label (and, for an
 * Authorization header, its scheme word).
 */
const LABEL_END: Readonly<Record<string, RegExp>> = {
  'labelled-secret': /[:=]\s*["']?/,
  'element-secret': />/,
  authorization: /[:=]\s*["']?((?:basic|bearer|token|digest|negotiate)\s+)?/i,
};

export const credentialRecognizer = defineBuiltinRecognizer({
  name: 'credentials',
  entityType: 'CREDENTIAL',
  patterns: [
    { name: 'aws-access-key', needsAll: 'A', minRun: 20, regex: '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}', score: 0.95 },
    { name: 'google-api-key', needsAll: 'AIz', regex: 'AIza[0-9A-Za-z_\\-]{35,}', score: 0.95 },
    { name: 'github-token', needsAll: 'gh_', maxLength: 255, regex: 'gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}', score: 0.95 },
    { name: 'gitlab-token', needsAll: 'glpat-', regex: 'glpat-[A-Za-z0-9_\\-]{20,}', score: 0.95 },
    { name: 'slack-token', needsAll: 'xo-', regex: 'xox[abposr]-[A-Za-z0-9\\-]{10,}', score: 0.95 },
    { name: 'stripe-key', needsAll: 'k_e', regex: '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}', score: 0.95 },
    { name: 'openai-key', needsAll: 'sk-', regex: 'sk-(?:proj-|ant-)?[A-Za-z0-9_\\-]{32,}', score: 0.9 },
    { name: 'twilio-key', needsAll: 'SK', minRun: 34, regex: 'SK[0-9a-f]{32,}', score: 0.6 },
    { name: 'sendgrid-key', needsAll: 'SG.', regex: 'SG\\.[A-Za-z0-9_\\-]{22,}\\.[A-Za-z0-9_\\-]{43,}', score: 0.95 },
    {
      name: 'private-key',
      needsAll: '-BEGINPRVATKY ',
      regex: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\\s:,\\-]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----',
      score: 1,
    },
    { name: 'jwt', needsAll: 'eyJ.', regex: 'eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*', score: 0.95 },
    {
      name: 'labelled-secret',
      needsAny: ':=',
      regex:
        `(?i)(?:${SECRET_LABELS})["']?\\s*[:=]\\s*["']?[^\\s"',;]{4,}`,
      score: 0.85,
    },
    {
      // The same labels as XML or HTML elements: "<password>hunter2</password>".
      name: 'element-secret',
      needsAll: '<>',
      regex: `(?i)<(?:${SECRET_LABELS})>[^<\\s]{4,256}`,
      score: 0.85,
    },
    {
      // An HTTP Authorization header's credentials (RFC 9110 section 11.6.2), after its scheme:
      // "Authorization: Basic YWxpY2U6aHVudGVyMg==" (a user and password in base64), "Bearer …".
      name: 'authorization',
      needsAny: ':=',
      regex: `(?i)authori[sz]ation["']?\\s*[:=]\\s*["']?(?:(?:basic|bearer|token|digest|negotiate)\\s+)?[A-Za-z0-9._~+/\\-]{8,}=*`,
      score: 0.9,
    },
  ],
  context: ['key', 'token', 'secret', 'password', 'credential', 'apikey'],
  refine: (m) => {
    const label = LABEL_END[m.pattern.name];
    if (label !== undefined) {
      const sep = label.exec(m.value);
      if (sep === null) return null;
      const start = m.start + sep.index + sep[0].length;
      if (start >= m.end) return null;
      // Without a scheme word, an Authorization value is a token only when it holds a digit:
      // "Authorization: required" is prose.
      if (m.pattern.name === 'authorization' && sep[1] === undefined && !/\d/.test(m.text.slice(start, m.end))) {
        return null;
      }
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
