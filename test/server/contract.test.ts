import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEvents, startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({
    users: [{ username: 'admin', roles: ['admin'] }, { username: 'analyst', roles: ['analyst'] }],
    server: { bodyLimit: 64 * 1024 },
  });
});
afterAll(async () => {
  await s.close();
});

describe('request contract', () => {
  it('answers 400 naming the field, never echoing the value', async () => {
    const token = s.tokens['analyst']!;
    const cases: [unknown, string][] = [
      [{ text: 12345678 }, 'body.text: must be string'],
      [{ text: 'ok', entities: ['SECRET-VALUE-xyz'] }, 'body.entities[0]: must match pattern'],
      [{ text: 'ok', surprise: 'SECRET-VALUE-xyz' }, 'body.surprise: is not allowed'],
      [{}, 'body'],
    ];
    for (const [body, message] of cases) {
      const r = await s.call('POST', '/v1/anonymize', { token, body });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('VEIL_HTTP_VALIDATION');
      expect(r.body.message.startsWith(message)).toBe(true);
      expect(r.text).not.toContain('SECRET-VALUE');
      expect(r.text).not.toContain('12345678');
    }
    const login = await s.call('POST', '/v1/auth/login', { body: { username: 'admin' } });
    expect(login.body.message).toBe('body.password: is required');
    const audit = await s.call('GET', '/v1/audit/events?limit=5000', { token: s.tokens['admin']! });
    expect(audit.status).toBe(400);
    expect(audit.body.message).toMatch(/^querystring\.limit: must match pattern/);
  });

  it('rejects invalid JSON without quoting it, and bodies over the limit with 413', async () => {
    const token = s.tokens['analyst']!;
    const bad = await s.call('POST', '/v1/detect', { token, body: '{"text": "SECRET-VALUE-abc' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'VEIL_HTTP_VALIDATION', message: 'body: not valid JSON' });
    const big = await s.call('POST', '/v1/detect', { token, body: { text: 'a'.repeat(70 * 1024) } });
    expect(big.status).toBe(413);
    const proto = await s.call('POST', '/v1/detect', { token, body: '{"text":"x","__proto__":{"polluted":1}}' });
    expect(proto.status).toBe(400);
    expect(proto.body).toEqual({ error: 'VEIL_HTTP_VALIDATION', message: "body: key '__proto__' is not allowed" });
    const nested = await s.call('POST', '/v1/detect', {
      token,
      body: '{"text":"SECRET-VALUE-abc","x":[{"constructor":{"prototype":{"polluted":1}}}]}',
    });
    expect(nested.status).toBe(400);
    expect(nested.body).toEqual({ error: 'VEIL_HTTP_VALIDATION', message: "body: key 'constructor' is not allowed" });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // Ordinary bodies still parse.
    const plain = await s.call('POST', '/v1/detect', { token, body: '{"text":"the constructor is Ada"}' });
    expect(plain.status).toBe(200);
    const empty = await s.call('POST', '/v1/detect', { token, body: ' ' });
    expect(empty.body).toEqual({ error: 'VEIL_HTTP_VALIDATION', message: 'body: empty JSON body' });
  });

  it('writes exactly one audit event per call, without bodies, with outcome and duration', async () => {
    const before = (await httpEvents(s.audit)).length;
    const token = s.tokens['analyst']!;
    const secret = 'Call Jane Roe at jane.roe@example.com';
    await s.call('POST', '/v1/anonymize', { token, body: { text: secret } }); // 200
    await s.call('POST', '/v1/detect', { token, body: { text: 1 } }); // 400
    await s.call('GET', '/v1/audit/verify', { token }); // 403
    await s.call('GET', '/v1/audit/verify'); // 401
    const events = (await httpEvents(s.audit)).slice(before);
    expect(events.map((e) => [e.action, e.status, (e.details as { statusCode: number }).statusCode])).toEqual([
      ['POST /v1/anonymize', 'success', 200],
      ['POST /v1/detect', 'failure', 400],
      ['GET /v1/audit/verify', 'failure', 403],
      ['GET /v1/audit/verify', 'failure', 401],
    ]);
    expect(events[0]!.userId).toBe(s.users['analyst']);
    expect(events[3]!.userId).toBeNull();
    for (const e of events) {
      expect(typeof (e.details as { durationMs: unknown }).durationMs).toBe('number');
      expect(JSON.stringify(e)).not.toContain('jane');
    }
  });

  it('publishes a valid OpenAPI 3.1 document covering every /v1 route', async () => {
    const r = await s.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(r.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const paths = Object.keys(r.body.paths);
    for (const p of ['/v1/detect', '/v1/anonymize', '/v1/auth/login', '/v1/dsar', '/v1/dsar/{id}/verify', '/v1/audit/events', '/v1/compliance/{framework}/report']) {
      expect(paths).toContain(p);
    }
    const ids = Object.values(r.body.paths).flatMap((ops: any) => Object.values(ops).map((o: any) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(r.body.paths['/v1/auth/login'].post.security).toEqual([]);
    expect(r.body.paths['/v1/detect'].post.responses['403']).toBeDefined();
  });
});
