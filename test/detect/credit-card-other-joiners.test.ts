/**
 * Card numbers joined by full stops, slashes, underscores or spaced dashes (break-it pass, round
 * 12): forms, exports and file names print them so, and none was found.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('credit card: groups joined by other characters', () => {
  it.each([
    ['Card: 4111.1111.1111.1111', '4111.1111.1111.1111'],
    ['card 5500.0000.0000.0004 on file', '5500.0000.0000.0004'],
    ['card 4111/1111/1111/1111', '4111/1111/1111/1111'],
    ['card 4111_1111_1111_1111', '4111_1111_1111_1111'],
    ['card 4111 - 1111 - 1111 - 1111', '4111 - 1111 - 1111 - 1111'],
    ['amex 3782.822463.10005', '3782.822463.10005'],
    ['scan_4111_1111_1111_1111.pdf', '4111_1111_1111_1111'],
    ['Paid with 4111.1111.1111.1111.', '4111.1111.1111.1111'],
  ])('%j', (text, card) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['CREDIT_CARD', card]);
  });

  it.each([
    // Luhn fails, a fifth group, mixed joiners, and a grouping no card is printed in.
    'ref 1234.5678.9012.3456',
    'v 4111.1111.1111.1111.5',
    'x 4111.1111/1111.1111',
    'id 41111.1111.1111.111',
  ])('not a card: %j', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'CREDIT_CARD')).toEqual([]);
  });
});
