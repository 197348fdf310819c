/**
 * A decimal number with a phone number's count of digits ("0.123456789", "1234567.89") is not
 * reported as a phone number on its own: two groups joined by one dot, one of them longer than
 * a phone number's written groups, need a context word. With one ("tel. 030.12345678") the
 * number is still found, and dotted numbers of short groups ("555.123.4567") are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const phones = (text: string): string[] =>
  analyzer
    .analyze(text)
    .filter((f) => f.type === 'PHONE_NUMBER')
    .map((f) => text.slice(f.start, f.end));

describe('phone: decimals', () => {
  it.each([
    'The ratio was 0.123456789 today.',
    'Total 1234567.89 USD',
    'price 4155552671.5',
    'amount 0.4155552671',
    'e=2.718281828',
    'lat 51.5073509, lon -0.1277583',
  ])('reports no phone number in %j', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it('finds the same shapes next to a context word, and short dotted groups alone', () => {
    expect(phones('tel. 030.12345678')).toEqual(['030.12345678']);
    expect(phones('Call 555.1234567 now')).toEqual(['555.1234567']);
    expect(phones('Office 555.123.4567')).toEqual(['555.123.4567']);
    expect(phones('+49 30.12345678')).toEqual(['+49 30.12345678']);
  });
});
