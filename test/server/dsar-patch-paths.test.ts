/**
 * `POST /v1/dsar`: a rectification patch names field paths that fulfilment compiles later; one
 * that cannot be parsed is a 400 naming it when the request is filed (it was accepted with 201
 * and could only fail the fulfilment run). Real server on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({ users: [{ username: 'officer', roles: ['privacy_officer'] }] });
});
afterAll(async () => {
  await s.close();
});

const file = (patch: Record<string, string>) =>
  s.call('POST', '/v1/dsar', { body: { requestType: 'rectification', jurisdiction: 'GDPR', email: 'jane@example.org', patch } });

describe('POST /v1/dsar: patch field paths', () => {
  it('refuses a path that cannot be parsed, naming it but not the corrected value', async () => {
    for (const [field, reason] of [
      ['address..city', 'empty segment 2'],
      ['address.', 'empty segment 2'],
    ] as const) {
      const r = await file({ name: 'Jane Roe', [field]: 'SECRET-CITY' });
      expect({ field, status: r.status }).toEqual({ field, status: 400 });
      expect(r.body.message).toBe(`patch.${field}: ${reason}`);
      expect(r.text).not.toContain('SECRET-CITY');
      expect(r.text).not.toContain('jane@example.org');
    }
  });

  it('accepts nested paths', async () => {
    expect((await file({ 'address.city': 'Lyon' })).status).toBe(201);
  });
});
