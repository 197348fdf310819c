import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EncryptionManager } from '../../src/crypto/encryption-manager.js';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { exportSubjectData, rewriteSubjectData } from '../../src/dsar/fulfil.js';
import { pseudonymOf } from '../../src/stages/pseudonymize.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
  delete process.env['VEIL_TEST_DSAR_KEY'];
});

const SUBJECT = 'ana.lima@example.org';
const KEY = 'k'.repeat(32);

/** Three datasets in three formats; the subject appears in each, once with a pseudonymized id. */
function writeDatasets(dir: string): { ndjson: string; csv: string; json: string } {
  const token = pseudonymOf(Buffer.from(KEY), SUBJECT, { context: 'email', prefix: 'p_' });
  const ndjson = path.join(dir, 'tickets.ndjson');
  writeFileSync(
    ndjson,
    [
      '{"id":1,"email":"bo@example.com","text":"hello"}',
      '{"id":2,"email":"Ana.Lima@Example.org","text":"my card"}',
      '{"id":3,"email":"cy@example.com","text":"  spaced  "}',
      '{"id":4,"email":"ana.lima@example.org","text":"again"}',
    ].join('\n') + '\n',
  );
  const csv = path.join(dir, 'crm.csv');
  writeFileSync(csv, 'customer;email;city\nc1;bo@example.com;Porto\nc2;ana.lima@example.org;"Lisboa; Centro"\nc3;dee@example.com;Faro\n');
  const json = path.join(dir, 'events.json');
  writeFileSync(json, `[\n  {"who":"${token}","event":"login"},\n  {"who":"p_other","event":"logout"}\n]\n`);
  return { ndjson, csv, json };
}

