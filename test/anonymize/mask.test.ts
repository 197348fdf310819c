import { describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';

async function mask(value: string, options: Record<string, unknown>): Promise<string> {
  const anonymizer = await createAnonymizer({ default: { operator: 'mask', ...options } });
  return anonymizer.text(value, [{ type: 'CREDIT_CARD', start: 0, end: value.length, score: 1 }]);
}

describe('mask: characters, count, direction, keep last N', () => {
  it('keeps the last four digits of a card and its separators', async () => {
    expect(await mask('4111 1111 1111 1111', { keepLast: 4 })).toBe('**** **** **** 1111');
    expect(await mask('4111-1111-1111-1111', { keepLast: 4, char: '#' })).toBe(
      '####-####-####-1111',
    );
  });

  it('masks a limited count from the start or from the end', async () => {
    expect(await mask('john.doe@example.com', { count: 4 })).toBe('****.doe@example.com');
    expect(await mask('555-123-4567', { count: 4, fromEnd: true })).toBe('555-123-****');
  });

  it('masks separators too when asked, and never leaves half of a surrogate pair', async () => {
    expect(await mask('a-b', { maskSeparators: true })).toBe('***');
    expect(await mask('Zoë 😀', {})).toBe('*** **');
  });

  it('refuses a mask "character" longer than one code unit, naming the option', async () => {
    await expect(createAnonymizer({ default: { operator: 'mask', char: '**' } })).rejects.toThrow(
      /default: invalid options for operator 'mask': char/,
    );
  });
});
