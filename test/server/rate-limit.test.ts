import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEvents, startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({
    users: [{ username: 'analyst', roles: ['analyst'] }],
    server: { rateLimit: { max: 3, timeWindowMs: 60_000 } },
  });
});
afterAll(async () => {
  await s.close();
});

describe('rate limiting', () => {
  it('limits login per client with 429 and Retry-After, and audits the refusals', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await s.call('POST', '/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password-123456' } });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(r.body.error).toBe('VEIL_HTTP_RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const events = (await httpEvents(s.audit)).filter((e) => e.action === 'POST /v1/auth/login');
    expect(events.map((e) => (e.details as { statusCode: number }).statusCode)).toEqual([401, 401, 401, 429, 429]);
  });

  it('limits the public DSAR routes, each on its own budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await s.call('POST', '/v1/dsar', { body: { requestType: 'access', jurisdiction: 'GDPR', email: `p${i}@example.org` } });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('does not limit authenticated API routes at the strict rate', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await s.call('POST', '/v1/detect', { token: s.tokens['analyst']!, body: { text: 'hello' } });
      expect(r.status).toBe(200);
    }
  });
});
