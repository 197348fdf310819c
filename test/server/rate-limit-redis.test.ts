/**
 * rate limiting on Redis: two servers that share the private Redis share one budget per client,
 * so a client cannot multiply its attempts by spreading them over server processes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropPrefix, uniquePrefix } from '../queue/helpers/redis.js';
import { startServer, type ServerFixture } from './helpers.js';

const prefix = uniquePrefix('serve-rate');
let a: ServerFixture;
let b: ServerFixture;
beforeAll(async () => {
  const server = { rateLimit: { max: 3, timeWindowMs: 60_000 }, rateLimitStore: { redisUrl: inject('redisUrl'), prefix } };
  [a, b] = await Promise.all([
    startServer({ users: [{ username: 'analyst', roles: ['analyst'] }], server }),
    startServer({ users: [{ username: 'analyst', roles: ['analyst'] }], server }),
  ]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await dropPrefix(prefix);
});

describe('rate limiting with a Redis store', () => {
  it('counts login attempts across server processes', async () => {
    const attempt = (s: ServerFixture) =>
      s.call('POST', '/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password-123456' } });
    const statuses = [(await attempt(a)).status, (await attempt(b)).status, (await attempt(a)).status];
    expect(statuses).toEqual([401, 401, 401]);
    const refused = await attempt(b);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.error).toBe('VEIL_HTTP_RATE_LIMITED');
  });
});
