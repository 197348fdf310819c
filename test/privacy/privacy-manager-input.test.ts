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

  it('still takes text and records', async () => {
    expect(await privacy.anonymizeText('mail bob@example.com')).toBe('mail [REDACTED EMAIL]');
    expect(await privacy.anonymizeRecord({ note: 'mail bob@example.com' })).toEqual({ note: 'mail [REDACTED EMAIL]' });
  });
});
