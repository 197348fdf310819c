/**
 * URL: a connection string that names a user is a URL whatever its host is called: a single
 * label (a container's or service's name, "localhost"), a private suffix, a list of hosts
 * (verify11, 2026-12-05). Before, the user and password of each row were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('url: a connection string with a user', () => {
  it.each([
    [
      'DATABASE_URL=postgres://admin:S3cretPass@db:5432/app',
      [['URL', 'postgres://admin:S3cretPass@db:5432/app']],
    ],
    ['REDIS_URL=redis://:S3cretPass@redis:6379/0', [['URL', 'redis://:S3cretPass@redis:6379/0']]],
    ['amqp://guest:guest@localhost:5672/', [['URL', 'amqp://guest:guest@localhost:5672/']]],
    [
      'mongodb://alice:pw@mongo1:27017,mongo2:27017/?replicaSet=rs0',
      [['URL', 'mongodb://alice:pw@mongo1:27017,mongo2:27017/?replicaSet=rs0']],
    ],
    // No user: a local address stays no URL, as before; a malformed user part neither.
    ['http://localhost:8080/status', []],
    ['see http://a:b:c@host/x', []],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves neither user nor password in the anonymized text', async () => {
    const text = 'db postgres://admin:S3cretPass@db.internal:5432/app ok';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe('db [REDACTED URL] ok');
  });
});
