/**
 * The overlap policy: disjoint output, contained candidates dropped, partial overlaps of
 * different types merged under the winner so no fragment is left (BR-05), and same-type
 * neighbours never merged across punctuation.
 */
import { describe, expect, it } from 'vitest';
import { resolveOverlaps, type ScoredCandidate } from '../../src/detect/overlap.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const c = (type: string, start: number, end: number, score: number, validated = false): ScoredCandidate => ({
  type, start, end, score, validated, recognizer: type.toLowerCase(), validator: 'none', contextWords: [], baseScore: score,
});
const spans = (cs: ScoredCandidate[]) => cs.map((x) => [x.type, x.start, x.end]);

describe('overlap policy', () => {
  it('drops a candidate inside a validated span (digits of a card are not a phone)', () => {
    expect(spans(resolveOverlaps([c('PHONE_NUMBER', 5, 14, 0.8), c('CREDIT_CARD', 0, 19, 1, true)]))).toEqual([
      ['CREDIT_CARD', 0, 19],
    ]);
  });

  it('merges partial overlaps of different types into the winner (BR-05: card + URL)', () => {
    const out = resolveOverlaps([c('CREDIT_CARD', 17, 36, 1, true), c('URL', 32, 40, 0.6)]);
    expect(spans(out)).toEqual([['CREDIT_CARD', 17, 40]]);
  });

  it('a validated span wins over a higher-scoring unvalidated one', () => {
    expect(spans(resolveOverlaps([c('DATE_TIME', 0, 10, 0.95), c('US_SSN', 0, 11, 0.85, true)]))[0]![0]).toBe('US_SSN');
  });

  it('keeps same-type neighbours apart when they only touch or sit across punctuation', () => {
    const out = resolveOverlaps([c('PHONE_NUMBER', 0, 8, 0.6), c('PHONE_NUMBER', 9, 17, 0.6), c('PHONE_NUMBER', 17, 20, 0.6)]);
    expect(spans(out)).toEqual([['PHONE_NUMBER', 0, 8], ['PHONE_NUMBER', 9, 17], ['PHONE_NUMBER', 17, 20]]);
  });

  it('is independent of input order and always disjoint', () => {
    const cs = [c('A', 0, 5, 0.7), c('B', 3, 9, 0.9), c('C', 8, 12, 0.6, true), c('D', 20, 25, 0.5)];
    const forward = spans(resolveOverlaps([...cs]));
    const backward = spans(resolveOverlaps([...cs].reverse()));
    expect(forward).toEqual(backward);
    const out = resolveOverlaps(cs);
    for (let i = 1; i < out.length; i++) expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.end);
  });

  it('end to end: a card glued to ".com" is one span covering both', () => {
    const text = 'Fake card number 4111 1111 1111 1111.com that overlaps with nonexisting URL.';
    const found = createAnalyzer().analyze(text).filter((f) => f.start < 40 && f.end > 17);
    expect(found).toHaveLength(1);
    expect([found[0]!.start, found[0]!.end]).toEqual([17, 40]);
  });
});
