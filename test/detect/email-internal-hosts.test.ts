import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { getValidator } from '../../src/detect/validators/index.js';
import { isEmailInText, isInternalDomain } from '../../src/detect/validators/email.js';

const analyzer = createAnalyzer();

function spans(text: string): [string, string][] {
  return analyzer.analyze(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}

describe('e-mail addresses at hosts of a private network', () => {
  it.each([
    'mary.jones@host.local',
    'john@corp.internal',
    'john@mycompany.corp',
    'john@localhost',
    'JOHN@LOCALHOST',
    'john@localhost.localdomain',
    'john.smith@10.0.0.1',
    'john@foo.localhost',
    'john@[127.0.0.1]',
    'john@[IPv6:::1]',
    'john@[IPv6:2001:db8::1]',
    'ops@build.lan',
    'ann@nas.home',
    'ann@wiki.intranet',
    'ann@vault.private',
    'ann@qa.test',
    'ann@mail.example',
    'ann@x.invalid',
  ])('reports %s whole, as one e-mail address', (address) => {
    const text = `Ticket 12: sent by ${address}, please check.`;
    expect(spans(text)).toContainEqual(['EMAIL_ADDRESS', address]);
    expect(spans(text).filter(([type]) => type !== 'EMAIL_ADDRESS')).toEqual([]);
  });

  it.each([
    ['git@github', 'a single-label host other than localhost'],
    ['user@host', 'a placeholder'],
    ['john@localhostx', 'localhost continued'],
    ['john@10.0.0.999', 'a dotted quad that is no IPv4 address'],
    ['john@[10.0.0.999]', 'an address literal that is no IPv4 address'],
    ['john@[IPv6:zz::1]', 'an IPv6 literal that is no IPv6 address'],
    ['file@2x.png', 'an unknown last label'],
  ])('does not report %s (%s)', (value) => {
    expect(spans(`push to ${value} now`).filter(([type]) => type === 'EMAIL_ADDRESS')).toEqual([]);
  });

  it('drops a sentence full stop after the host', () => {
    expect(spans('Write to john@localhost.')).toEqual([['EMAIL_ADDRESS', 'john@localhost']]);
    expect(spans('Write to john.smith@10.0.0.1.')).toEqual([['EMAIL_ADDRESS', 'john.smith@10.0.0.1']]);
  });

  it('keeps the local-part rules for internal hosts', () => {
    expect(isEmailInText('a..b@host.local')).toBe(false);
    expect(isEmailInText('"a b"@host.local')).toBe(true);
    expect(isEmailInText(`${'a'.repeat(65)}@host.local`)).toBe(false);
    expect(isInternalDomain('bad_label.local')).toBe(false);
    expect(isInternalDomain('-x.local')).toBe(false);
  });

  it("leaves the validator table strict, as validator.js's isEmail is by default", () => {
    const validate = getValidator('EMAIL_ADDRESS');
    expect(validate?.('john@example.com')).toBe(true);
    for (const value of ['john@localhost', 'john@10.0.0.1', 'john@[127.0.0.1]', 'john@corp.internal']) {
      expect(validate?.(value)).toBe(false);
    }
  });
});
