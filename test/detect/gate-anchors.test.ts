/**
 * Gates anchored on a rare character: each answers as the plain expression it replaced (or, for
 * a gate that is new, passes every text its pattern matches) on random texts made of the
 * pieces of their matches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PatternRecognizer, type PatternSpec } from '../../src/detect/pattern-recognizer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { credentialRecognizer } from '../../src/detect/recognizers/credentials.js';
import { dateTimeRecognizer } from '../../src/detect/recognizers/date-time.js';

function textOf(units: readonly string[], maxLength = 40) {
  return fc.array(fc.constantFrom(...units), { maxLength }).map((parts) => parts.join(''));
}

/**
 * Checks that `gate` and `plain` agree on `numRuns` texts, a tenth of which `plain` passes;
 * `lead` goes before each text (a long one takes a joint gate through its joined scan).
 */
function sameAnswers(gate: RegExp, plain: RegExp, units: readonly string[], lead = ''): void {
  let passed = 0;
  fc.assert(
    fc.property(textOf(units, 12).map((text) => lead + text), (text) => {
      const expected = plain.test(text);
      if (expected) passed++;
      expect(gate.test(text)).toBe(expected);
    }),
    { numRuns: 20000 },
  );
  expect(passed).toBeGreaterThan(1000);
}

function pattern(patterns: readonly PatternSpec[], name: string): PatternSpec {
  return patterns.find((p) => p.name === name)!;
}

