/**
 * dsar identifier fields: a dataset is registered only when its records hold each identifier
 * field (a mistyped path is refused, naming the path, never a value), through the API and the
 * CLI alike; and a fulfilment over a dataset whose records no longer hold the field does not
 * report the request complete, until the registry is corrected.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { handleFulfil } from '../../src/dsar/queue.js';
import { tempDir } from '../helpers/temp.js';
import { runVeil } from '../queue/helpers/cli.js';
import { cliEnv, closeRegistries, openRegistry, verifiedRequest } from './helpers/registry.js';

const SUBJECT = 'ana.lima@example.org';

afterEach(closeRegistries);

function crmLines(): string {
  return (
    [
      `{"id":1,"contact":{"email":"bo@example.com"}}`,
      `{"id":2,"contact":{"email":"${SUBJECT}"}}`,
      `{"id":3,"note":"no contact"}`,
    ].join('\n') + '\n'
  );
}

it('registration refuses a field path no record holds, naming the path and identifier, not values', async () => {
  const { dir, registry } = openRegistry('veil-dsar-fields-');
  const crm = path.join(dir, 'crm.ndjson');
  writeFileSync(crm, crmLines());

  const refused = registry.register({ name: 'crm4', path: crm, format: 'ndjson', identifiers: [{ field: 'contact.emial', identifier: 'email' }] });
  await expect(refused).rejects.toMatchObject({ code: 'VEIL_DSAR_INPUT' });
  const message = ((await refused.catch((e: unknown) => e)) as Error).message;
  expect(message).toContain("dataset crm4: none of its 3 record(s) holds field 'contact.emial' (given for identifier 'email')");
  expect(message).toContain('FIELD=IDENTIFIER');
  expect(message).not.toContain('example');
  expect(registry.list()).toEqual([]);

  // Only the record holding the field counts, wherever it is in the file.
  const ok = await registry.register({ name: 'crm4', path: crm, format: 'ndjson', identifiers: [{ field: 'contact.email', identifier: 'email' }] });
  expect(ok.identifiers).toEqual([{ field: 'contact.email', identifier: 'email' }]);

  // CSV: a column the header lacks; JSON: a key no element has; a file that is not there.
  const csv = path.join(dir, 'crm.csv');
  writeFileSync(csv, 'id,e_mail\n1,bo@example.com\n');
  await expect(registry.register({ name: 'crm-csv', path: csv, format: 'csv', identifiers: [{ field: 'email', identifier: 'email' }] })).rejects.toThrow(
    /none of its 1 record\(s\) holds field 'email'/,
  );
  const json = path.join(dir, 'events.json');
  writeFileSync(json, '[{"who":"p_1"},{"who":"p_2"}]');
  await expect(
    registry.register({
      name: 'events',
      path: json,
      format: 'json',
      identifiers: [
        { field: 'who', identifier: 'email' },
        { field: 'phone', identifier: 'phone' },
      ],
    }),
  ).rejects.toThrow(/holds field 'phone' \(given for identifier 'phone'\)/);
  await expect(registry.register({ name: 'gone', path: path.join(dir, 'missing.ndjson'), format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] })).rejects.toThrow(
    /dataset gone: cannot read .*missing\.ndjson \(ENOENT\)/,
  );

  // An empty dataset has nothing to contradict the path: accepted.
  const empty = path.join(dir, 'empty.ndjson');
  writeFileSync(empty, '');
  await expect(registry.register({ name: 'empty', path: empty, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] })).resolves.toMatchObject({ name: 'empty' });
  expect(registry.list().map((d) => d.name)).toEqual(['crm4', 'empty']);
});

it('veil dsar datasets add: a mistyped field path exits 2 with the path, and --help shows FIELD=IDENTIFIER', async () => {
  const dir = tempDir('veil-dsar-fields-cli-');
  const env = cliEnv(dir);
  const crm = path.join(dir, 'crm.ndjson');
  writeFileSync(crm, crmLines());
  const veil = (args: string[]): ReturnType<typeof runVeil> => runVeil(args, env);

  const typo = await veil(['dsar', 'datasets', 'add', 'crm4', crm, '--format', 'ndjson', '--identifier', 'contact.emial=email']);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain("holds field 'contact.emial' (given for identifier 'email')");
  expect(typo.stderr).not.toContain(SUBJECT);
  expect((await veil(['dsar', 'datasets', 'list'])).stdout).toBe('');

  const swapped = await veil(['dsar', 'datasets', 'add', 'crm4', crm, '--format', 'ndjson', '--identifier', 'email']);
  expect(swapped.code).toBe(2);
  expect(swapped.stderr).toContain('--identifier: expected FIELD=IDENTIFIER, the field path first');

  const help = await veil(['dsar', 'datasets', 'add', '--help']);
  expect(help.stdout).toContain('--identifier <FIELD=IDENTIFIER>');
  expect(help.stdout).toContain('contact.email=email');

  const added = await veil(['dsar', 'datasets', 'add', 'crm4', crm, '--format', 'ndjson', '--identifier', 'contact.email=email']);
  expect(added.code, added.stderr).toBe(0);
  expect((await veil(['dsar', 'datasets', 'list'])).stdout).toContain('contact.email=email');
});

it('fulfilment over a dataset whose records no longer hold the field is not reported complete', async () => {
  const fixture = openRegistry('veil-dsar-fields-');
  const { dir, registry, dsar } = fixture;
  const crm = path.join(dir, 'crm.ndjson');
  const orders = path.join(dir, 'orders.ndjson');
  writeFileSync(crm, crmLines());
  writeFileSync(orders, `{"email":"${SUBJECT}","order":"o-1"}\n{"email":"bo@example.com","order":"o-2"}\n`);
  await registry.register({ name: 'crm', path: crm, format: 'ndjson', identifiers: [{ field: 'contact.email', identifier: 'email' }] });
  await registry.register({ name: 'orders', path: orders, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  // Upstream renamed the field after registration.
  const renamed = crmLines().replaceAll('"contact"', '"person"');
  writeFileSync(crm, renamed);

  const { id, job } = await verifiedRequest(fixture, 'erasure', SUBJECT);

  const failure = (await handleFulfil(job).catch((e: unknown) => e)) as Error;
  expect(failure.name).toBe('UnrecoverableError');
  expect(failure.message).toContain(`dsar request ${id} is not complete: dataset crm: no record holds the identifier field 'contact.email'`);
  expect(failure.message).not.toContain(SUBJECT);
  expect(dsar.getRequest(id).state).toBe('in_progress');
  // The dataset that could be searched was erased; the flagged one is untouched.
  expect(readFileSync(orders, 'utf8')).not.toContain(SUBJECT);
  expect(readFileSync(crm, 'utf8')).toBe(renamed);

  // Corrected registry: the retried fulfilment finds and erases the subject, then completes.
  await registry.register({ name: 'crm', path: crm, format: 'ndjson', identifiers: [{ field: 'person.email', identifier: 'email' }] });
  const summary = await handleFulfil(job);
  expect(summary).toEqual({ erased: [{ dataset: 'crm', records: 1 }, { dataset: 'orders', records: 0 }] });
  expect(dsar.getRequest(id).state).toBe('completed');
  expect(readFileSync(crm, 'utf8')).not.toContain(SUBJECT);
});

it('an access export with an unsearchable dataset is not delivered', async () => {
  const fixture = openRegistry('veil-dsar-fields-');
  const { dir, registry, dsar } = fixture;
  const crm = path.join(dir, 'crm.ndjson');
  writeFileSync(crm, crmLines());
  await registry.register({ name: 'crm', path: crm, format: 'ndjson', identifiers: [{ field: 'contact.email', identifier: 'email' }] });
  writeFileSync(crm, crmLines().replaceAll('"contact"', '"person"'));

  const { id, job } = await verifiedRequest(fixture, 'access', SUBJECT);

  await expect(handleFulfil(job)).rejects.toThrow(/is not complete: dataset crm: no record holds the identifier field 'contact.email'/);
  expect(dsar.getRequest(id).state).toBe('in_progress');
  expect(existsSync(path.join(dir, `${id}.export.veil`))).toBe(false);
  expect(existsSync(path.join(dir, `${id}.export.veil.password`))).toBe(false);
});
