/**
 * The overlap policy's containers: a URL or e-mail address holding the accepted spans it
 * overlaps replaces them, rather than a date of its query string growing to its length.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { resolveOverlaps, type ScoredCandidate } from '../../src/detect/overlap.js';

const c = (type: string, start: number, end: number, score: number, validated = false): ScoredCandidate => ({
  type, start, end, score, validated, recognizer: type.toLowerCase(), validator: 'none', contextWords: [], baseScore: score,
});
const spans = (cs: ScoredCandidate[]) => cs.map((x) => [x.type, x.start, x.end]);

describe('overlap policy: containers', () => {
  it('a URL holding a stronger date replaces it', () => {
    const out = resolveOverlaps([c('DATE_TIME', 25, 35, 1, true), c('URL', 0, 53, 0.95, true)]);
    expect(spans(out)).toEqual([['URL', 0, 53]]);
  });

  it('an e-mail address holding an IP address replaces it', () => {
    const out = resolveOverlaps([c('IP_ADDRESS', 11, 19, 1, true), c('EMAIL_ADDRESS', 0, 19, 0.9, true)]);
    expect(spans(out)).toEqual([['EMAIL_ADDRESS', 0, 19]]);
  });

  it('a URL only partly over a span still merges into it (no fragment left)', () => {
    const out = resolveOverlaps([c('CREDIT_CARD', 17, 36, 1, true), c('URL', 32, 40, 0.6)]);
    expect(spans(out)).toEqual([['CREDIT_CARD', 17, 40]]);
  });

  it('a span that is no container still grows over what it holds', () => {
    const out = resolveOverlaps([c('CREDIT_CARD', 5, 21, 1, true), c('LOCATION', 0, 30, 0.6)]);
    expect(spans(out)).toEqual([['CREDIT_CARD', 0, 30]]);
  });

  it('the analyzer reports a URL with a date in its query as URL', () => {
    const text = 'see https://example.com/?dob=1985-03-14&name=John%20Smith ok';
    const found = createAnalyzer().analyze(text).map((f) => [f.type, text.slice(f.start, f.end)]);
    expect(found).toEqual([['URL', 'https://example.com/?dob=1985-03-14&name=John%20Smith']]);
  });
});
