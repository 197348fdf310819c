/**
 * Credentials: a quoted labelled value runs to its closing quote, an Authorization header
 * with a scheme word outside the registered ones gives the value after it when that holds a
 * digit, and a scheme's list of parameters is one credential (verify11, 2026-12-05). Before, all
 * but the first word of the quoted value, the whole value after an unregistered scheme, and
 * every parameter of Digest's list but the first name were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('credential: quoted values and any Authorization scheme', () => {
  it.each([
    ['password: "correct horse battery"', [['CREDENTIAL', 'correct horse battery']]],
    ["password='my pass phrase' ok", [['CREDENTIAL', 'my pass phrase']]],
    ['password="hunter2"', [['CREDENTIAL', 'hunter2']]],
    ['password: hunter2 was reset', [['CREDENTIAL', 'hunter2']]],
    ['Authorization: ApiKey abcdef123456', [['CREDENTIAL', 'abcdef123456']]],
    ['Authorization: SSWS 00QCjAl4MlV-WPXM2kTqFxz', [['CREDENTIAL', '00QCjAl4MlV-WPXM2kTqFxz']]],
    // Digest's parameters and AWS's are one credential (the user, nonce and signature too).
    [
      'Authorization: Digest username="alice", realm="x", response="6629fae4"',
      [['CREDENTIAL', 'username="alice", realm="x", response="6629fae4"']],
    ],
    [
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20130524, Signature=fe5f80f7',
      [['CREDENTIAL', 'Credential=AKIDEXAMPLE/20130524, Signature=fe5f80f7']],
    ],
    // An unregistered word and no digit: prose about authorization.
    ['Authorization: required for admin users', []],
    ['Authorization: failed 3 times', []],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves no word of a quoted password in the anonymized JSON', async () => {
    const text = '{"password": "correct horse", "note": "ok"}';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      '{"password": "[REDACTED CREDENTIAL]", "note": "ok"}',
    );
  });
});
