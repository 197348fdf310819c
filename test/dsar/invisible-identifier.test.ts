/**
 * dsar identifiers: a value with no visible character (zero-width space, joiners, word joiner,
 * BOM, soft hyphen, U+180E) is as blank as white space: refused when a request is filed, and a
 * record whose identifier field is like that is never matched by an erasure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleFulfil } from '../../src/dsar/queue.js';
import {
  identifierProblem,
  isBlankText,
  type DataSubjectRequest,
} from '../../src/dsar/request.js';
import { openStore, openSubDatabase } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';
import { runVeil } from '../queue/helpers/cli.js';
import { cliEnv, closeRegistries, openRegistry, verifiedRequest } from './helpers/registry.js';

const SUBJECT = 'ana.lima@example.org';
const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u180e',
  '\u00ad',
  ' \u200b ',
  '\u200b\u200d\ufeff',
  '\t\u2060\n',
];

afterEach(closeRegistries);

describe('dsar identifiers with no visible character', () => {
  it('isBlankText and identifierProblem treat them as blank, and keep visible values', () => {
    for (const value of INVISIBLE) {
      expect(isBlankText(value), JSON.stringify(value)).toBe(true);
      expect(identifierProblem(value)).toMatch(/^expected a non-empty string/);
    }
    for (const value of [SUBJECT, 'a\u200b', '\u00e9', '0', '\u4e2d']) {
      expect(isBlankText(value), JSON.stringify(value)).toBe(false);
      expect(identifierProblem(value)).toBeUndefined();
    }
  });

  it('the library refuses them, naming the key only', async () => {
    const { dsar } = openRegistry('veil-dsar-invisible-');
    for (const value of INVISIBLE) {
      const refused = dsar.createDataSubjectRequest({
        requestType: 'erasure',
        jurisdiction: 'GDPR',
        identifiers: { email: value },
      });
      await expect(refused).rejects.toMatchObject({
        code: 'VEIL_DSAR_INPUT',
        message:
          'identifiers.email: expected a non-empty string ' +
          '(it is empty or only whitespace or invisible characters)',
      });
    }
    expect(dsar.listRequests()).toEqual([]);
  });

  it('veil dsar create refuses --id email=<U+200B> with exit 2', async () => {
    const dir = tempDir('veil-dsar-invisible-cli-');
    const env = cliEnv(dir);
    for (const id of ['email=\u200b', 'email=\u180e', 'email= \ufeff ']) {
      const args = ['dsar', 'create', 'erasure', '--jurisdiction', 'GDPR', '--id', id];
      const refused = await runVeil(args, env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--id email: expected a non-empty string');
    }
    expect((await runVeil(['dsar', 'list'], env)).stdout.trim()).toBe('');
  });

  it('an erasure never erases a record whose identifier field is invisible', async () => {
    const fixture = openRegistry('veil-dsar-invisible-');
    const file = path.join(fixture.dir, 'customers.ndjson');
    const lines = [
      `{"id":1,"email":"\\u200b"}`,
      `{"id":2,"email":"\\ufeff\\u2060"}`,
      `{"id":3,"email":"${SUBJECT}"}`,
      `{"id":4,"email":"\\u00ad"}`,
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    await fixture.registry.register({
      name: 'customers',
      path: file,
      format: 'ndjson',
      identifiers: [{ field: 'email', identifier: 'email' }],
    });
    const { job } = await verifiedRequest(fixture, 'erasure', SUBJECT);
    expect(await handleFulfil(job)).toEqual({ erased: [{ dataset: 'customers', records: 1 }] });
    const ids = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: number }).id);
    expect(ids).toEqual([1, 2, 4]);

    // A request stored with a zero-width identifier (an older store, or an edit) erases nothing.
    const second = await verifiedRequest(fixture, 'erasure', SUBJECT);
    const requests = openSubDatabase<DataSubjectRequest, string>(
      openStore(fixture.storePath),
      'dsar-requests',
    );
    await requests.put(second.id, {
      ...requests.get(second.id)!,
      identifiers: { email: '\u200b' },
    });
    const before = readFileSync(file, 'utf8');
    const failure = (await handleFulfil(second.job).catch((e: unknown) => e)) as Error;
    expect(failure.message).toContain('identifiers.email: expected a non-empty string');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
