/**
 * CREDIT_CARD: 12-19 digits, plain or grouped with one kind of separator, Luhn-valid with an
 * issuer prefix (BR-02).
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidCreditCard } from '../validators/credit-card.js';
import { standsAlone } from './boundary.js';

export const creditCardRecognizer = defineBuiltinRecognizer({
  name: 'credit-card',
  entityType: 'CREDIT_CARD',
  // The validator takes 12 to 19 digits (`accepts`), the pattern alone 8 or more.
  patterns: [{ name: 'card', minDigits: 12, accepts: { digits: [12, 19], alone: 'both' }, near: { cluster: 8, only: ' -', before: 0, after: 0 }, regex: '\\d{12,}|\\d{4}(?:[ \\-]\\d{2,7}){2,6}', score: 1 }],
  context: ['card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'payment', 'pan'],
  contextByLanguage: { de: ['karte', 'kreditkarte'], fr: ['carte'], es: ['tarjeta'], it: ['carta'] },
  refine: (m) => {
    // No shortening: dropping a group from a Luhn-invalid number finds a "valid" shorter one
    // one time in ten (BR-02's 1242 2341 3673 9999 would become a 12-digit card).
    if (!standsAlone(m.text, m.start, m.end, 'separates') || !isValidCreditCard(m.value)) return null;
    const grouped = /[ -]/.test(m.value);
    return { start: m.start, end: m.end, score: grouped ? 1 : 0.9, validator: 'passed', validated: true };
  },
});
