/**
 * Phone numbers: a "+" number after a slash and a digit is a number of its own, since the
 * digits before the slash cannot be its area code (verify11, 2026-12-05). The second number of
 * each row was left in clear (or lost its country code) before.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('phone: a "+" number after a slash and a digit', () => {
  it.each([
    [
      'call +14155552671/+14155552672',
      [
        ['PHONE_NUMBER', '+14155552671'],
        ['PHONE_NUMBER', '+14155552672'],
      ],
    ],
    [
      'tel +44 20 7946 0958/+44 20 7946 0959',
      [
        ['PHONE_NUMBER', '+44 20 7946 0958'],
        ['PHONE_NUMBER', '+44 20 7946 0959'],
      ],
    ],
    // Digits before a slash are still an area code of a national number, read whole or not at all.
    ['call 415/555-2671 today', [['PHONE_NUMBER', '415/555-2671']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves no digit of either number in the anonymized text', async () => {
    const text = 'mobile +14155552671/+14155552672 ok';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      'mobile [REDACTED PHONE]/[REDACTED PHONE] ok',
    );
  });
});
