import { describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { operatorNames } from '../../src/anonymize/operators/index.js';

const TEXT = 'Call Ann at 555-0100 today';
const FINDINGS = [
  { type: 'PERSON', start: 5, end: 8, score: 0.9 },
  { type: 'PHONE_NUMBER', start: 12, end: 20, score: 0.9 },
];

describe('replace, remove, keep and per-type operators', () => {
  it('replace uses <TYPE> by default and a template with {type}', async () => {
    expect(
      (await createAnonymizer({ default: { operator: 'replace' } })).text(TEXT, FINDINGS),
    ).toBe('Call <PERSON> at <PHONE_NUMBER> today');
    const custom = await createAnonymizer({
      default: { operator: 'replace', template: '{{type}}' },
    });
    expect(custom.text(TEXT, FINDINGS)).toBe('Call {PERSON} at {PHONE_NUMBER} today');
  });

  it('remove deletes the entity and keep leaves it', async () => {
    const anonymizer = await createAnonymizer({
      default: { operator: 'remove' },
      entities: { PERSON: { operator: 'keep' } },
    });
    expect(anonymizer.text(TEXT, FINDINGS)).toBe('Call Ann at  today');
  });

  it('names the entry and lists the operators for an unknown operator', async () => {
    await expect(
      createAnonymizer({ entities: { PERSON: { operator: 'redakt' } } }),
    ).rejects.toThrow(
      `anonymize: entities.PERSON: unknown operator 'redakt'; expected one of ${operatorNames().join(', ')}`,
    );
  });

  it('refuses findings outside the string, naming the field and not the text', async () => {
    const anonymizer = await createAnonymizer();
    expect(() =>
      anonymizer.text('short secret', [{ type: 'PERSON', start: 6, end: 40, score: 1 }], {
        field: 'notes',
      }),
    ).toThrow(
      /field 'notes': finding 0 \(PERSON\) has span \[6, 40\) outside the string of length 12/,
    );
  });
});
