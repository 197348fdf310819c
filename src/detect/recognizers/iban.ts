/**
 * IBAN_CODE: compact or in groups of four (joined by spaces, dashes, full stops or underscores,
 * mixed or not), either case. Validation is ibantools plus the
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
      // Groups of four joined by spaces, or by dashes, full stops or underscores as some banks,
      // forms and file names print them ("DE89-3704-0044-0532-0130-00"). The kinds may be mixed
      // ("DE89 3704-0044 0532 0130 00", round 12: before, one kind per IBAN, and that one left
      // "DE89" in clear and its groups read as phone numbers): the mod-97 check, not the
      // separators, tells an IBAN.
      regex:
        '[A-Za-z]{2}\\d{2}(?:[A-Za-z0-9]{11,}|(?:[ .\\-_][A-Za-z0-9]{4}){2,7}(?:[ .\\-_][A-Za-z0-9]{1,4})?)',
      score: 1,
    },
  ],
  context: ['iban', 'bank', 'account', 'transfer', 'payment'],
  contextByLanguage: { de: ['konto', 'bankverbindung'], fr: ['compte'], es: ['cuenta'], it: ['conto'] },
  refine: (m) => {
    // The character after the check digits: a space, dash, full stop or underscore joins the
    // groups.
    const grouped = isGroupSeparator(m.value.charCodeAt(4));
    let end = m.end;
    for (let tries = 0; tries < 20 && end - m.start >= 15; tries++) {
      const written = end === m.end ? m.value : m.text.slice(m.start, end);
      // Either all letters upper-case or all lower-case: "Gb82West…" is not how IBANs are
      // written. Asked of each shortened value: the next word a greedy match ran into ("BE68
      // 5390 0754 7034 sent") has its own case.
      const oneCase = written === written.toUpperCase() || written === written.toLowerCase();
      if (oneCase && standsAlone(m.text, m.start, end, 'separates')) {
        // The validator reads the electronic form, dropping the other separators itself.
        const value = written.toUpperCase().replaceAll('_', '');
        if (isValidIban(value)) return { start: m.start, end, score: 1, validator: 'passed', validated: true };
        // Right length and mod-97 but a national check digit (the French RIB key, say) wrong:
        // still an IBAN as far as anyone reading the text is concerned.
        if (hasIbanChecksum(value)) return { start: m.start, end, score: 0.85, validator: 'failed', validated: true };
      }
      if (grouped) {
        let cut = end - 1;
        while (cut > m.start && !isGroupSeparator(m.text.charCodeAt(cut))) cut--;
        if (cut <= m.start) break;
        end = cut;
      } else {
        end--;
      }
    }
    return null;
  },
});

/** A space, dash, full stop or underscore: what joins an IBAN's groups. */
function isGroupSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 46 || code === 95;
}
