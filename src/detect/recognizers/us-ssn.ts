/**
 * US_SSN: "AAA-GG-SSSS" (one separator kind, or none). Areas 000, 666 and 900-999, group 00 and
 * serial 0000 are never issued (BR-08). Nine bare digits are weak evidence: they need context.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidUsSsn } from '../validators/us.js';
import { standsAlone } from './boundary.js';

export const usSsnRecognizer = defineBuiltinRecognizer({
  name: 'us-ssn',
  entityType: 'US_SSN',
  patterns: [{ name: 'ssn', minDigits: 9, accepts: { digits: [9, 9], alone: 'both' }, near: { cluster: 9, only: ' -.', before: 0, after: 0 }, regex: '\\d{3}[- .]?\\d{2}[- .]?\\d{4}', score: 0.85 }],
  context: ['ssn', 'social security', 'social', 'security', 'ssa', 'ss#', 'ssns'],
  refine: (m) => {
    if (!standsAlone(m.text, m.start, m.end, 'separates') || !isValidUsSsn(m.value)) return null;
    const sep = m.value.length === 11 ? m.value[3] : '';
    if (sep === '-') return { start: m.start, end: m.end, score: 0.85, validator: 'passed', validated: true };
    if (sep === ' ' || sep === '.') return { start: m.start, end: m.end, score: 0.4, validator: 'passed' };
    return { start: m.start, end: m.end, score: 0.3, validator: 'passed' };
  },
});
