/**
 * DSAR fulfilment through the HTTP API: staff call /fulfil on a verified erasure request and the
 * server really rewrites the registered dataset (local mode, no Redis configured).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { createDsarFulfilment } from '../../src/server/dsar-fulfilment.js';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
let storePath = '';
beforeAll(async () => {
  s = await startServer({
    users: [{ username: 'officer', roles: ['privacy_officer'] }],
    server: {
      dsarFulfilment: (id, options) => createDsarFulfilment({ storePath, outDir: path.join(path.dirname(storePath), 'exports') })(id, options),
    },
  });
  storePath = s.storePath;
});
afterAll(async () => {
  await s.close();
});

it('erases the subject from a registered dataset when staff fulfil the request', async () => {
  const data = path.join(s.dir, 'crm.ndjson');
  writeFileSync(data, '{"email":"stay@example.org","plan":"pro"}\n{"email":"leave@example.org","plan":"free"}\n');
  await new DatasetRegistry({ store: s.audit.root }).register({
    name: 'crm',
    path: data,
    format: 'ndjson',
    identifiers: [{ field: 'email', identifier: 'email' }],
  });

  const filed = await s.call('POST', '/v1/dsar', { body: { requestType: 'erasure', jurisdiction: 'GDPR', email: 'leave@example.org' } });
  const { id } = filed.body as { id: string };
  const early = await s.call('POST', `/v1/dsar/${id}/fulfil`, { token: s.tokens['officer']!, body: {} });
  expect(early.status).toBe(409);

  const code = [...s.logs].reverse().find((l) => l['dsarId'] === id)?.['verificationCode'];
  expect((await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code } })).status).toBe(200);
  const done = await s.call('POST', `/v1/dsar/${id}/fulfil`, { token: s.tokens['officer']!, body: {} });
  expect(done.status).toBe(200);
  expect(done.body.state).toBe('completed');
  expect(readFileSync(data, 'utf8')).toBe('{"email":"stay@example.org","plan":"pro"}\n');
  expect(done.text).not.toContain('leave@example.org');
});
