/**
 * National identifiers after their labels and reference numbers after theirs (break-it pass,
 * round 12): a compact Swedish personnummer and a South African ID after "SA ID" were not
 * found; "NINO AB123456C" and "NRIC S1234567D" took the label into the identifier's span (a
 * name read by the lexicon ran into it); order, invoice and ticket numbers read as phone numbers.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('national identifiers after their labels', () => {
  it.each([
    ['personnummer: 191212121212', 'SE_PERSONNUMMER', '191212121212'],
    ['SA ID 8001015009087', 'ZA_ID', '8001015009087'],
    ['NINO AB123456C', 'UK_NINO', 'AB123456C'],
    ['NRIC S1234567D', 'SG_NRIC_FIN', 'S1234567D'],
    ['my NINO: AB 12 34 56 C', 'UK_NINO', 'AB 12 34 56 C'],
  ])('%j', (text, type, value) => {
    expect(typedSpans(analyzer, text)).toContainEqual([type, value]);
  });

  it('a bare 12-digit number is no personnummer', () => {
    expect(typedSpans(analyzer, 'order total 191212121212')).not.toContainEqual(['SE_PERSONNUMMER', '191212121212']);
  });
});

describe('a reference label before a number blocks the phone reading', () => {
  it.each(['order 2024-0045', 'Order #100234567', 'order no. 7731-2290-11', 'Invoice: 415-555-2671', 'Ticket 4155552671'])(
    '%j',
    (text) => {
      expect(typedSpans(analyzer, text).filter(([type]) => type === 'PHONE_NUMBER')).toEqual([]);
    },
  );

  it.each([
    ['order 123 shipped, call 415-555-2671', '415-555-2671'],
    ['Ref: +1 415 555 2671', '+1 415 555 2671'],
    ['disorder clinic 415-555-2671', '415-555-2671'],
  ])('still a phone number: %j', (text, phone) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['PHONE_NUMBER', phone]);
  });
});
