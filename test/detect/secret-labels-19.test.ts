/**
 * Secret labels found missing by round 18's verification pass: a bare "token" label, and a
 * password label with a number after it ("pwd1:", "password2=", "pass_1:"; the password words
 * only, see `NUMBERED_LABELS`). Each value was left
 * in clear; prose after a "token" label must stay.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('credential: bare token label and numbered labels', () => {
  it.each([
    ['token: 9f8e7d6c5b4a3f2e1d0c', '9f8e7d6c5b4a3f2e1d0c'],
    ['token=ghx_abcDEF123456789', 'ghx_abcDEF123456789'],
    ['Token: aBcDeFgHiJkL', 'aBcDeFgHiJkL'],
    ['{"token":"9f8e7d6c5b4a3f2e1d0c"}', '9f8e7d6c5b4a3f2e1d0c'],
    ["token = 'dGhpcyBpcyBhIHRva2Vu1=='", 'dGhpcyBpcyBhIHRva2Vu1=='],
    ['csrf_token: abc123def456', 'abc123def456'],
    ['https://x.example/cb?token=abcDEF123456&state=ok', 'abcDEF123456'],
    ['pwd1: Sommer2024!', 'Sommer2024!'],
    ['password2=Hunter22', 'Hunter22'],
    ['pass_1: Winter2023', 'Winter2023'],
    ['PASSWORD_12: "correct horse"', 'correct horse'],
    ['pw-2=Tr0ub4dor', 'Tr0ub4dor'],
    ['"passwd_12": "letmein2024"', 'letmein2024'],
  ])('%j', (text, secret) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'CREDENTIAL')).toEqual([
      ['CREDENTIAL', secret],
    ]);
  });

  it.each([
    'token: none',
    'token: expired',
    'token: invalid',
    'the token: see below',
    'token: <redacted>',
    'token: [REDACTED]',
    'token: YOUR_TOKEN_HERE',
    'token: 12345678',
    'token: abc123',
    'token: ********',
    'the CSRF token was missing from the form',
    'CSRF token: missing',
    'please send the token: it is in the vault',
    'mytoken: 9f8e7d6c5b4a3f2e1d0c',
    'tokens: 4096',
    'max_token: 40960000',
    'pass1: true',
    'pass1: none',
    'oauth2: abcdef123',
  ])('no credential in %j', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'CREDENTIAL')).toEqual([]);
  });
});
