/**
 * dsar: an access export whose one-time password file cannot be written (its path is a symbolic
 * link, refused as every writer refuses one) is not left behind: nobody could open it, and a
 * second fulfilment, once the path is clear, writes both files.
 */
import { existsSync, lstatSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { handleFulfil } from '../../src/dsar/queue.js';
import { closeRegistries, openRegistry, verifiedRequest } from './helpers/registry.js';

afterEach(closeRegistries);

const SUBJECT = 'ana.lima@example.org';

it('removes the export when its password file is refused, and a second fulfilment completes', async () => {
  const fixture = openRegistry('veil-dsar-password-');
  const { dir, registry, dsar } = fixture;
  const crm = path.join(dir, 'crm.ndjson');
  writeFileSync(crm, `{"id":1,"email":"${SUBJECT}"}\n{"id":2,"email":"bo@example.com"}\n`);
  await registry.register({ name: 'crm', path: crm, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  const { id, job } = await verifiedRequest(fixture, 'access', SUBJECT);

  const exportFile = path.join(dir, `${id}.export.veil`);
  const passwordFile = `${exportFile}.password`;
  writeFileSync(path.join(dir, 'elsewhere'), 'untouched\n');
  symlinkSync('elsewhere', passwordFile);

  const failure = (await handleFulfil(job).catch((e: unknown) => e)) as { code?: string };
  expect(failure.code).toBe('VEIL_OUTPUT_NOT_FILE');
  expect(existsSync(exportFile)).toBe(false);
  expect(lstatSync(passwordFile).isSymbolicLink()).toBe(true);
  expect(readFileSync(path.join(dir, 'elsewhere'), 'utf8')).toBe('untouched\n');
  expect(dsar.getRequest(id).state).toBe('in_progress');

  rmSync(passwordFile);
  await handleFulfil(job);
  expect(existsSync(exportFile)).toBe(true);
  expect(readFileSync(passwordFile, 'utf8').trim().length).toBeGreaterThan(10);
  expect(dsar.getRequest(id).state).toBe('completed');
});
