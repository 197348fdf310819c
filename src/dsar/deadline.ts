/**
 * Deadline arithmetic for data-subject requests, per law. All dates are UTC calendar dates.
 *
 * - GDPR Art. 12(3): one month from receipt, extendable by two further months when the subject
 *   is told, with reasons, within the first month. A month is counted as in Regulation (EEC,
 *   Euratom) No 1182/71: the period ends on the same day-of-month in the target month, or on its
 *   last day when that month is shorter (31 January + 1 month = 28 or 29 February).
 * - CCPA (Civ. Code 1798.130(a)(2), Regs 7021): 45 calendar days, extendable once by 45 more
 *   with notice within the first 45; receipt acknowledged within 10 business days (Monday to
 *   Friday; public holidays are not modelled).
 * - HIPAA (45 CFR 164.524(b)(2)): 30 days, extendable once by 30 with written notice within the
 *   first 30.
 */

export type Jurisdiction = 'GDPR' | 'CCPA' | 'HIPAA';

const DAY = 86_400_000;

/** Midnight UTC of the calendar day that contains `date`. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function daysInUtcMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The calendar day `months` months after `date`, clamped to the end of a shorter month. */
export function addCalendarMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInUtcMonth(targetYear, targetMonth));
  return new Date(Date.UTC(targetYear, targetMonth, day));
}

export function addDays(date: Date, days: number): Date {
  return new Date(startOfUtcDay(date).getTime() + days * DAY);
}

/** The day `days` business days (Monday-Friday) after `date`. */
export function addBusinessDays(date: Date, days: number): Date {
  let current = startOfUtcDay(date);
  let left = days;
  while (left > 0) {
    current = new Date(current.getTime() + DAY);
    const weekday = current.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return current;
}

/** The last instant of the calendar day `date` (a deadline holds through its whole day). */
export function endOfUtcDay(date: Date): Date {
  return new Date(startOfUtcDay(date).getTime() + DAY - 1);
}

export interface Deadlines {
  /** Last day to answer without an extension. */
  readonly due: Date;
  /** Last day to answer when an extension notice was recorded in time. */
  readonly extendedDue: Date;
  /** Last day to send the extension notice (the end of the first period). */
  readonly extensionNoticeBy: Date;
  /** Last day to acknowledge receipt, where the law sets one (CCPA). */
  readonly acknowledgeBy: Date | null;
}

/** Computes the deadlines of a request received at `receivedAt` under `jurisdiction`. */
export function computeDeadlines(jurisdiction: Jurisdiction, receivedAt: Date): Deadlines {
  const received = startOfUtcDay(receivedAt);
  switch (jurisdiction) {
    case 'GDPR': {
      const due = addCalendarMonths(received, 1);
      return { due, extendedDue: addCalendarMonths(received, 3), extensionNoticeBy: due, acknowledgeBy: null };
    }
    case 'CCPA': {
      const due = addDays(received, 45);
      return { due, extendedDue: addDays(received, 90), extensionNoticeBy: due, acknowledgeBy: addBusinessDays(received, 10) };
    }
    case 'HIPAA': {
      const due = addDays(received, 30);
      return { due, extendedDue: addDays(received, 60), extensionNoticeBy: due, acknowledgeBy: null };
    }
  }
}

/** Formats a deadline day as `YYYY-MM-DD`. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
