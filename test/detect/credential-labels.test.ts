/**
 * Secrets after a label (break-it pass, 2026-12-05, det10). AWS's credentials file and
 * environment write "aws_secret_access_key = …": the label ran on past "secret" before its "=",
 * so the key was left in clear. A JSON document logged as a string writes its quotes as '\"':
 * '{\"password\":\"…\"}' left the password in clear (the readable view now reads '\"' as '"').
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer({});

describe('the value after a secret label is a credential', () => {
  it.each([
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['SECRET_KEY=django-insecure-0123456789', 'django-insecure-0123456789'],
    ['private_key: abcdef0123456789', 'abcdef0123456789'],
    ['log {\\"user\\":\\"x\\",\\"password\\":\\"hunter2\\"}', 'hunter2'],
    ['password=hunter2', 'hunter2'],
  ])('%j', async (text, secret) => {
    const findings = analyzer.analyze(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end)])).toContainEqual(['CREDENTIAL', secret]);
    expect(await anonymizeText(text, findings)).not.toContain(secret);
  });
});
