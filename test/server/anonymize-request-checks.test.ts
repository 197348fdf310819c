/**
 * `/v1/anonymize` and `/v1/deanonymize` refuse what would silently do nothing: an operator for an
 * entity type no recognizer reports (with `default: keep` the data it was meant for stayed in
 * clear) and a field path that cannot be parsed (answered 500 before). PrivacyManager, which the
 * routes call, refuses the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';
import { startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({ users: [
      { username: 'analyst', roles: ['analyst'] },
      { username: 'admin', roles: ['admin'] },
    ] });
});
afterAll(async () => {
  await s.close();
});

const text = 'card 4111111111111111 mail jane@example.com';
const keepAllBut = (type: string) => ({ default: { operator: 'keep' }, entities: { [type]: { operator: 'redact' } } });

describe('anonymize requests: operator entity types', () => {
  it('refuses a misspelt entity type with its path and a hint, never the text', async () => {
    const token = s.tokens['analyst']!;
    for (const body of [{ text }, { record: { note: text } }]) {
      const r = await s.call('POST', '/v1/anonymize', { token, body: { ...body, operators: keepAllBut('CREDITCARD') } });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('operators.entities.CREDITCARD: unknown entity type (did you mean CREDIT_CARD?)');
      expect(r.text).not.toContain('4111111111111111');
      expect(r.text).not.toContain('jane@example.com');
    }
  });

  it('refuses a type close to none, and still serves the known one', async () => {
    const token = s.tokens['analyst']!;
    const far = await s.call('POST', '/v1/anonymize', { token, body: { text, operators: keepAllBut('QQQ') } });
    expect(far.status).toBe(400);
    expect(far.body.message).toBe('operators.entities.QQQ: unknown entity type');

    const ok = await s.call('POST', '/v1/anonymize', { token, body: { text, operators: keepAllBut('CREDIT_CARD') } });
    expect(ok.status).toBe(200);
    expect(ok.body.text).not.toContain('4111111111111111');
    expect(ok.body.text).toContain('jane@example.com');
  });

  it('refuses it on deanonymize too', async () => {
    const r = await s.call('POST', '/v1/deanonymize', {
      token: s.tokens['admin']!,
      body: { text: 'x', items: [], operators: keepAllBut('EMAIL') },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^operators\.entities\.EMAIL: unknown entity type \(did you mean EMAIL_ADDRESS/);
  });

  it('PrivacyManager refuses it for text and record calls, but accepts the types of given findings', async () => {
    const privacy = new PrivacyManager();
    const operators = keepAllBut('CREDITCARD');
    await expect(privacy.anonymizeText(text, { operators })).rejects.toThrow(
      'operators.entities.CREDITCARD: unknown entity type (did you mean CREDIT_CARD?)',
    );
    await expect(privacy.anonymizeRecord({ note: text }, { operators })).rejects.toThrow(/^operators\.entities\.CREDITCARD: /);
    const custom = { default: { operator: 'keep' }, entities: { TICKET_ID: { operator: 'redact' } } };
    const findings = [{ type: 'TICKET_ID', start: 0, end: 4, score: 1 }];
    expect(await privacy.anonymizeText('T-17 open', { operators: custom, findings })).toBe('[REDACTED TICKET ID] open');
    expect(await privacy.anonymizeRecord({ id: 'T-17' }, { operators: custom, wholeFields: { id: 'TICKET_ID' } })).toEqual({
      id: '[REDACTED TICKET ID]',
    });
  });
});

describe('anonymize requests: field paths', () => {
  it('answers 400 naming the option for a path that cannot be parsed', async () => {
    const token = s.tokens['analyst']!;
    const cases: [string[], RegExp][] = [
      [['a[[['], /^fields\[0\]: unexpected bracket in segment 1$/],
      [['a..b'], /^fields\[0\]: empty segment 2$/],
      [['a', '.secret-path'], /^fields\[1\]: empty segment 1$/],
    ];
    for (const [fields, message] of cases) {
      const r = await s.call('POST', '/v1/anonymize', { token, body: { record: { a: 'jane@example.com' }, fields } });
      expect({ fields, status: r.status }).toEqual({ fields, status: 400 });
      expect(r.body.message).toMatch(message);
      expect(r.text).not.toContain('jane@example.com');
      expect(r.text).not.toContain('secret-path');
    }
  });

  it('PrivacyManager names subjectField and wholeFields too', async () => {
    const privacy = new PrivacyManager();
    await expect(privacy.anonymizeRecord({ a: 'x' }, { subjectField: 'a[' })).rejects.toThrow('subjectField: unexpected bracket in segment 1');
    await expect(privacy.anonymizeRecord({ a: 'x' }, { wholeFields: { 'a..b': 'PERSON' } })).rejects.toThrow('wholeFields.a..b: empty segment 2');
  });
});
