import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({
    users: [
      { username: 'officer', roles: ['privacy_officer'] },
      { username: 'auditor', roles: ['auditor'] },
    ],
  });
});
afterAll(async () => {
  await s.close();
});

describe('compliance routes', () => {
  it('reports a framework as JSON and as HTML', async () => {
    const token = s.tokens['auditor']!;
    const json = await s.call('GET', '/v1/compliance/GDPR/report', { token });
    expect(json.status).toBe(200);
    expect(json.body.framework).toBe('GDPR');
    expect(json.body.requirements.length).toBeGreaterThan(5);
    expect(typeof json.body.score).toBe('number');
    const html = await s.call('GET', '/v1/compliance/GDPR/report?format=html', { token });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toMatch(/<html/i);
    const unknown = await s.call('GET', '/v1/compliance/NOPE/report', { token });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^params\.framework: must be equal to one of the allowed values/);
  });

  it('creates, updates and attaches evidence to requirements', async () => {
    const token = s.tokens['officer']!;
    expect((await s.call('POST', '/v1/compliance/GDPR/requirements', { token: s.tokens['auditor']!, body: { code: 'X', title: 't', description: 'd' } })).status).toBe(403);
    const created = await s.call('POST', '/v1/compliance/GDPR/requirements', {
      token,
      body: { code: 'VEIL-1', title: 'Redact support tickets', description: 'Tickets are redacted before storage', family: 'Custom' },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe('GDPR:VEIL-1');
    const updated = await s.call('PATCH', '/v1/compliance/GDPR/requirements/VEIL-1', { token, body: { status: 'compliant', responsibleParty: 'DPO' } });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe('compliant');
    const evidence = await s.call('POST', '/v1/compliance/GDPR/requirements/VEIL-1/evidence', {
      token,
      body: { description: 'Runbook', url: 'https://intranet.example/runbook' },
    });
    expect(evidence.status).toBe(201);
    const listed = await s.call('GET', '/v1/compliance/GDPR/requirements/VEIL-1/evidence', { token });
    expect(listed.body.evidence).toHaveLength(1);
    const noFile = await s.call('POST', '/v1/compliance/GDPR/requirements/VEIL-1/evidence', {
      token,
      body: { description: 'x', url: 'file:///etc/passwd' },
    });
    expect(noFile.status).toBe(400);
    const missing = await s.call('PATCH', '/v1/compliance/GDPR/requirements/NOPE-9', { token, body: { notes: 'x' } });
    expect(missing.status).toBe(404);
    const summary = await s.call('GET', '/v1/compliance/summary', { token });
    expect(summary.body.frameworks.map((f: { framework: string }) => f.framework)).toEqual(['GDPR', 'HIPAA']);
  });
});

describe('audit routes', () => {
  it('searches events with filters and a cursor, and verifies the chain', async () => {
    const token = s.tokens['auditor']!;
    for (let i = 0; i < 3; i++) await s.call('GET', '/v1/auth/me', { token });
    await s.audit.flush();
    const first = await s.call('GET', `/v1/audit/events?userId=${s.users['auditor']}&limit=2`, { token });
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const next = await s.call('GET', `/v1/audit/events?userId=${s.users['auditor']}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token });
    expect(next.status).toBe(200);
    expect(next.body.events[0].seq).toBeGreaterThan(first.body.events[1].seq);
    const failures = await s.call('GET', '/v1/audit/events?status=failure&type=data_access', { token });
    expect(failures.body.events.every((e: { status: string }) => e.status === 'failure')).toBe(true);
    const verify = await s.call('GET', '/v1/audit/verify', { token });
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.records).toBeGreaterThan(5);
    const badCursor = await s.call('GET', '/v1/audit/events?cursor=garbage', { token });
    expect(badCursor.status).toBe(400);
  });
});
