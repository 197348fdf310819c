/**
 * Toll-free numbers spelt with letters (found by round 18's verification pass, left in clear):
 * the letters read by the phone keypad, the number checked against the plan, the span as
 * written. Product codes, a code alone and words in small letters are no phone numbers.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});
const patternsOnly = createAnalyzer({ recognizers: patternRecognizers });

describe('phone: vanity numbers', () => {
  it.each([
    ['call 1-800-FLOWERS now', '1-800-FLOWERS'],
    ['1-800-GOT-MILK', '1-800-GOT-MILK'],
    ['(800) FLO-WERS', '(800) FLO-WERS'],
    ['Support: +1 888 NOT WORK', '+1 888 NOT WORK'],
    ['Call 1.800.GOT.MILK today', '1.800.GOT.MILK'],
    ['call 800-FLOWERS.', '800-FLOWERS'],
    ['1-800-CONTACTS', '1-800-CONTACTS'],
    ['1-800-Flowers', '1-800-Flowers'],
    ['dial 1-877-KARS4KIDS', '1-877-KARS4KIDS'],
    ['+1-833-CALL-NOW', '+1-833-CALL-NOW'],
    ['1 (844) 4MY-HOME', '1 (844) 4MY-HOME'],
    // Before, only "1-800-555" was reported.
    ['1-800-555-TELL', '1-800-555-TELL'],
  ])('%j', (text, span) => {
    expect(typedSpans(analyzer, text)).toEqual([['PHONE_NUMBER', span]]);
    expect(typedSpans(patternsOnly, text)).toEqual([['PHONE_NUMBER', span]]);
  });

  it('explains the finding as the vanity pattern with a passed plan check', () => {
    const explained = createAnalyzer({ explain: true }).analyze('1-800-FLOWERS');
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatchObject({ type: 'PHONE_NUMBER', start: 0, end: 13, score: 0.6 });
    expect(JSON.stringify(explained[0])).toContain('vanity');
  });

  it.each([
    'SKU-800-ABCD',
    'SKU-800-ABCDEFG',
    'part X-888-TURBOXX',
    '1-800',
    'call 1-800 for help',
    '1-800-flowers',
    '1 800 NEW USERS',
    '800 NEW USERS',
    'we sold 800 FLOWERS',
    '21-800-FLOWERS',
    'A1-800-FLOWERS',
    '1-800-FLOWERS-123',
    '1-800-FLOWERSHOPPING',
    '1-800-356-937A',
    '1-800-1ABCDEF',
    '1-900-FLOWERS',
    '1-800-ABC',
  ])('no phone number in %j', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'PHONE_NUMBER')).toEqual([]);
  });
});
