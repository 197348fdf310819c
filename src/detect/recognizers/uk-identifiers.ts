/**
 * United Kingdom identifiers: NHS numbers (mod-11 check; a 10-digit mod-11 check passes one
 * random number in eleven, so context is needed) and National Insurance numbers (HMRC prefix
 * rules; a distinctive format that stands on its own).
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidUkNhs, isValidUkNino } from '../validators/national-ids.js';
import { checked } from './refine.js';

export const ukNhsRecognizer = defineBuiltinRecognizer({
  name: 'uk-nhs',
  entityType: 'UK_NHS',
  patterns: [{ name: 'nhs', minDigits: 10, accepts: { digits: [10, 10], alone: 'both' }, near: { cluster: 10, only: ' -', before: 0, after: 0 }, regex: '\\d{3}[- ]?\\d{3}[- ]?\\d{4}', score: 0.3 }],
  context: ['nhs', 'health', 'patient', 'national health', 'hospital', 'gp'],
  refine: checked(isValidUkNhs, { validated: false }),
  maxScore: 0.3,
});

export const ukNinoRecognizer = defineBuiltinRecognizer({
  name: 'uk-nino',
  entityType: 'UK_NINO',
  patterns: [{ name: 'nino', minDigits: 6, accepts: { digits: [6, 6], alone: 'neither' }, needsAny: 'ABCD', near: { cluster: 6, only: ' ', before: 3, after: 2 }, regex: '[A-Z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]', score: 0.75 }],
  context: ['national insurance', 'nino', 'ni', 'insurance'],
  refine: checked(isValidUkNino),
});
