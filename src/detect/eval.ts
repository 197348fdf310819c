/**
 * Scoring detection against a labelled file (`veil eval GOLD.jsonl`): per entity type,
 * precision, recall and F1 under two matching rules.
 *
 * - exact: same type, same start, same end.
 * - overlap: same type and at least one shared code unit; each gold and each predicted span is
 *   used once, pairs taken greedily from the largest overlap down.
 *
 * Gold rows are `{ id, text, entities: [{ type, start, end }] }` with UTF-16 offsets, the format
 * of the Presidio research data sets; predicted types can be renamed before matching (`map`)
 * so that a label set with different names can still be scored.
 */

export interface Span {
  type: string;
  start: number;
  end: number;
}

export interface GoldRow {
  id: string;
  text: string;
  entities: Span[];
}

export interface PredictionRow {
  id: string;
  entities: Span[];
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TypeScore {
  type: string;
  gold: number;
  predicted: number;
  exact: Prf;
  overlap: Prf;
}

export interface EvalReport {
  documents: number;
  types: TypeScore[];
  micro: { exact: Prf; overlap: Prf };
  macro: { exact: Omit<Prf, 'tp' | 'fp' | 'fn'>; overlap: Omit<Prf, 'tp' | 'fp' | 'fn'> };
}

export interface ScoreOptions {
  /** Renames predicted types before matching (e.g. STREET_ADDRESS -> LOCATION). */
  map?: Readonly<Record<string, string>>;
  /** Scores only these types (after mapping). */
  types?: ReadonlySet<string>;
}

/**
 * What is wrong with a gold entity of a text `textLength` UTF-16 code units long, or undefined
 * when it is a span that can be scored: a non-empty type and integer offsets with
 * 0 <= start < end <= textLength. An impossible span would be counted silently (as a miss no
 * detector can match), so it is refused instead. The answer names the rule, never the text.
 */
export function goldSpanProblem(entity: unknown, textLength: number): string | undefined {
  const e = (typeof entity === 'object' && entity !== null ? entity : {}) as Partial<Span>;
  if (typeof e.type !== 'string' || e.type.length === 0) return 'needs a non-empty type';
  if (!Number.isInteger(e.start) || !Number.isInteger(e.end)) return 'needs integer start and end';
  const start = e.start as number;
  const end = e.end as number;
  if (start < 0) return 'has a negative start';
  if (end <= start) return 'ends at or before its start';
  if (end > textLength) return `ends past the text (${textLength} code units)`;
  return undefined;
}

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

function overlapMatches(gold: Span[], predicted: Span[]): number {
  const pairs: Array<[number, number, number]> = [];
  gold.forEach((g, gi) =>
    predicted.forEach((p, pi) => {
      const shared = Math.min(g.end, p.end) - Math.max(g.start, p.start);
      if (shared > 0) pairs.push([shared, gi, pi]);
    }),
  );
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedGold = new Set<number>();
  const usedPred = new Set<number>();
  for (const [, gi, pi] of pairs) {
    if (usedGold.has(gi) || usedPred.has(pi)) continue;
    usedGold.add(gi);
    usedPred.add(pi);
  }
  return usedGold.size;
}

/**
 * Scores predictions against gold rows (matched by id; a missing prediction row is empty).
 * Throws a RangeError naming the row and entity (1-based) when a gold span is impossible
 * (`goldSpanProblem`).
 */
export function scoreSpans(
  gold: readonly GoldRow[],
  predictions: readonly PredictionRow[],
  options: ScoreOptions = {},
): EvalReport {
  gold.forEach((row, i) =>
    row.entities.forEach((entity, j) => {
      const problem = goldSpanProblem(entity, row.text.length);
      if (problem !== undefined) throw new RangeError(`gold row ${i + 1}, entity ${j + 1} ${problem}`);
    }),
  );
  const byId = new Map(predictions.map((p) => [p.id, p.entities]));
  const keep = (t: string): boolean => options.types === undefined || options.types.has(t);
  const counts = new Map<string, { gold: number; predicted: number; exact: number; overlap: number }>();
  const count = (type: string) => {
    let c = counts.get(type);
    if (c === undefined) counts.set(type, (c = { gold: 0, predicted: 0, exact: 0, overlap: 0 }));
    return c;
  };

  for (const row of gold) {
    const predicted = (byId.get(row.id) ?? [])
      .map((p) => ({ type: options.map?.[p.type] ?? p.type, start: p.start, end: p.end }))
      .filter((p) => keep(p.type));
    const goldSpans = row.entities.filter((g) => keep(g.type));
    const types = new Set([...predicted.map((p) => p.type), ...goldSpans.map((g) => g.type)]);
    for (const type of types) {
      const g = goldSpans.filter((s) => s.type === type);
      const p = predicted.filter((s) => s.type === type);
      const c = count(type);
      c.gold += g.length;
      c.predicted += p.length;
      const exactKeys = new Set(g.map((s) => `${s.start}:${s.end}`));
      c.exact += new Set(p.map((s) => `${s.start}:${s.end}`).filter((k) => exactKeys.has(k))).size;
      c.overlap += overlapMatches(g, p);
    }
  }

  const types: TypeScore[] = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, c]) => ({
      type,
      gold: c.gold,
      predicted: c.predicted,
      exact: prf(c.exact, c.predicted - c.exact, c.gold - c.exact),
      overlap: prf(c.overlap, c.predicted - c.overlap, c.gold - c.overlap),
    }));

  const sum = (pick: (t: TypeScore) => Prf) =>
    prf(
      types.reduce((a, t) => a + pick(t).tp, 0),
      types.reduce((a, t) => a + pick(t).fp, 0),
      types.reduce((a, t) => a + pick(t).fn, 0),
    );
  const mean = (pick: (t: TypeScore) => Prf) => {
    const n = Math.max(1, types.length);
    return {
      precision: types.reduce((a, t) => a + pick(t).precision, 0) / n,
      recall: types.reduce((a, t) => a + pick(t).recall, 0) / n,
      f1: types.reduce((a, t) => a + pick(t).f1, 0) / n,
    };
  };
  return {
    documents: gold.length,
    types,
    micro: { exact: sum((t) => t.exact), overlap: sum((t) => t.overlap) },
    macro: { exact: mean((t) => t.exact), overlap: mean((t) => t.overlap) },
  };
}

