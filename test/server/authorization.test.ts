import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

describe('authentication and authorization over HTTP', () => {
  it('answers 401 with WWW-Authenticate without a token, with a malformed one and with a forged one', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer not.a.jwt' }];
    for (const headers of variants) {
      const r = await s.call('POST', '/v1/detect', { headers, body: { text: 'x' } });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(Object.keys(r.body).sort()).toEqual(['error', 'message']);
    }
    const [h, p] = s.tokens['analyst']!.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const r = await s.call('GET', '/v1/auth/me', { token: forged });
    expect(r.status).toBe(401);
  });

  it('answers 401 before validating the body, so anonymous callers learn nothing of the schema', async () => {
    const r = await s.call('POST', '/v1/anonymize', { body: { nope: 1 } });
    expect(r.status).toBe(401);
  });

  it('answers 403 to an authenticated user without the route permission', async () => {
    const cases: [string, string, string, unknown?][] = [
      ['auditor', 'POST', '/v1/detect', { text: 'hi' }],
      ['analyst', 'GET', '/v1/audit/events'],
      ['analyst', 'GET', '/v1/audit/verify'],
      ['analyst', 'GET', '/v1/dsar'],
      ['auditor', 'POST', '/v1/dsar/00000000-0000-0000-0000-000000000000/approve'],
      ['analyst', 'GET', '/v1/compliance/GDPR/report'],
      ['auditor', 'POST', '/v1/compliance/GDPR/load'],
    ];
    for (const [user, method, url, body] of cases) {
      const r = await s.call(method, url, { token: s.tokens[user]!, ...(body === undefined ? {} : { body }) });
      expect({ url, status: r.status }).toEqual({ url, status: 403 });
      expect(r.body.error).toBe('VEIL_AUTHZ_DENIED');
    }
  });

  it('checks permissions per object: a GDPR-only grant opens GDPR and not HIPAA', async () => {
    const token = s.tokens['gdpr-reader']!;
    expect((await s.call('GET', '/v1/compliance/GDPR/report', { token })).status).toBe(200);
    expect((await s.call('GET', '/v1/compliance/GDPR/requirements', { token })).status).toBe(200);
    expect((await s.call('GET', '/v1/compliance/HIPAA/report', { token })).status).toBe(403);
    expect((await s.call('GET', '/v1/compliance/HIPAA/requirements', { token })).status).toBe(403);
    // Reading is not writing.
    expect((await s.call('POST', '/v1/compliance/GDPR/load', { token })).status).toBe(403);
    const summary = await s.call('GET', '/v1/compliance/summary', { token });
    expect(summary.body.frameworks.map((f: { framework: string }) => f.framework)).toEqual(['GDPR']);
  });

  it('takes a revoked grant into account at once', async () => {
    const token = s.tokens['gdpr-reader']!;
    await s.auth.revoke(s.users['gdpr-reader']!, 'compliance:gdpr', ['read']);
    expect((await s.call('GET', '/v1/compliance/GDPR/report', { token })).status).toBe(403);
    await s.auth.grant(s.users['gdpr-reader']!, 'compliance:gdpr', ['read']);
  });

  it('refuses key references in request operators without keys:execute', async () => {
    const body = { text: 'Mail ada@example.com', operators: { default: { operator: 'hash', key: 'keyring:any' } } };
    const r = await s.call('POST', '/v1/anonymize', { token: s.tokens['analyst']!, body });
    expect(r.status).toBe(403);
  });

  it('serves login, refresh (rotation) and logout', async () => {
    const login = await s.call('POST', '/v1/auth/login', { body: { username: 'auditor', password: 'violet-harbour-57-quill' } });
    expect(login.status).toBe(200);
    expect(login.body.user.username).toBe('auditor');
    expect(login.body.user).not.toHaveProperty('email');
    const me = await s.call('GET', '/v1/auth/me', { token: login.body.accessToken });
    expect(me.body.roles).toEqual(['auditor']);
    const refreshed = await s.call('POST', '/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    // The spent refresh token is refused (and revokes its family).
    const reused = await s.call('POST', '/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(reused.status).toBe(401);
    const bad = await s.call('POST', '/v1/auth/login', { body: { username: 'auditor', password: 'wrong-password-123456' } });
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain('wrong-password');
    const again = await s.call('POST', '/v1/auth/login', { body: { username: 'auditor', password: 'violet-harbour-57-quill' } });
    const out = await s.call('POST', '/v1/auth/logout', { token: again.body.accessToken, body: { refreshToken: again.body.refreshToken } });
    expect(out.status).toBe(200);
    expect((await s.call('POST', '/v1/auth/refresh', { body: { refreshToken: again.body.refreshToken } })).status).toBe(401);
  });

  it('answers 404 without details for unknown routes', async () => {
    const r = await s.call('GET', '/v1/nope', { token: s.tokens['admin']! });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'VEIL_HTTP_NOT_FOUND', message: 'no such route' });
  });
});
