import { describe, expect, it } from 'vitest';
import { addBusinessDays, addCalendarMonths, computeDeadlines, isoDay } from '../../src/dsar/deadline.js';

const d = (s: string): Date => new Date(`${s}T10:30:00Z`);

describe('dsar: deadline arithmetic', () => {
  it('GDPR: one calendar month, clamped at month ends, leap years included', () => {
    expect(isoDay(computeDeadlines('GDPR', d('2026-03-15')).due)).toBe('2026-04-15');
    expect(isoDay(computeDeadlines('GDPR', d('2026-01-31')).due)).toBe('2026-02-28');
    expect(isoDay(computeDeadlines('GDPR', d('2028-01-31')).due)).toBe('2028-02-29');
    expect(isoDay(computeDeadlines('GDPR', d('2026-12-31')).due)).toBe('2027-01-31');
    expect(isoDay(computeDeadlines('GDPR', d('2026-08-31')).due)).toBe('2026-09-30');
  });

  it('GDPR: the extension adds two further months to the receipt date', () => {
    const deadlines = computeDeadlines('GDPR', d('2026-11-30'));
    expect(isoDay(deadlines.extendedDue)).toBe('2027-02-28');
    expect(isoDay(deadlines.extensionNoticeBy)).toBe('2026-12-30');
  });

  it('CCPA: 45 days, 90 with the extension, acknowledgement in 10 business days', () => {
    const deadlines = computeDeadlines('CCPA', d('2026-12-04'));
    expect(isoDay(deadlines.due)).toBe('2027-01-18');
    expect(isoDay(deadlines.extendedDue)).toBe('2027-03-04');
    // Friday 4 December + 10 business days = Friday 18 December.
    expect(isoDay(deadlines.acknowledgeBy as Date)).toBe('2026-12-18');
    // Received on a Saturday: business days start on Monday.
    expect(isoDay(addBusinessDays(d('2026-12-05'), 1))).toBe('2026-12-07');
  });

  it('HIPAA: 30 days plus one 30-day extension, across a leap day', () => {
    const deadlines = computeDeadlines('HIPAA', d('2028-02-15'));
    expect(isoDay(deadlines.due)).toBe('2028-03-16');
    expect(isoDay(deadlines.extendedDue)).toBe('2028-04-15');
  });

  it('adds calendar months across years in both directions', () => {
    expect(isoDay(addCalendarMonths(d('2026-10-31'), 4))).toBe('2027-02-28');
    expect(isoDay(addCalendarMonths(d('2026-03-31'), -1))).toBe('2026-02-28');
  });
});
