import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { dateShiftOffset } from '../../src/anonymize/operators/date-shift.js';

const KEY = 'd'.repeat(32);

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

describe('date-shift: bounded, keyed, consistent per subject', () => {
  beforeEach(() => {
    process.env.VEIL_TEST_SHIFT_KEY = KEY;
  });
  afterEach(() => {
    delete process.env.VEIL_TEST_SHIFT_KEY;
  });

  const shifter = (maxDays = 30) =>
    createAnonymizer({
      default: { operator: 'date-shift', key: 'env:VEIL_TEST_SHIFT_KEY', maxDays },
    });
  const whole = (v: string) => [{ type: 'DATE_TIME', start: 0, end: v.length, score: 1 }];

  it('shifts every date of one subject by the same non-zero offset within the bound', async () => {
    const anonymizer = await shifter(30);
    const a = anonymizer.text('2024-03-01', whole('2024-03-01'), { subject: 'patient-17' });
    const b = anonymizer.text('2024-03-20', whole('2024-03-20'), { subject: 'patient-17' });
    const shift = daysBetween('2024-03-01', a);
    expect(shift).not.toBe(0);
    expect(Math.abs(shift)).toBeLessThanOrEqual(30);
    expect(daysBetween('2024-03-20', b)).toBe(shift);
    expect(daysBetween(a, b)).toBe(19);
  });

  it('keeps the input format and the time of day', async () => {
    const anonymizer = await shifter(10);
    const offset = dateShiftOffset(new TextEncoder().encode(KEY), 's', 10);
    const out = anonymizer.text('03/05/2024 10:30', whole('03/05/2024 10:30'), { subject: 's' });
    const expected = new Date(Date.UTC(2024, 2, 5 + offset));
    const mm = String(expected.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(expected.getUTCDate()).padStart(2, '0');
    expect(out).toBe(`${mm}/${dd}/2024 10:30`);
  });

  it('spreads offsets over the whole range for different subjects', () => {
    const key = new TextEncoder().encode(KEY);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const o = dateShiftOffset(key, `subject-${i}`, 5);
      expect(o).not.toBe(0);
      expect(Math.abs(o)).toBeLessThanOrEqual(5);
      seen.add(o);
    }
    expect(seen.size).toBe(10);
  });

  it('redacts a value it cannot read as a date', async () => {
    const anonymizer = await shifter();
    expect(anonymizer.text('next Tuesday', whole('next Tuesday'))).toBe('[REDACTED DATE]');
  });
});
