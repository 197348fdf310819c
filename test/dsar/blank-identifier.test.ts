/**
 * dsar identifiers: a value that is empty once trimmed is refused wherever a request is filed
 * (library, CLI) and wherever one is fulfilled (queue job, fulfil functions), and a record whose
 * identifier field is empty or blank is never matched, so an erasure cannot delete it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { handleFulfil } from '../../src/dsar/queue.js';
import { rewriteSubjectData } from '../../src/dsar/fulfil.js';
import type { DataSubjectRequest } from '../../src/dsar/request.js';
import { openStore, openSubDatabase } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';
import { runVeil } from '../queue/helpers/cli.js';
import { cliEnv, closeRegistries, openRegistry, verifiedRequest } from './helpers/registry.js';

const SUBJECT = 'ana.lima@example.org';
const BLANKS = [' ', '   ', '\t', '\n', ' \t\r\n '];

afterEach(closeRegistries);

function customers(dir: string): string {
  const file = path.join(dir, 'customers.ndjson');
  writeFileSync(
    file,
    [
      `{"id":1,"email":""}`,
      `{"id":2,"email":"   "}`,
      `{"id":3,"email":"${SUBJECT}"}`,
      `{"id":4,"email":"bo@example.com"}`,
    ].join('\n') + '\n',
  );
  return file;
}

it('the library refuses identifiers and a subject id that are blank, naming the key only', async () => {
  const { dsar } = openRegistry('veil-dsar-blank-');
  for (const blank of BLANKS) {
    const refused = dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: blank } });
    await expect(refused).rejects.toMatchObject({
      code: 'VEIL_DSAR_INPUT',
      message: 'identifiers.email: expected a non-empty string (it is empty or only whitespace or invisible characters)',
    });
    await expect(dsar.createDataSubjectRequest({ requestType: 'access', jurisdiction: 'CCPA', subjectId: blank })).rejects.toThrow(/^subjectId: expected a non-empty string/);
  }
  // One blank identifier among good ones is refused too; nothing is stored.
  await expect(
    dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT, phone: ' ' } }),
  ).rejects.toThrow('identifiers.phone: expected a non-empty string');
  expect(dsar.listRequests()).toEqual([]);
  // Surrounding spaces around a real value are still accepted (matching trims).
  await expect(dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: ` ${SUBJECT} ` } })).resolves.toMatchObject({
    state: 'received',
  });
});

it('veil dsar create refuses a blank --id with exit 2, naming the identifier, not the value', async () => {
  const dir = tempDir('veil-dsar-blank-cli-');
  const env = cliEnv(dir);
  for (const id of ['email= ', 'email=\t', 'email=']) {
    const refused = await runVeil(['dsar', 'create', 'erasure', '--jurisdiction', 'GDPR', '--id', id], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--id email: expected a non-empty string (it is empty or only whitespace or invisible characters)');
  }
  const list = await runVeil(['dsar', 'list'], env);
  expect(list.stdout.trim()).toBe('');
});

it('an erasure never erases a record whose identifier field is empty or blank', async () => {
  const fixture = openRegistry('veil-dsar-blank-');
  const file = customers(fixture.dir);
  await fixture.registry.register({ name: 'customers', path: file, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  const { id, job } = await verifiedRequest(fixture, 'erasure', SUBJECT);

  expect(await handleFulfil(job)).toEqual({ erased: [{ dataset: 'customers', records: 1 }] });
  expect(fixture.dsar.getRequest(id).state).toBe('completed');
  const ids = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { id: number }).id);
  expect(ids).toEqual([1, 2, 4]);
});

it('a stored request with a blank identifier is not fulfilled by the queue job or the library', async () => {
  const fixture = openRegistry('veil-dsar-blank-');
  const file = customers(fixture.dir);
  const before = readFileSync(file, 'utf8');
  await fixture.registry.register({ name: 'customers', path: file, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  const { id, job } = await verifiedRequest(fixture, 'erasure', SUBJECT);
  // As a store written before the check (or edited) may hold it.
  const requests = openSubDatabase<DataSubjectRequest, string>(openStore(fixture.storePath), 'dsar-requests');
  const stored = requests.get(id)!;
  await requests.put(id, { ...stored, identifiers: { email: ' ' } });

  const failure = (await handleFulfil(job).catch((e: unknown) => e)) as Error;
  expect(failure.name).toBe('UnrecoverableError');
  expect(failure.message).toBe(`dsar request ${id}: identifiers.email: expected a non-empty string (it is empty or only whitespace or invisible characters); nothing was fulfilled`);
  expect(readFileSync(file, 'utf8')).toBe(before);
  expect(fixture.dsar.getRequest(id).state).toBe('verified');

  await expect(rewriteSubjectData(fixture.registry.list(), fixture.dsar.getRequest(id), { baseDir: fixture.dir })).rejects.toMatchObject({ code: 'VEIL_DSAR_INPUT' });
  expect(readFileSync(file, 'utf8')).toBe(before);
});
