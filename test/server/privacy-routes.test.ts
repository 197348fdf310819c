import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({ users: [{ username: 'analyst', roles: ['analyst'] }] });
});
afterAll(async () => {
  await s.close();
});

describe('POST /v1/detect and /v1/anonymize', () => {
  const text = 'Write to jane.roe@example.com or call (555) 123-4567.';

  it('detects entities in a text with offsets', async () => {
    const r = await s.call('POST', '/v1/detect', { token: s.tokens['analyst']!, body: { text } });
    expect(r.status).toBe(200);
    const email = r.body.findings.find((f: { type: string }) => f.type === 'EMAIL_ADDRESS');
    expect(text.slice(email.start, email.end)).toBe('jane.roe@example.com');
  });

  it('detects entities in a record, naming the field', async () => {
    const r = await s.call('POST', '/v1/detect', {
      token: s.tokens['analyst']!,
      body: { record: { id: 7, contact: { email: 'jane.roe@example.com' } }, entities: ['EMAIL_ADDRESS'] },
    });
    expect(r.status).toBe(200);
    expect(r.body.findings).toHaveLength(1);
    expect(r.body.findings[0]).toMatchObject({ type: 'EMAIL_ADDRESS', field: 'contact.email', start: 0, end: 20 });
  });

  it('anonymizes a text with the default redaction and with request operators', async () => {
    const token = s.tokens['analyst']!;
    const r = await s.call('POST', '/v1/anonymize', { token, body: { text } });
    expect(r.status).toBe(200);
    expect(r.body.text).not.toContain('jane.roe@example.com');
    expect(r.body.text).toContain('Write to ');
    const masked = await s.call('POST', '/v1/anonymize', {
      token,
      body: { text, entities: ['EMAIL_ADDRESS'], operators: { default: { operator: 'replace', template: '<EMAIL>' } } },
    });
    expect(masked.status).toBe(200);
    expect(masked.body.text).toBe('Write to <EMAIL> or call (555) 123-4567.');
  });

  it('anonymizes a record, keeping its shape', async () => {
    const r = await s.call('POST', '/v1/anonymize', {
      token: s.tokens['analyst']!,
      body: { record: { id: 7, notes: ['mail jane.roe@example.com'], age: 41 } },
    });
    expect(r.status).toBe(200);
    expect(r.body.record.id).toBe(7);
    expect(r.body.record.age).toBe(41);
    expect(r.body.record.notes).toHaveLength(1);
    expect(r.body.record.notes[0]).not.toContain('jane.roe');
  });

  it('reports a bad operator as 400 without the value', async () => {
    const r = await s.call('POST', '/v1/anonymize', {
      token: s.tokens['analyst']!,
      body: { text, operators: { default: { operator: 'no-such-operator-SECRET' } } },
    });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain('jane.roe');
  });
});
