/**
 * IBAN_CODE: compact or in groups of four (joined by spaces, dashes or full stops), either case. Validation is ibantools plus the
 * check-digit and registry-coverage rules of `validators/iban.ts` (BR-10, BR-12). A greedy match
 * that ran into the next word is shortened until it validates.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { hasIbanChecksum, isValidIban } from '../validators/iban.js';
import { ASCII_LETTERS, standsAlone } from './boundary.js';

export const ibanRecognizer = defineBuiltinRecognizer({
  name: 'iban',
  entityType: 'IBAN_CODE',
  patterns: [
    {
      name: 'iban',
      minDigits: 11,
      needsAny: ASCII_LETTERS,
      // Groups of four joined by spaces, or by dashes or full stops as some banks and forms print
      // them ("DE89-3704-0044-0532-0130-00"), one kind per IBAN.
      regex:
        '[A-Za-z]{2}\\d{2}(?:[A-Za-z0-9]{11,}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?|(?:-[A-Za-z0-9]{4}){2,7}(?:-[A-Za-z0-9]{1,4})?|(?:\\.[A-Za-z0-9]{4}){2,7}(?:\\.[A-Za-z0-9]{1,4})?)',
      score: 1,
    },
  ],
  context: ['iban', 'bank', 'account', 'transfer', 'payment'],
  contextByLanguage: { de: ['konto', 'bankverbindung'], fr: ['compte'], es: ['cuenta'], it: ['conto'] },
  refine: (m) => {
    // The character after the check digits: a space, dash or full stop joins the groups.
    const separator = m.value.charAt(4);
    const grouped = separator === ' ' || separator === '-' || separator === '.';
    let end = m.end;
    for (let tries = 0; tries < 20 && end - m.start >= 15; tries++) {
      const written = end === m.end ? m.value : m.text.slice(m.start, end);
      // Either all letters upper-case or all lower-case: "Gb82West…" is not how IBANs are
      // written. Asked of each shortened value: the next word a greedy match ran into ("BE68
      // 5390 0754 7034 sent") has its own case.
      const oneCase = written === written.toUpperCase() || written === written.toLowerCase();
      if (oneCase && standsAlone(m.text, m.start, end, 'separates')) {
        const value = written.toUpperCase();
        if (isValidIban(value)) return { start: m.start, end, score: 1, validator: 'passed', validated: true };
        // Right length and mod-97 but a national check digit (the French RIB key, say) wrong:
        // still an IBAN as far as anyone reading the text is concerned.
        if (hasIbanChecksum(value)) return { start: m.start, end, score: 0.85, validator: 'failed', validated: true };
      }
      if (grouped) {
        const cut = m.text.lastIndexOf(separator, end - 1);
        if (cut <= m.start) break;
        end = cut;
      } else {
        end--;
      }
    }
    return null;
  },
});