/** Renders a report as the fixed-width table `veil eval` prints. */
export function formatReport(report: EvalReport): string {
  const n = (x: number) => x.toFixed(3);
  const lines = [
    `documents: ${report.documents}`,
    '',
    'type                    gold   pred |  exact P      R     F1 |  overlap P      R     F1',
    '-'.repeat(87),
  ];
  for (const t of report.types) {
    lines.push(
      `${t.type.padEnd(22)}${String(t.gold).padStart(6)} ${String(t.predicted).padStart(6)} |    ` +
        `${n(t.exact.precision)}  ${n(t.exact.recall)}  ${n(t.exact.f1)} |      ` +
        `${n(t.overlap.precision)}  ${n(t.overlap.recall)}  ${n(t.overlap.f1)}`,
    );
  }
  lines.push('-'.repeat(87));
  const m = report.micro;
  const gold = report.types.reduce((a, t) => a + t.gold, 0);
  const predicted = report.types.reduce((a, t) => a + t.predicted, 0);
  lines.push(
    `${'MICRO avg'.padEnd(22)}${String(gold).padStart(6)} ${String(predicted).padStart(6)} |    ` +
      `${n(m.exact.precision)}  ${n(m.exact.recall)}  ${n(m.exact.f1)} |      ` +
      `${n(m.overlap.precision)}  ${n(m.overlap.recall)}  ${n(m.overlap.f1)}`,
  );
  const a = report.macro;
  lines.push(
    `${'MACRO avg'.padEnd(36)}|    ${n(a.exact.precision)}  ${n(a.exact.recall)}  ${n(a.exact.f1)} |      ` +
      `${n(a.overlap.precision)}  ${n(a.overlap.recall)}  ${n(a.overlap.f1)}`,
  );
  return lines.join('\n');
}
