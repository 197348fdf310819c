/**
 * Syslog's time stamp pads a one-digit day with a second space ("Dec  5 10:22:01"): the month
 * was read as a name ("Dec", "Jan") and the day left in clear (round 12 break-it pass).
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});
const spans = (text: string) =>
  typedSpans(analyzer, text).map(([type, span]) => `${type}:${span}`);

describe('date: syslog stamps', () => {
  it('reads the padded stamp as one DATE_TIME', () => {
    expect(spans('Dec  5 10:22:01 host sshd[1]: ok')).toEqual(['DATE_TIME:Dec  5 10:22:01']);
    expect(spans('Jan  1 00:00:01 web kernel: up')).toEqual(['DATE_TIME:Jan  1 00:00:01']);
  });

  it('takes the second space only before a one-digit day', () => {
    expect(spans('Dec  15 units')).not.toContain('DATE_TIME:Dec  15');
  });
});
