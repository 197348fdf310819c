/**
 * dsar identifier fields that hold objects: a path that ends on an object (`contact` for
 * `contact.email`) can match nobody, so registration refuses it (API and CLI, naming the field,
 * never a value), and a fulfilment over a dataset whose field now holds only objects is not
 * reported complete and leaves the subject's record where it is, as for a vanished field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { handleFulfil } from '../../src/dsar/queue.js';
import { tempDir } from '../helpers/temp.js';
import { runVeil } from '../queue/helpers/cli.js';
import { cliEnv, closeRegistries, openRegistry, verifiedRequest } from './helpers/registry.js';

const SUBJECT = 'ana@example.org';

afterEach(closeRegistries);

const objectLines = (): string =>
  [`{"id":1,"contact":{"email":"${SUBJECT}"}}`, `{"id":2,"contact":{"email":"bo@example.com"}}`].join('\n') + '\n';

it('registration refuses a field that holds an object in every record, naming the field only', async () => {
  const { dir, registry } = openRegistry('veil-dsar-object-');
  const file = path.join(dir, 'o1.ndjson');
  writeFileSync(file, objectLines());

  const refused = registry.register({ name: 'd1', path: file, format: 'ndjson', identifiers: [{ field: 'contact', identifier: 'email' }] });
  const error = (await refused.catch((e: unknown) => e)) as Error & { code?: string };
  expect(error.code).toBe('VEIL_DSAR_INPUT');
  expect(error.message).toContain(
    "dataset d1: none of its 2 record(s) holds field 'contact' (given for identifier 'email') as a string or number",
  );
  expect(error.message).not.toContain('example');
  expect(registry.list()).toEqual([]);

  // One record with a string there is enough; so is a number, or strings in an array.
  writeFileSync(file, objectLines() + `{"id":3,"contact":"cy@example.net"}\n`);
  await expect(registry.register({ name: 'd1', path: file, format: 'ndjson', identifiers: [{ field: 'contact', identifier: 'email' }] })).resolves.toMatchObject({ name: 'd1' });
  const ids = path.join(dir, 'ids.ndjson');
  writeFileSync(ids, '{"sid":{"n":1}}\n{"sid":42}\n{"tags":[{"a":1}]}\n{"tags":["t-1"]}\n');
  await expect(
    registry.register({
      name: 'ids',
      path: ids,
      format: 'ndjson',
      identifiers: [
        { field: 'sid', identifier: 'subject_id' },
        { field: 'tags', identifier: 'tag' },
      ],
    }),
  ).resolves.toMatchObject({ name: 'ids' });
});

it('veil dsar datasets add: an object-valued identifier field exits 2 and registers nothing', async () => {
  const dir = tempDir('veil-dsar-object-cli-');
  const env = cliEnv(dir);
  const file = path.join(dir, 'o1.ndjson');
  writeFileSync(file, objectLines());

  const added = await runVeil(['dsar', 'datasets', 'add', 'd1', file, '--format', 'ndjson', '--identifier', 'contact=email'], env);
  expect(added.code).toBe(2);
  expect(added.stderr).toContain("holds field 'contact' (given for identifier 'email') as a string or number");
  expect(added.stderr).not.toContain(SUBJECT);
  expect((await runVeil(['dsar', 'datasets', 'list'], env)).stdout).toBe('');
});

it('an erasure over a field that now holds only objects is not complete, and the record stays', async () => {
  const fixture = openRegistry('veil-dsar-object-');
  const { dir, registry, dsar } = fixture;
  const file = path.join(dir, 'o1.ndjson');
  writeFileSync(file, objectLines());
  await registry.register({ name: 'd1', path: file, format: 'ndjson', identifiers: [{ field: 'contact.email', identifier: 'email' }] });
  // Upstream wrapped the address in an object after registration.
  const wrapped = objectLines().replace(/"email":("[^"]*")/g, '"email":{"value":$1}');
  writeFileSync(file, wrapped);

  const { id, job } = await verifiedRequest(fixture, 'erasure', SUBJECT);

  const failure = (await handleFulfil(job).catch((e: unknown) => e)) as Error;
  expect(failure.name).toBe('UnrecoverableError');
  expect(failure.message).toContain(
    `dsar request ${id} is not complete: dataset d1: no record holds the identifier field 'contact.email' as a string or number`,
  );
  expect(failure.message).not.toContain(SUBJECT);
  expect(dsar.getRequest(id).state).toBe('in_progress');
  expect(readFileSync(file, 'utf8')).toBe(wrapped);

  // Corrected registry: the retried fulfilment erases Ana's record and completes.
  await registry.register({ name: 'd1', path: file, format: 'ndjson', identifiers: [{ field: 'contact.email.value', identifier: 'email' }] });
  expect(await handleFulfil(job)).toEqual({ erased: [{ dataset: 'd1', records: 1 }] });
  expect(dsar.getRequest(id).state).toBe('completed');
  expect(readFileSync(file, 'utf8')).not.toContain(SUBJECT);
});
