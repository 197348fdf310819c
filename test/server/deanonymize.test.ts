/**
 * POST /v1/deanonymize over real HTTP: reverses an `encrypt`-anonymized span for a caller with the
 * decrypt permission (keys: execute); 403 for one without, 401 without a token.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openKeyring } from '../../src/keyring/keyring.js';
import { closeStore } from '../../src/store/environment.js';
import { startServer, type ServerFixture } from './helpers.js';

// Request operators may name keyring keys only (never env: or file:), so the key lives there.
let s: ServerFixture;
let dir: string;
let keyringStore: string;
const previousMaster = process.env['VEIL_MASTER_KEY'];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-deanon-'));
  keyringStore = path.join(dir, 'store');
  const masterKey = randomBytes(32);
  process.env['VEIL_MASTER_KEY'] = masterKey.toString('hex');
  const keyring = await openKeyring({ storePath: keyringStore, masterKey: { kind: 'key', key: masterKey } });
  await keyring.create('api-encrypt');
  s = await startServer({
    users: [{ username: 'oper', roles: ['operator'] }, { username: 'analyst', roles: ['analyst'] }],
    server: { storePath: keyringStore },
  });
});
afterAll(async () => {
  await s.close();
  await closeStore(keyringStore);
  rmSync(dir, { recursive: true, force: true });
  if (previousMaster === undefined) delete process.env['VEIL_MASTER_KEY'];
  else process.env['VEIL_MASTER_KEY'] = previousMaster;
});

it('round-trips an encrypted e-mail address and enforces the decrypt permission', async () => {
  const operators = { default: { operator: 'redact' }, entities: { EMAIL_ADDRESS: { operator: 'encrypt', key: 'keyring:api-encrypt' } } };
  const text = 'Reach Maria Lopez at maria.lopez@example.org today.';
  const anonymized = await s.call('POST', '/v1/anonymize', { token: s.tokens['oper']!, body: { text, operators } });
  expect(anonymized.status).toBe(200);
  expect(anonymized.body.text).not.toContain('maria.lopez@example.org');
  const body = { text: anonymized.body.text, items: anonymized.body.items, operators };

  expect((await s.call('POST', '/v1/deanonymize', { body })).status).toBe(401);
  expect((await s.call('POST', '/v1/deanonymize', { token: s.tokens['analyst']!, body })).status).toBe(403);
  const restored = await s.call('POST', '/v1/deanonymize', { token: s.tokens['oper']!, body });
  expect(restored.status).toBe(200);
  expect(restored.body.text).toContain('maria.lopez@example.org');
  expect(restored.body.text).not.toContain('Maria Lopez');
});
