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
 *    Except for a container: a URL or an e-mail address that holds every accepted span it
 *    overlaps replaces them. Its recognizer checked the whole token's structure, and a date or
 *    number in a query string grown to the URL's length would carry the wrong type, so that
 *    type's operator (`keep` or `mask` for dates) would leave the rest of the URL. The anonymizer
 *    finds what lies inside a kept span again (src/anonymize/nested-findings.ts).
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

/** Types whose span replaces the accepted spans it holds, rather than being merged into them. */
const CONTAINER_TYPES: ReadonlySet<string> = new Set(['URL', 'EMAIL_ADDRESS']);

/** True when every span of `accepted` that overlaps `candidate` lies inside it. */
function holdsAllOverlapping(candidate: ScoredCandidate, accepted: ScoredCandidate[]): boolean {
  for (const a of accepted) {
    if (a.start >= candidate.end || candidate.start >= a.end) continue;
    if (a.start < candidate.start || a.end > candidate.end) return false;
  }
  return true;
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

/**
 * Sorts `list` in place, stably, by `order`: insertion sort for the few candidates a text or a
 * cluster holds (no comparator calls through the generic built-in sort, which cost more than
 * the sorting itself here), the built-in sort beyond. A stable sort's result is the same
 * whatever the algorithm, so the order is exactly the built-in sort's.
 */
function sortStable(
  list: ScoredCandidate[],
  order: (a: ScoredCandidate, b: ScoredCandidate) => number,
): void {
  if (list.length > 16) {
    list.sort(order);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i;
    while (j > 0 && order(list[j - 1]!, item) > 0) {
      list[j] = list[j - 1]!;
      j--;
    }
    list[j] = item;
  }
}

function byStartThenLongest(a: ScoredCandidate, b: ScoredCandidate): number {
  return a.start - b.start || b.end - a.end;
}

function byStart(a: ScoredCandidate, b: ScoredCandidate): number {
  return a.start - b.start;
}

/**
 * Clusters of more candidates than this are resolved by painting (`resolveLargeCluster`): the
 * scan below compares each candidate with every span accepted before it, which is quadratic in
 * a chain of overlapping candidates ("14 March 14 March ..." of 640 KB took 12.7 s).
 */
const SCAN_MAX_CANDIDATES = 48;

/** Resolves one cluster of two or more candidates, appending its spans to `out` by start. */
function resolveCluster(cluster: ScoredCandidate[], out: ScoredCandidate[]): void {
  if (cluster.length > SCAN_MAX_CANDIDATES) {
    resolveLargeCluster(cluster, out);
    return;
  }
  resolveClusterByScan(cluster, out);
}

/** The policy of the file header, candidate by candidate against the accepted list. */
function resolveClusterByScan(cluster: ScoredCandidate[], out: ScoredCandidate[]): void {
  sortStable(cluster, rank);
  const accepted: ScoredCandidate[] = [];

  for (const candidate of cluster) {
    // The best-ranked accepted span overlapping the candidate, and whether one holds it.
    let winner: ScoredCandidate | undefined;
    let inside = false;
    for (const a of accepted) {
      if (a.start >= candidate.end || candidate.start >= a.end) continue;
      winner ??= a;
      if (a.start <= candidate.start && candidate.end <= a.end) {
        inside = true;
        break;
      }
    }
    if (winner === undefined) {
      // A copy, because growing a winner below must not change the caller's candidate.
      accepted.push(copyCandidate(candidate));
      continue;
    }
    if (inside) continue;

    if (CONTAINER_TYPES.has(candidate.type) && holdsAllOverlapping(candidate, accepted)) {
      for (let i = accepted.length - 1; i >= 0; i--) {
        const other = accepted[i]!;
        if (other.start < candidate.end && candidate.start < other.end) accepted.splice(i, 1);
      }
      accepted.push(copyCandidate(candidate));
      continue;
    }

    // Grow the best-ranked overlapping span over the candidate, then absorb any other accepted
    // span the grown one now overlaps, so the accepted set stays disjoint.
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
  sortStable(accepted, byStart);
  for (const a of accepted) out.push(a);
}

/**
 * The same policy as `resolveClusterByScan`, in time linear in the candidates' total length:
 * every code unit of the cluster is painted with the accepted span that covers it, and spans
 * absorbed into a grown winner are joined to it in a union-find forest, so finding the spans a
 * candidate overlaps reads only the candidate's own code units. Where the scan takes the first
 * overlapping span of its list, this takes the one with the lowest `order` (the list position:
 * a span keeps its order when it grows, a container that replaces spans takes a new, last one),
 * so both return the same spans.
 */
/** True when `outer` covers every code unit of `inner`. */
function holds(outer: ScoredCandidate, inner: ScoredCandidate): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function resolveLargeCluster(cluster: ScoredCandidate[], out: ScoredCandidate[]): void {
  sortStable(cluster, rank);
  let low = cluster[0]!.start;
  let high = cluster[0]!.end;
  for (const c of cluster) {
    if (c.start < low) low = c.start;
    if (c.end > high) high = c.end;
  }
  // paint[i - low]: an accepted span's id covering code unit i (maybe absorbed since: `root`), or -1.
  const paint = new Int32Array(high - low).fill(-1);
  const spans: ScoredCandidate[] = [];
  const parent: number[] = [];
  const order: number[] = [];
  const alive: boolean[] = [];
  // seenBy[id]: the last candidate (by index) that listed span `id` in `hits`.
  const seenBy: number[] = [];
  let nextOrder = 0;
  const root = (id: number): number => {
    let r = id;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[id] !== r) {
      const next = parent[id]!;
      parent[id] = r;
      id = next;
    }
    return r;
  };
  const accept = (candidate: ScoredCandidate): number => {
    const id = spans.length;
    spans.push(copyCandidate(candidate));
    parent.push(id);
    order.push(nextOrder++);
    alive.push(true);
    seenBy.push(-1);
    paint.fill(id, candidate.start - low, candidate.end - low);
    return id;
  };
  // The live spans a candidate overlaps, reused from candidate to candidate.
  const hits: number[] = [];

  for (let k = 0; k < cluster.length; k++) {
    const candidate = cluster[k]!;
    hits.length = 0;
    let winner = -1;
    for (let i = candidate.start - low; i < candidate.end - low; i++) {
      if (paint[i] === -1) continue;
      const id = root(paint[i]!);
      paint[i] = id;
      if (seenBy[id] === k) continue;
      seenBy[id] = k;
      hits.push(id);
      if (winner === -1 || order[id]! < order[winner]!) winner = id;
    }
    if (winner === -1) {
      accept(candidate);
      continue;
    }
    const w = spans[winner]!;
    if (hits.length === 1 && holds(w, candidate)) continue;

    if (CONTAINER_TYPES.has(candidate.type) && hits.every((id) => holds(candidate, spans[id]!))) {
      for (const id of hits) alive[id] = false;
      accept(candidate);
      continue;
    }

    // Grow the winner over the candidate and over every other span the candidate overlaps (no
    // other span can overlap the grown winner: spans are disjoint, see resolveClusterByScan).
    for (const id of hits) {
      if (id === winner) continue;
      const other = spans[id]!;
      if (other.start < w.start) w.start = other.start;
      if (other.end > w.end) w.end = other.end;
      alive[id] = false;
      parent[id] = winner;
    }
    const from = Math.min(w.start, candidate.start);
    const to = Math.max(w.end, candidate.end);
    // Paint only the code units the winner gains from the candidate itself; those of absorbed
    // spans reach the winner through `root`.
    for (let i = candidate.start; i < candidate.end; i++) {
      if (paint[i - low] === -1) paint[i - low] = winner;
    }
    w.start = from;
    w.end = to;
  }
  const accepted = spans.filter((_, id) => alive[id]);
  sortStable(accepted, byStart);
  for (const a of accepted) out.push(a);
}

/**
 * Applies the overlap policy; returns disjoint spans sorted by start. Clusters come in text
 * order and every span a cluster yields lies inside it, before the next cluster's first start,
 * so sorting each cluster's spans by start sorts the whole output: the many single-candidate
 * clusters are appended as they come, with no sort and no array of their own. Measured on the
 * recognizers' candidates for the 4000-ticket corpus: a field 0.37 -> 0.15 us, a note 4.6 -> 2.1 us
 * (the same output: test/detect/overlap-policy.test.ts compares it with the plain version).
 */
export function resolveOverlaps(candidates: ScoredCandidate[]): ScoredCandidate[] {
  if (candidates.length <= 1) return candidates;
  const sorted = candidates.slice();
  sortStable(sorted, byStartThenLongest);
  const out: ScoredCandidate[] = [];

  // The open cluster is sorted[first .. i), reaching up to `clusterEnd`.
  let first = 0;
  let clusterEnd = sorted[0]!.end;
  for (let i = 1; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.start < clusterEnd) {
      if (c.end > clusterEnd) clusterEnd = c.end;
      continue;
    }
    closeCluster(sorted, first, i, out);
    first = i;
    clusterEnd = c.end;
  }
  closeCluster(sorted, first, sorted.length, out);
  return out;
}

/** Resolves the cluster sorted[from .. to), appending its spans to `out`. */
function closeCluster(
  sorted: ScoredCandidate[],
  from: number,
  to: number,
  out: ScoredCandidate[],
): void {
  if (to - from === 1) out.push(sorted[from]!);
  else resolveCluster(sorted.slice(from, to), out);
}