async function setup(): Promise<{ dir: string; registry: DatasetRegistry; dsar: DsarManager; files: ReturnType<typeof writeDatasets> }> {
  const dir = tempDir('veil-dsar-fulfil-');
  const storePath = path.join(dir, 'store');
  opened.push(storePath);
  const store = openStore(storePath);
  process.env['VEIL_TEST_DSAR_KEY'] = KEY;
  const files = writeDatasets(dir);
  const registry = new DatasetRegistry({ store });
  await registry.register({ name: 'tickets', path: files.ndjson, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
  await registry.register({ name: 'crm', path: files.csv, format: 'csv', delimiter: ';', identifiers: [{ field: 'email', identifier: 'email' }] });
  await registry.register({
    name: 'events',
    path: files.json,
    format: 'json',
    identifiers: [{ field: 'who', identifier: 'email', pseudonym: { key: 'env:VEIL_TEST_DSAR_KEY', context: 'email', prefix: 'p_' } }],
  });
  return { dir, registry, dsar: new DsarManager({ store }), files };
}

describe('dsar: fulfilment over registered datasets', () => {
  it('erasure over three formats leaves no record of the subject and every other record byte-identical', async () => {
    const { registry, dsar, files } = await setup();
    const request = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    const outcomes = await rewriteSubjectData(registry.list(), request);
    expect(Object.fromEntries(outcomes.map((o) => [o.dataset, o.matched]))).toEqual({ tickets: 2, crm: 1, events: 1 });

    expect(readFileSync(files.ndjson, 'utf8')).toBe(
      '{"id":1,"email":"bo@example.com","text":"hello"}\n{"id":3,"email":"cy@example.com","text":"  spaced  "}\n',
    );
    expect(readFileSync(files.csv, 'utf8')).toBe('customer;email;city\nc1;bo@example.com;Porto\nc3;dee@example.com;Faro\n');
    expect(readFileSync(files.json, 'utf8')).toBe('[{"who":"p_other","event":"logout"}]\n');
    const events = JSON.parse(readFileSync(files.json, 'utf8')) as unknown[];
    expect(events).toEqual([{ who: 'p_other', event: 'logout' }]);
    expect(readFileSync(files.json, 'utf8')).toContain('{"who":"p_other","event":"logout"}');
    for (const file of Object.values(files)) expect(readFileSync(file, 'utf8').toLowerCase()).not.toContain('ana.lima');
  });

  it('keeps the byte-order mark and each kept record\'s own line end (round 13: BOM dropped, CRLF made LF)', async () => {
    const dir = tempDir('veil-dsar-bytes-');
    const storePath = path.join(dir, 'store');
    opened.push(storePath);
    const store = openStore(storePath);
    const registry = new DatasetRegistry({ store });
    const dsar = new DsarManager({ store });
    const bom = '\ufeff';
    const csv = path.join(dir, 'people.csv');
    writeFileSync(csv, `${bom}name,email,note\r\nAna,ana.lima@example.org,x\r\nBob,bob@example.org,y\r\nCy,cy@example.org,z`);
    const ndjson = path.join(dir, 'people.ndjson');
    writeFileSync(ndjson, `${bom}{"email":"bob@example.org"}\r\n{"email":"ana.lima@example.org"}\r\n{"email":"cy@example.org"}\n`);
    await registry.register({ name: 'people', path: csv, format: 'csv', identifiers: [{ field: 'email', identifier: 'email' }] });
    await registry.register({ name: 'lines', path: ndjson, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });
    const erase = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    await rewriteSubjectData(registry.list(), erase);
    expect(readFileSync(csv, 'utf8')).toBe(`${bom}name,email,note\r\nBob,bob@example.org,y\r\nCy,cy@example.org,z`);
    expect(readFileSync(ndjson, 'utf8')).toBe(`${bom}{"email":"bob@example.org"}\r\n{"email":"cy@example.org"}\n`);
    // A patched record keeps its line end too.
    const fix = await dsar.createDataSubjectRequest({
      requestType: 'rectification',
      jurisdiction: 'GDPR',
      identifiers: { email: 'bob@example.org' },
      patch: { note: 'w' },
    });
    await rewriteSubjectData(registry.list().filter((d) => d.name === 'people'), fix);
    expect(readFileSync(csv, 'utf8')).toBe(`${bom}name,email,note\r\nBob,bob@example.org,w\r\nCy,cy@example.org,z`);
  });

  it('leaves a dataset without the subject untouched, and patches records for rectification', async () => {
    const { registry, dsar, files } = await setup();
    const before = readFileSync(files.json, 'utf8');
    const request = await dsar.createDataSubjectRequest({
      requestType: 'rectification',
      jurisdiction: 'GDPR',
      identifiers: { email: 'dee@example.com' },
      patch: { city: 'Tavira' },
    });
    const outcomes = await rewriteSubjectData(registry.list(), request);
    expect(outcomes.find((o) => o.dataset === 'events')?.matched).toBe(0);
    expect(readFileSync(files.json, 'utf8')).toBe(before);
    expect(readFileSync(files.csv, 'utf8')).toBe(
      'customer;email;city\nc1;bo@example.com;Porto\nc2;ana.lima@example.org;"Lisboa; Centro"\nc3;dee@example.com;Tavira\n',
    );
  });

  it('exports exactly the subject records, sealed to the requester public key', async () => {
    const { dir, registry, dsar } = await setup();
    const crypto = new EncryptionManager();
    const { publicKey, privateKey } = await crypto.generateKeyPair();
    const request = await dsar.createDataSubjectRequest({ requestType: 'access', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    const result = await exportSubjectData(registry.list(), request, { outDir: dir, recipientPublicKey: publicKey });
    expect(result.oneTimePassword).toBeUndefined();
    const sealed = readFileSync(result.file, 'utf8');
    expect(sealed).not.toContain('ana.lima');
    const bundle = (await crypto.decryptAsymmetric(sealed, { privateKey, aad: `veil-dsar-export:${request.id}` })) as {
      datasets: Record<string, { id?: number; customer?: string; event?: string }[]>;
      csv: Record<string, string>;
    };
    expect(bundle.datasets['tickets']?.map((r) => r.id)).toEqual([2, 4]);
    expect(bundle.datasets['crm']?.map((r) => r.customer)).toEqual(['c2']);
    expect(bundle.datasets['events']?.map((r) => r.event)).toEqual(['login']);
    expect(bundle.csv['crm.csv']).toBe('customer,email,city\nc2,ana.lima@example.org,Lisboa; Centro\n');
  });

  it('reports a malformed record by dataset and line without its content', async () => {
    const { registry, dsar, files } = await setup();
    writeFileSync(files.ndjson, '{"id":1,"email":"bo@example.com"}\n{"id":2,"email":"SECRET-VALUE\n');
    const request = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: SUBJECT } });
    const error = await rewriteSubjectData(registry.list(), request).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/tickets: line 2: malformed JSON/);
    expect((error as Error).message).not.toContain('SECRET-VALUE');
    expect(readFileSync(files.ndjson, 'utf8')).toContain('SECRET-VALUE');
  });
});
