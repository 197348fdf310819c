/**
 * Phone numbers: a slash with a whole number on its other side separates two values, since no
 * area code or local part holds seven digits (round 12). "4155552671/4155552672" and
 * "(415) 555-2671/415-555-2671" were both left in clear, and "+44 20 7946 0958/4111…" left
 * "0958". An area code with a space on each side of its slash ("030 / 1234 5678") is read with
 * the area-code rule, like "030/1234567".
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('phone: two values joined by a slash', () => {
  it.each([
    [
      'call 4155552671/4155552672 now',
      [
        ['PHONE_NUMBER', '4155552671'],
        ['PHONE_NUMBER', '4155552672'],
      ],
    ],
    [
      'call (415) 555-2671/415-555-2671 now',
      [
        ['PHONE_NUMBER', '(415) 555-2671'],
        ['PHONE_NUMBER', '415-555-2671'],
      ],
    ],
    [
      'call +44 20 7946 0958/4111111111111111 now',
      [
        ['PHONE_NUMBER', '+44 20 7946 0958'],
        ['CREDIT_CARD', '4111111111111111'],
      ],
    ],
    // An area code before the slash: one number, with a context word.
    ['Tel 030/1234567', [['PHONE_NUMBER', '030/1234567']]],
    ['Tel. 030 / 1234 5678', [['PHONE_NUMBER', '030 / 1234 5678']]],
    ['Tel: 0301 / 234567', [['PHONE_NUMBER', '0301 / 234567']]],
  ])('%j', (text, expected) => {
    expect(typedSpans(analyzer, text)).toEqual(expected);
  });

  it.each(['ratio 1234567/12', 'in 2019 / 2020 sales', '030 / 1234 5678'])(
    '%j holds no phone number (a fraction, a season, no context word)',
    (text) => {
      expect(typedSpans(analyzer, text).filter(([type]) => type === 'PHONE_NUMBER')).toEqual([]);
    },
  );
});
