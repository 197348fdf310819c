import { describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';

async function generalize(
  value: string,
  type: string,
  options: Record<string, unknown> = {},
): Promise<string> {
  const anonymizer = await createAnonymizer({ default: { operator: 'generalize', ...options } });
  return anonymizer.text(value, [{ type, start: 0, end: value.length, score: 1 }]);
}

describe('generalize: dates to month or year, numbers to buckets', () => {
  it('turns dates of several formats into their month', async () => {
    expect(await generalize('2024-03-17', 'DATE_TIME')).toBe('2024-03');
    expect(await generalize('1980-07-28 19:49:46', 'DATE_TIME')).toBe('1980-07');
    expect(await generalize('03/17/2024', 'DATE_TIME')).toBe('2024-03');
    expect(await generalize('17.03.2024', 'DATE_TIME')).toBe('2024-03');
    expect(await generalize('March 17, 2024', 'DATE_TIME')).toBe('2024-03');
    expect(await generalize('17 Mar 2024', 'DATE_TIME')).toBe('2024-03');
  });

  it('keeps only the year when asked, and reads day-first dates when configured', async () => {
    expect(await generalize('2024-03-17', 'DATE_TIME', { granularity: 'year' })).toBe('2024');
    expect(await generalize('05/04/2024', 'DATE_TIME', { dayFirst: true })).toBe('2024-04');
  });

  it('puts numbers into buckets of the configured width', async () => {
    expect(await generalize('34', 'AGE')).toBe('30-39');
    expect(await generalize('65', 'AGE', { bucket: 5 })).toBe('65-69');
    expect(await generalize('0', 'AGE')).toBe('0-9');
  });

  it('redacts what is neither a date nor a number, instead of passing it through', async () => {
    expect(await generalize('Ann Lee', 'PERSON')).toBe('[REDACTED NAME]');
    expect(await generalize('2024-02-30', 'DATE_TIME')).toBe('[REDACTED DATE]');
  });
});
