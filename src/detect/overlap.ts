/**
 * The overlap policy: turns the candidates that passed their thresholds into a set of findings
 * with no two spans sharing a code unit, so an anonymizer can replace each span independently
 * and no fragment of any candidate survives (BR-05).
 *
 * 1. Candidates are ranked: validated before unvalidated (a checksum or a full-format match is
 *    strong evidence), then by score, then longer before shorter, then earlier, then by type
 *    name (so the result never depends on recognizer order).
 * 2. In rank order, a candidate that lies inside an accepted span is dropped (the digits of a
 *    card are not also a phone number: BR-02).
 * 3. A candidate that partially overlaps or contains an accepted span of a different type is
 *    not dropped: the accepted span grows to cover both, keeping its own type and score. So the
 *    text that either recognizer saw is covered, and no half of a span is left in clear.
 * 4. Same-type candidates that only touch or that sit on either side of punctuation are never
 *    merged: only overlap (a shared code unit) joins spans.
 *
 * Candidates are first split into clusters of transitively overlapping spans (one sort and one
 * sweep), and the ranking runs inside each cluster, so the cost stays near-linear in the number
 * of candidates even on hostile inputs.
 */
import type { Candidate } from './recognizer.js';

/** A candidate after context scoring, with the context words that changed its score. */
export interface ScoredCandidate extends Candidate {
  contextWords: string[];
  baseScore: number;
}

function rank(a: ScoredCandidate, b: ScoredCandidate): number {
  const va = a.validated === true ? 1 : 0;
  const vb = b.validated === true ? 1 : 0;
  if (va !== vb) return vb - va;
  if (a.score !== b.score) return b.score - a.score;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return lb - la;
  if (a.start !== b.start) return a.start - b.start;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

function copyCandidate(c: ScoredCandidate): ScoredCandidate {
  // Field by field: a spread of these objects takes V8's slow generic copy.
  return {
    type: c.type,
    start: c.start,
    end: c.end,
    score: c.score,
    recognizer: c.recognizer,
    pattern: c.pattern,
    validator: c.validator,
    validated: c.validated,
    baseScore: c.baseScore,
    contextWords: c.contextWords,
  };
}

function resolveCluster(cluster: ScoredCandidate[], out: ScoredCandidate[]): void {
  if (cluster.length === 1) {
    out.push(cluster[0]!);
    return;
  }
  cluster.sort(rank);
  const accepted: ScoredCandidate[] = [];

  for (const candidate of cluster) {
    const overlapping = accepted.filter((a) => a.start < candidate.end && candidate.start < a.end);
    if (overlapping.length === 0) {
      // A copy, because growing a winner below must not change the caller's candidate.
      accepted.push(copyCandidate(candidate));
      continue;
    }
    const inside = overlapping.some((a) => a.start <= candidate.start && candidate.end <= a.end);
    if (inside) continue;

    // Grow the best-ranked overlapping span over the candidate, then absorb any other accepted
    // span the grown one now overlaps, so the accepted set stays disjoint.
    const winner = overlapping[0]!;
    winner.start = Math.min(winner.start, candidate.start);
    winner.end = Math.max(winner.end, candidate.end);
    for (let i = accepted.length - 1; i >= 0; i--) {
      const other = accepted[i]!;
      if (other === winner) continue;
      if (other.start < winner.end && winner.start < other.end) {
        winner.start = Math.min(winner.start, other.start);
        winner.end = Math.max(winner.end, other.end);
        accepted.splice(i, 1);
      }
    }
  }
  for (const a of accepted) out.push(a);
}

/** Applies the overlap policy; returns disjoint spans sorted by start. */
export function resolveOverlaps(candidates: ScoredCandidate[]): ScoredCandidate[] {
  if (candidates.length <= 1) return candidates;
  const byStart = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ScoredCandidate[] = [];

  let cluster: ScoredCandidate[] = [];
  let clusterEnd = -1;
  for (const c of byStart) {
    if (cluster.length > 0 && c.start >= clusterEnd) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(cluster.length === 1 ? c.end : clusterEnd, c.end);
  }
  if (cluster.length > 0) resolveCluster(cluster, out);
  return out.sort((a, b) => a.start - b.start);
}
