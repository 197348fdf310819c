/**
 * Secret labels missing until round 12 (break-it pass): short labels ("pass", "auth", "pin",
 * "otp"), more key and token names, session cookies, the word for password in other languages,
 * MySQL's "-p" option and a YAML block after the label. Each value was left in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('credential: more labels', () => {
  it.each([
    ['{"pass":"Tr0ub4dor&3"}', 'Tr0ub4dor&3'],
    ['pass: hunter22', 'hunter22'],
    ["smtp_pass: 'letmein2024'", 'letmein2024'],
    ['{"refresh_token":"abc.def.ghi"}', 'abc.def.ghi'],
    ['session_token=abcdef123456', 'abcdef123456'],
    ['credentials: s3cr3tvalue', 's3cr3tvalue'],
    ['master_key=abcd1234efgh', 'abcd1234efgh'],
    ['encryption_key: zzzz9999', 'zzzz9999'],
    ['SECRET_KEY_BASE=abcdef0123', 'abcdef0123'],
    ['auth=abcdef1234', 'abcdef1234'],
    ['Passwort: Geheim123', 'Geheim123'],
    ['mot de passe : Secret42', 'Secret42'],
    ['contraseña: Secreta99', 'Secreta99'],
    ['mysql -pMyRootPass123', 'MyRootPass123'],
    ['mysqldump -u root -h db.local -pMyRootPass123 shop', 'MyRootPass123'],
    ['mysql --password=MyRootPass123', 'MyRootPass123'],
    ['Cookie: sessionid=abc123def456; csrftoken=x', 'abc123def456'],
    ['Cookie: PHPSESSID=9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['private_key: |\n  MIIEvQIBADANBg\n  kqhkiG9w0BAQEF\nnext: 1', 'MIIEvQIBADANBg\n  kqhkiG9w0BAQEF'],
    ['pin: 4821', '4821'],
    ['otp=482193', '482193'],
  ])('%j', async (text, secret) => {
    const findings = analyzer.analyze(text);
    expect(typedSpans(analyzer, text)).toContainEqual(['CREDENTIAL', secret]);
    expect(await anonymizeText(text, findings)).not.toContain(secret);
  });

  it.each([
    'please pass the salt',
    'bypass: enabled',
    'compass=north1',
    'auth: required',
    'oauth=abcdef12',
    'pass: true',
    'the tests pass: 10/12',
    'pin: abcd',
    'spin=4821',
    'mysql -p',
  ])('no credential in %j', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'CREDENTIAL')).toEqual([]);
  });
});
