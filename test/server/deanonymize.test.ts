/**
 * POST /v1/deanonymize over real HTTP: reverses an `encrypt`-anonymized span for a caller with the
 * decrypt permission (keys: execute); 403 for one without, 401 without a token.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

const KEY_VAR = 'VEIL_TEST_SERVE_DEANON_KEY';
let s: ServerFixture;
beforeAll(async () => {
  process.env[KEY_VAR] = 'k'.repeat(32);
  s = await startServer({ users: [{ username: 'oper', roles: ['operator'] }, { username: 'analyst', roles: ['analyst'] }] });
});
afterAll(async () => {
  await s.close();
  delete process.env[KEY_VAR];
});

it('round-trips an encrypted e-mail address and enforces the decrypt permission', async () => {
  const operators = { default: { operator: 'redact' }, entities: { EMAIL_ADDRESS: { operator: 'encrypt', key: `env:${KEY_VAR}` } } };
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