describe('gates anchored on a rare character answer as the plain expressions', () => {
  it('prose-secret: the verb read first, the label behind it', () => {
    const gate = pattern(credentialRecognizer.patterns, 'prose-secret').needsMatch!;
    const plain =
      /(?:wor[dt]|phrase|code|pw|pin|passe|[ñn]a|passwd)\s+(?:is|was|has|ist|lautet|est|es|era|è|é|(?:re)?set\s+to|changed\s+to)[\s:]|pin\s+\d/i;
    const units = [
      ' ', ':', '1', 'x', 'wor', 'd', 't', 'pass', 'word ', 'pin ', 'PIN', 'code ', 'ña ', 'NA', 'pw ', 'passe ',
      'phrase', 'is', 'IS ', 'was ', 'has:', 'ist', 'lautet ', 'est', 'es', 'era ', 'è', 'É ', 'set to', 're', ' to ',
      'changed to:', 'set', '  ', '\n', '\t', 'set\nto',
    ];
    sameAnswers(gate, plain, units);
    // Long texts go through the joined scan, which reads the labels first (`joinedAs`).
    sameAnswers(gate, plain, units, `${'x'.repeat(128)} `);
  });

  it('a joint gate copied by split or matchAll is a plain expression', () => {
    const gate = pattern(credentialRecognizer.patterns, 'prose-secret').needsMatch!;
    const text = 'a pin 1234 b PIN  5678 c';
    const plain = new RegExp(gate.source, gate.flags);
    expect(text.split(plain)).toHaveLength(3);
    expect(text.split(gate)).toEqual(text.split(plain));
    expect([...text.matchAll(new RegExp(gate, 'gi'))].length).toBe(2);
  });

  it('year-first dates: the digit after the separator read before the four behind it', () => {
    const gate = pattern(dateTimeRecognizer.patterns, 'year-first').needsMatch!;
    const plain = /[/.](?<=\d{4}.)\d{1,2}[/.]\d|-(?<=\d{4}-)(?:\d-\d|\d\d-\d(?!\d))/;
    const units = ['1234', '12', '1', '/', '.', '-', 'a', ' ', '2024-1-', '2024/', '\n'];
    sameAnswers(gate, plain, units);
  });

  it('labelled-secret: the label behind its ":" or "=", or after "<"', () => {
    const p = pattern(credentialRecognizer.patterns, 'labelled-secret');
    const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), 'iu');
    const units = [
      ' ', '\t', '\n', ':', '=', '"', "'", '<', '>', '/', '|', 'x', 'ab', 'hunter2', 'Password', 'pwd', 'PASS',
      'api key', 'api_key', 'secret', 'session', 'Authorization', 'authorisation', 'Basic', 'ns:', 'ſecret',
      'ſession', 'mot de passe', 'contraseña', '<![CDATA[', ';',
    ];
    let passed = 0;
    fc.assert(
      fc.property(textOf(units), (text) => {
        if (full.test(text)) {
          passed++;
          expect(p.needsMatch!.test(text)).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
    expect(passed).toBeGreaterThan(1000);
  });
});

describe('the labelled-secret gate asks for a letter (and a label\'s number) before its sign first', () => {
  it('answers as its one look-behind over the labels', () => {
    const gate = pattern(credentialRecognizer.patterns, 'labelled-secret').needsMatch!;
    const letterFirst = '(?<=[a-z](?:[a-z][_-]?\\d\\d?)?["\']?\\s*[:=])';
    expect(gate.source).toContain(letterFirst);
    const plain = new RegExp(gate.source.replace(letterFirst, ''), gate.flags);
    // Every label (its last letter is what the first look-behind reads), its case and
    // case-folding look-alikes, and what may stand between it and the sign or before it.
    const units = [
      'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'api-key', 'access token',
      'auth_token', 'client secret', 'accountkey', 'secret_access_key', 'secret-key-base',
      'private key', 'master key', 'encryption_key', 'signing key', 'refresh token',
      'session token', 'credential', 'CREDENTIALS', 'session id', 'sessionkey', 'phpsessid',
      'jsessionid', 'asp.net_sessionid', 'connect.sid', 'passwort', 'kennwort', 'mot de passe',
      'contraseña', 'CONTRASEÑA', 'senha', 'pass', 'paſſ', 'auth', 'pin', 'otp', 'pw', 'PW',
      'session', 'one time code', 'one-time-password', 'verification code',
      'password di accesso', 'authorization', 'Authorisation', 'api\u212aey', ':', '=', '：',
      '＝', '"', "'", ' ', '\t', '\n', '1', '０', 'x', 'é', '<', '_', '08:00:00',
      // Round 19: a bare "token", and a label's number ("pwd1", "pass_12").
      'token', 'TOKEN', '2', '12', '-', '_1', 'pwd1', 'PASS_12', 'pw-3',
    ];
    sameAnswers(gate, plain, units);
  });
});

describe('joint gates answer as their own expressions', () => {
  const gates = [
    ...new Set(
      patternRecognizers
        .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
        .flatMap((r) => r.patterns.flatMap((p) => p.needsMatch ?? [])),
    ),
  ]
    .filter((gate) => Object.getPrototypeOf(gate) !== RegExp.prototype)
    // The IPv6 colon gate answers with `indexOf`, not through a joined scan (ipv6-colon-gate.test.ts).
    .filter((gate) => gate.constructor.name !== 'Ipv6ColonGate');

  it('joins the gates that most notes reach and fail, and the literal prefixes apart', () => {
    expect(gates.length).toBe(21);
  });

  it('passes a text exactly when its own expression does, asked one after another', () => {
    const own = gates.map((gate) => new RegExp(gate.source, gate.flags));
    const units = [
      ' ', '-', ':', '.', '/', '_', '@', '[', '1', '2024', '12', '0A', 'fF', 'T', 't', '2A', '2b ', '123', 'pass',
      'PASSPORT', 'Licence', 'cvv', 'CSC', 'prüf', 'ziffer', 'password is ', 'pin 1', 'localhost', 'é', 'ſ',
      'AIza', 'aiza', 'glpat-', 'xox', 'XOX', 'sk-', 'SK-', 'risk-', 'SG.', 'sg.', 'eyJ', 'EYJ', 'mysql', 'MySQL',
      'curl', 'www.', 'WwW.', 'Apt.', 'Apartment', 'Suite', 'suite', 'Ste.', 'Unit', 'UNIT', ' 4',
    ];
    let passed = 0;
    fc.assert(
      fc.property(textOf(units, 16), fc.nat(), (piece, order) => {
        // Short texts are tested by each gate alone, long ones through the joined scan.
        for (const text of [piece, `${'x'.repeat(128)} ${piece}`]) {
          // The joined answer is kept per text: ask the gates in another order each time.
          for (let k = 0; k < gates.length; k++) {
            const i = (k + order) % gates.length;
            const expected = own[i]!.test(text);
            if (expected) passed++;
            expect(gates[i]!.test(text)).toBe(expected);
          }
        }
      }),
      { numRuns: 10000 },
    );
    expect(passed).toBeGreaterThan(2000);
  });
});

describe('the literal-prefix gates pass every text their patterns match', () => {
  const named = new Map(
    patternRecognizers
      .filter((r): r is PatternRecognizer => r instanceof PatternRecognizer)
      .flatMap((r) => r.patterns.map((p) => [p.name, p] as const)),
  );
  const token = ['abcdefghij', 'KLMNOPQRST', '0123456789', 'uvwxyz_-AB', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR', '-', '_'];
  const near = [' ', '.', ':', '"', 'a', 'Z', '1'];
  // Per pattern: pieces of its matches, look-alikes of its prefix, and what may stand around.
  const pieces: Record<string, readonly string[]> = {
    'google-api-key': ['AIza', 'aIza', 'AIZa', ...token, ...near],
    'gitlab-token': ['glpat-', 'glpat', 'GLPAT-', ...token, ...near],
    'slack-token': ['xoxb-', 'xoxp-', 'xoxq-', 'XOXB-', 'xo', 'xb-', ...token, ...near],
    'openai-key': ['sk-', 'sk-proj-', 'sk-ant-', 'SK-', 's-k', ...token, ...near],
    'sendgrid-key': ['SG.', 'sg.', 'SG', '.', 'SG.abcdefghijklmnopqrstuvwxyz', '.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ', ...token, ...near],
    jwt: ['eyJ', 'eyj', 'EYJ', '.', '.eyJ', 'eyJhbGciOiJI', '.eyJzdWIiOiIx.', ...token, ...near],
    'mysql-password': ['mysql', 'mysqldump', 'MySQL', ' -u', ' root', ' -p', ' -P', 'Secret1', ' -h', ' db', '\n', ...near],
    'curl-user': ['curl', 'CURL', ' -u', ' --user', '=', ' ', 'admin:hunter2', ' -u admin:hunter2', ' --user="a:b c"', " 'u:p'", ' -X', ' POST', ...near],
    www: ['www.', 'WWW.', 'wWw.', 'ww.', 'example', '.com', '/path', ...near],
    unit: ['Apt.', 'Apt', 'Apartment', 'Suite', 'suite', 'Ste.', 'Unit', 'UNIT', ' ', '4', '12', ...near],
  };

  it.each(Object.keys(pieces))('%s', (name) => {
    const p = named.get(name)!;
    const insensitive = p.regex.startsWith('(?i)');
    const full = new RegExp(p.regex.replace(/^\(\?i\)/, ''), insensitive ? 'iu' : 'u');
    const gate = p.needsMatch!;
    let matched = 0;
    fc.assert(
      fc.property(textOf(pieces[name]!, 24), (piece) => {
        for (const text of [piece, `${'x '.repeat(64)}${piece}`]) {
          if (full.test(text)) {
            matched++;
            expect(gate.test(text)).toBe(true);
          }
        }
      }),
      { numRuns: 5000 },
    );
    expect(matched).toBeGreaterThan(50);
  });
});
