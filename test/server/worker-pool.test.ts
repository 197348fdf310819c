import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let pooled: ServerFixture;
let inline: ServerFixture;
beforeAll(async () => {
  const users = [{ username: 'analyst', roles: ['analyst'] as const }];
  [pooled, inline] = await Promise.all([
    startServer({ users: users.map((u) => ({ ...u, roles: [...u.roles] })), server: { threads: 1 } }),
    startServer({ users: users.map((u) => ({ ...u, roles: [...u.roles] })) }),
  ]);
});
afterAll(async () => {
  await Promise.all([pooled?.close(), inline?.close()]);
});

describe('detection in worker threads', () => {
  const text = 'Write to jane.roe@example.com or call (555) 123-4567, said John Smith.';

  it('gives the same answers as the event loop', async () => {
    for (const [url, body] of [
      ['/v1/detect', { text }],
      ['/v1/anonymize', { text }],
      ['/v1/anonymize', { record: { a: text, n: 3 } }],
      ['/v1/anonymize', { text, operators: { default: { operator: 'replace' } } }],
    ] as const) {
      const a = await pooled.call('POST', url, { token: pooled.tokens['analyst']!, body });
      const b = await inline.call('POST', url, { token: inline.tokens['analyst']!, body });
      expect(a.status).toBe(200);
      expect(a.body).toEqual(b.body);
    }
  });

  it('maps a worker-side Veil error to 400 without values', async () => {
    const r = await pooled.call('POST', '/v1/anonymize', {
      token: pooled.tokens['analyst']!,
      body: { text, operators: { default: { operator: 'mask', nonsense: 'jane.roe' } } },
    });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain('jane.roe');
  });

  it('keeps the event loop answering while detection work is queued', async () => {
    const big = `${text} `.repeat(1200); // ~85 KB per request
    const token = pooled.tokens['analyst']!;
    let slowDone = 0;
    const slow = Array.from({ length: 12 }, () =>
      pooled.call('POST', '/v1/detect', { token, body: { text: big } }).then((r) => {
        slowDone++;
        return r.status;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await pooled.call('GET', '/healthz');
    expect(health.status).toBe(200);
    // The health check did not wait for the detection backlog.
    expect(slowDone).toBeLessThan(12);
    expect(await Promise.all(slow)).toEqual(Array(12).fill(200));
  });
});
