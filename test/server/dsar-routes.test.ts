import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({
    users: [
      { username: 'officer', roles: ['privacy_officer'] },
      { username: 'analyst', roles: ['analyst'] },
    ],
  });
});
afterAll(async () => {
  await s.close();
});

/** The code the development channel wrote to the server log for `id`. */
function codeFromLog(id: string): string {
  const line = [...s.logs].reverse().find((l) => l['dsarId'] === id);
  return String(line?.['verificationCode']);
}

async function file(email = 'subject@example.org'): Promise<{ id: string; statusToken: string }> {
  const r = await s.call('POST', '/v1/dsar', { body: { requestType: 'access', jurisdiction: 'GDPR', email } });
  expect(r.status).toBe(201);
  return r.body;
}

describe('DSAR routes', () => {
  it('files, verifies with the logged code and shows the status to the subject', async () => {
    const filed = await s.call('POST', '/v1/dsar', {
      body: { requestType: 'erasure', jurisdiction: 'GDPR', email: 'erin@example.org' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.state).toBe('identity_unverified');
    expect(filed.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(filed.text).not.toContain('erin@example.org');
    // The log carries the code and never the address.
    expect(JSON.stringify(s.logs)).not.toContain('erin@example.org');
    const { id, statusToken } = filed.body;
    const verified = await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code: codeFromLog(id) } });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('verified');
    const status = await s.call('GET', `/v1/dsar/${id}`, { headers: { 'x-dsar-token': statusToken } });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id, state: 'verified', requestType: 'erasure' });
    expect(status.body).not.toHaveProperty('identifiers');
  });

  it("never shows one request's status with another request's token", async () => {
    const a = await file('a@example.org');
    const b = await file('b@example.org');
    const cross = await s.call('GET', `/v1/dsar/${a.id}`, { headers: { 'x-dsar-token': b.statusToken } });
    expect(cross.status).toBe(404);
    const missing = await s.call('GET', `/v1/dsar/${a.id}`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('headers.x-dsar-token: is required');
  });

  it('refuses wrong codes and burns the code after three', async () => {
    const { id } = await file();
    const right = codeFromLog(id);
    const wrong = right === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 3; i++) {
      const r = await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code: wrong } });
      expect(r.status).toBe(400);
    }
    const late = await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code: right } });
    expect(late.status).toBe(410);
    const malformed = await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code: '12ab' } });
    expect(malformed.body.message).toMatch(/^body\.code: must match pattern/);
  });

  it('lets staff list, approve, extend, fulfil and deny; others get 403', async () => {
    const token = s.tokens['officer']!;
    const { id } = await file();
    await s.call('POST', `/v1/dsar/${id}/verify`, { body: { code: codeFromLog(id) } });
    const list = await s.call('GET', '/v1/dsar', { token });
    expect(list.status).toBe(200);
    const listed = list.body.requests.find((r: { id: string }) => r.id === id);
    expect(listed).toMatchObject({ state: 'verified', overdue: false });
    expect(listed.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(list.body)).not.toContain('@example.org');
    expect((await s.call('GET', '/v1/dsar?state=verified', { token })).body.requests.every((r: { state: string }) => r.state === 'verified')).toBe(true);

    expect((await s.call('POST', `/v1/dsar/${id}/approve`, { token: s.tokens['analyst']! })).status).toBe(403);
    const approved = await s.call('POST', `/v1/dsar/${id}/approve`, { token });
    expect(approved.body.state).toBe('in_progress');
    const extended = await s.call('POST', `/v1/dsar/${id}/extend`, { token, body: { reason: 'complex request across many systems' } });
    expect(extended.status).toBe(200);
    expect(extended.body.extended).toBe(true);
    expect(extended.body.dueDate > listed.dueDate).toBe(true);
    const twice = await s.call('POST', `/v1/dsar/${id}/extend`, { token, body: { reason: 'again' } });
    expect(twice.status).toBe(409);
    const done = await s.call('POST', `/v1/dsar/${id}/fulfil`, { token, body: { summary: 'exported 3 records' } });
    expect(done.body.state).toBe('completed');
    const final = await s.call('POST', `/v1/dsar/${id}/deny`, { token, body: { reason: 'excessive' } });
    expect(final.status).toBe(409);

    const other = await file();
    const denied = await s.call('POST', `/v1/dsar/${other.id}/deny`, { token, body: { reason: 'manifestly_unfounded' } });
    expect(denied.body).toMatchObject({ state: 'denied', denialReason: 'manifestly_unfounded' });
    const badReason = await s.call('POST', `/v1/dsar/${other.id}/deny`, { token, body: { reason: 'because' } });
    expect(badReason.status).toBe(400);
    expect(badReason.body.message).toMatch(/^body\.reason: must be equal to one of the allowed values/);
    const unknown = await s.call('POST', '/v1/dsar/00000000-0000-0000-0000-000000000000/approve', { token });
    expect(unknown.status).toBe(404);
  });

  it('validates the public form, naming the field', async () => {
    const r = await s.call('POST', '/v1/dsar', { body: { requestType: 'access', jurisdiction: 'GDPR', email: 'not-an-email' } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^body\.email: must match format "email"/);
    expect(r.text).not.toContain('not-an-email');
    const wrongLaw = await s.call('POST', '/v1/dsar', { body: { requestType: 'know', jurisdiction: 'GDPR', email: 'x@example.org' } });
    expect(wrongLaw.status).toBe(400);
    expect(wrongLaw.body.message).toMatch(/^requestType: GDPR knows/);
    // A blank e-mail would match every record whose field is blank: refused, and not echoed.
    for (const email of [' ', '\t \n', '']) {
      const blank = await s.call('POST', '/v1/dsar', { body: { requestType: 'erasure', jurisdiction: 'GDPR', email } });
      expect(blank.status).toBe(400);
      expect(blank.body.message).toMatch(/^body\.email: /);
    }
  });
});
