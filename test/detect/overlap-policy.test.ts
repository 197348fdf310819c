/**
 * The overlap policy: disjoint output, contained candidates dropped, partial overlaps of
 * different types merged under the winner so no fragment is left (BR-05), and same-type
 * neighbours never merged across punctuation.
 */
import fc from 'fast-check';
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

/**
 * The policy written plainly (one built-in sort, an array per cluster, one final sort): the
 * shipped version, with its insertion sorts and single-candidate clusters appended as they
 * come, must return the same spans with the same fields in the same order.
 */
function plainResolve(candidates: ScoredCandidate[]): ScoredCandidate[] {
  if (candidates.length <= 1) return candidates;
  const rank = (a: ScoredCandidate, b: ScoredCandidate): number => {
    const va = a.validated === true ? 1 : 0;
    const vb = b.validated === true ? 1 : 0;
    if (va !== vb) return vb - va;
    if (a.score !== b.score) return b.score - a.score;
    if (a.end - a.start !== b.end - b.start) return b.end - b.start - (a.end - a.start);
    if (a.start !== b.start) return a.start - b.start;
    return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
  };
  const resolveCluster = (cluster: ScoredCandidate[], out: ScoredCandidate[]): void => {
    if (cluster.length === 1) {
      out.push(cluster[0]!);
      return;
    }
    cluster.sort(rank);
    const accepted: ScoredCandidate[] = [];
    for (const candidate of cluster) {
      const overlaps = (a: ScoredCandidate) => a.start < candidate.end && candidate.start < a.end;
      const overlapping = accepted.filter(overlaps);
      if (overlapping.length === 0) {
        accepted.push({ ...candidate });
        continue;
      }
      if (overlapping.some((a) => a.start <= candidate.start && candidate.end <= a.end)) continue;
      const holdsAll = overlapping.every((a) => candidate.start <= a.start && a.end <= candidate.end);
      if ((candidate.type === 'URL' || candidate.type === 'EMAIL_ADDRESS') && holdsAll) {
        for (const a of overlapping) accepted.splice(accepted.indexOf(a), 1);
        accepted.push({ ...candidate });
        continue;
      }
      const winner = overlapping[0]!;
      winner.start = Math.min(winner.start, candidate.start);
      winner.end = Math.max(winner.end, candidate.end);
      for (let i = accepted.length - 1; i >= 0; i--) {
        const other = accepted[i]!;
        if (other !== winner && other.start < winner.end && winner.start < other.end) {
          winner.start = Math.min(winner.start, other.start);
          winner.end = Math.max(winner.end, other.end);
          accepted.splice(i, 1);
        }
      }
    }
    out.push(...accepted);
  };
  const byStart = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ScoredCandidate[] = [];
  let cluster: ScoredCandidate[] = [];
  let clusterEnd = -1;
  for (const x of byStart) {
    if (cluster.length > 0 && x.start >= clusterEnd) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(x);
    clusterEnd = Math.max(cluster.length === 1 ? x.end : clusterEnd, x.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  return out.sort((a, b) => a.start - b.start);
}

describe('overlap policy: fast paths', () => {
  it('returns what the plainly written policy returns, ties and all', () => {
    // Few types, scores and positions, so that equal ranks and equal spans (where only the
    // sorts' stability decides) come up often; more than 16 candidates take the built-in sort.
    const candidate = fc
      .record({
        type: fc.constantFrom('A', 'B', 'C'),
        start: fc.integer({ min: 0, max: 30 }),
        length: fc.integer({ min: 1, max: 8 }),
        score: fc.constantFrom(0.3, 0.6, 1),
        validated: fc.boolean(),
        recognizer: fc.constantFrom('r1', 'r2', 'r3'),
      })
      .map(({ length, recognizer, ...rest }) => ({
        ...rest,
        end: rest.start + length,
        recognizer,
        validator: 'none' as const,
        contextWords: [],
        baseScore: rest.score,
      }));
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 24 }), (cs) => {
        const copies = () => cs.map((x) => ({ ...x }));
        expect(resolveOverlaps(copies())).toEqual(plainResolve(copies()));
      }),
      { numRuns: 3000 },
    );
  });

  it('large clusters (painted, round 12) return what the plainly written policy returns', () => {
    // Many candidates on few positions make clusters beyond the scan's limit (48), with the
    // container types (URL, EMAIL_ADDRESS) that replace the spans they hold.
    const candidate = fc
      .record({
        type: fc.constantFrom('A', 'B', 'URL', 'EMAIL_ADDRESS'),
        start: fc.integer({ min: 0, max: 120 }),
        length: fc.integer({ min: 1, max: 14 }),
        score: fc.constantFrom(0.3, 0.6, 1),
        validated: fc.boolean(),
      })
      .map(({ length, ...rest }) => ({
        ...rest,
        end: rest.start + length,
        recognizer: 'r',
        validator: 'none' as const,
        contextWords: [],
        baseScore: rest.score,
      }));
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 49, maxLength: 160 }), (cs) => {
        const copies = () => cs.map((x) => ({ ...x }));
        expect(resolveOverlaps(copies())).toEqual(plainResolve(copies()));
      }),
      { numRuns: 1500 },
    );
  });
});
