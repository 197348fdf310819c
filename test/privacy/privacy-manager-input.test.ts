/**
 * PrivacyManager's text and record methods refuse what is not text or a record with a
 * TypeError: from JavaScript, an object or a Buffer passed as text came back unchanged (and
 * `detectEntities` found nothing), its personal data in clear (round 12). The message names the
 * kind of value, never the value.
 */
import { describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const privacy = new PrivacyManager();
const wrong: Array<[string, unknown]> = [
  ['an object', { email: 'bob@example.com' }],
  ['a Buffer', Buffer.from('bob@example.com')],
  ['an array', ['bob@example.com']],
  ['null', null],
  ['a number', 4111111111111111],
];

describe('PrivacyManager: input types', () => {
  it.each(wrong)('detectEntities and the text methods refuse %s', async (_kind, value) => {
    const asText = value as string;
    expect(() => privacy.detectEntities(asText)).toThrow(TypeError);
    await expect(privacy.anonymizeText(asText)).rejects.toThrow(TypeError);
    await expect(privacy.anonymizeTextReversibly(asText)).rejects.toThrow(TypeError);
    await expect(privacy.deanonymizeText(asText, [])).rejects.toThrow(TypeError);
    try {
      privacy.detectEntities(asText);
    } catch (error) {
      expect((error as Error).message).toMatch(/^PrivacyManager\.detectEntities: text must be a string, got /);
      expect((error as Error).message).not.toContain('bob');
      expect((error as Error).message).not.toContain('4111');
    }
  });

  it('anonymizeRecord refuses what is not a record', async () => {
    for (const value of ['bob@example.com', ['bob@example.com'], null]) {
      await expect(privacy.anonymizeRecord(value as never)).rejects.toThrow(/record must be an object/);
    }
  });

  it('a record nested deeper than 1,000 levels, or holding a cycle, is a TypeError, not a stack overflow', async () => {
    // Round 13: 10,000 levels or a cycle threw a bare RangeError from deep inside the walk.
    let deep: Record<string, unknown> = { note: 'mail bob@example.com' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    let deepArray: unknown = ['bob@example.com'];
    for (let i = 0; i < 5_000; i++) deepArray = [deepArray];
    const cyclic: Record<string, unknown> = { note: 'mail bob@example.com' };
    cyclic['self'] = { back: cyclic };
    await expect(privacy.anonymizeRecord(deep as never)).rejects.toThrow(
      /^PrivacyManager\.anonymizeRecord: record is nested more than 1000 levels deep$/,
    );
    await expect(privacy.anonymizeRecord({ list: deepArray } as never)).rejects.toThrow(/nested more than 1000 levels/);
    await expect(privacy.anonymizeRecord(cyclic as never)).rejects.toThrow(/refers to itself \(a cycle\)/);
    await expect(privacy.pseudonymizeData([{ id: 'a' }, cyclic] as never, { fields: ['id'] } as never)).rejects.toThrow(
      /pseudonymizeData \(record 1\): record refers to itself/,
    );
    // The same object twice side by side is no cycle, and each copy is anonymized once: with
    // structuredClone the two stayed one object and came out "[REDACTED EMAIL]]".
    const shared = { email: 'bob@example.com' };
    expect(await privacy.anonymizeRecord({ a: shared, b: shared, c: [shared, shared] })).toEqual({
      a: { email: '[REDACTED EMAIL]' },
      b: { email: '[REDACTED EMAIL]' },
      c: [{ email: '[REDACTED EMAIL]' }, { email: '[REDACTED EMAIL]' }],
    });
    expect(shared.email).toBe('bob@example.com');
    const parsed = JSON.parse('{"__proto__":{"email":"bob@example.com"}}') as Record<string, unknown>;
    const out1 = (await privacy.anonymizeRecord(parsed as never)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out1)).toBe(Object.prototype);
    expect(JSON.stringify(out1)).toBe('{"__proto__":{"email":"[REDACTED EMAIL]"}}');
    let ok: Record<string, unknown> = { note: 'mail bob@example.com' };
    for (let i = 0; i < 998; i++) ok = { a: ok };
    const out = (await privacy.anonymizeRecord(ok as never)) as Record<string, unknown>;
    expect(JSON.stringify(out)).toContain('[REDACTED EMAIL]');
  });

  it('still takes text and records', async () => {
    expect(await privacy.anonymizeText('mail bob@example.com')).toBe('mail [REDACTED EMAIL]');
    expect(await privacy.anonymizeRecord({ note: 'mail bob@example.com' })).toEqual({ note: 'mail [REDACTED EMAIL]' });
  });
});
