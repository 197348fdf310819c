/**
 * A card's security code and expiry after their labels (break-it pass, round 12): "cvv 123" was
 * left in clear, and "exp 09/26 CVC 737" left the month "09" in clear.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('card security code and expiry', () => {
  it.each([
    ['cvv 123', '123'],
    ['CVV2: 4567', '4567'],
    ['Exp: 09/2026, cvc2 737', '737'],
    ['Amex CID 1234', '1234'],
  ])('the security code in %j is a CREDENTIAL', (text, code) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['CREDENTIAL', code]);
  });

  it.each([
    ['Exp: 09/2026, cvc2 737', '09/2026'],
    ['valid thru 12/29', '12/29'],
    ['Expiry date: 9/26', '9/26'],
    ['Card 4111 1111 1111 1111, valid through 01/2030.', '01/2030'],
  ])('the expiry in %j is a DATE_TIME', (text, expiry) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['DATE_TIME', expiry]);
  });

  it('leaves no digit of "exp 09/26 CVC 737" in clear', async () => {
    const text = 'exp 09/26 CVC 737';
    expect(await anonymizeText(text, analyzer.analyze(text))).not.toMatch(/\d/);
  });

  it.each(['cid 1234', 'CSC 12345', 'cvc: 73', 'exp 13/26', 'the cvv field'])('nothing in %j', (text) => {
    expect(typedSpans(analyzer, text)).toEqual([]);
  });
});
