/**
 * Credentials: the user of a connection string that names a password is half of the login
 * (round 12). ADO.NET's and ODBC's "User ID=alice", "Uid=", "User=" were left in clear beside
 * their redacted password.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer({ entities: ['CREDENTIAL'] });

const credentials = (text: string): string[] =>
  analyzer.analyze(text).map((f) => text.slice(f.start, f.end));

describe('credentials: the user of a connection string with a password', () => {
  it.each([
    ['Server=db1;Database=app;User ID=alice;Password=hunter22;', ['alice', 'hunter22']],
    ['Driver={ODBC Driver 18};Server=db1;Uid=alice;Pwd=hunter22', ['alice', 'hunter22']],
    ['Host=db1;User=alice;Password=hunter22', ['alice', 'hunter22']],
    ['Password=hunter22;User Id=bob', ['hunter22', 'bob']],
    ['conn "Data Source=db;UserID=sa;Password=p4ssw0rd;" ok', ['sa', 'p4ssw0rd']],
    ['uid = alice ; pwd = hunter22', ['alice', 'hunter22']],
    // ODBC's braces quote a value holding ";" (round 12: "word}" and "app}" were left), and a
    // short password ended by the ";" of the string ("abc" was left).
    ['Server=db01;User ID=admin@db01;Password={p@ss;word};', ['admin@db01', '{p@ss;word}']],
    ['Server=db01;User ID={svc;app};Password=abc;', ['{svc;app}', 'abc']],
    ['Server=db01;User ID=admin;Password=abc;', ['admin', 'abc']],
  ])('%j', (text, expected) => {
    expect(credentials(text)).toEqual(expected);
  });

  it.each([
    // No password in the same connection string: a user alone is no credential.
    'User=alice;Database=app',
    'User ID=alice;Database=app\nPassword=hunter22',
    // A key that only ends in "user".
    'AppUser=bob;Timeout=30',
  ])('leaves %j without a user credential', (text) => {
    expect(credentials(text)).not.toContain('alice');
    expect(credentials(text)).not.toContain('bob');
  });

  it('leaves neither the user nor the password in the anonymized text', async () => {
    const text = 'Server=db1;User ID=alice;Password=hunter22;';
    const out = await anonymizeText(text, analyzer.analyze(text));
    expect(out).not.toContain('alice');
    expect(out).not.toContain('hunter22');
  });
});
