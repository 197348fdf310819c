/**
 * Applies operators to the findings of one string.
 *
 * Overlap policy (reported failure BR-05): the output is built left to right from the ORIGINAL
 * text, never by editing a string that already holds placeholders. Findings are ranked by score,
 * then length, then position; each takes the part of its span that no higher-ranked finding has
 * taken. A finding that overlaps a stronger one therefore keeps only its uncovered part (possibly
 * nothing), and every character of every finding is inside exactly one replaced piece, so no
 * fragment of either entity survives. Each operator call receives an unmodified substring of the
 * original text, and with `keep` everywhere the output equals the input.
 */
import type { Finding } from '../detect/recognizer.js';
import { AnonymizeInputError } from '../errors/anonymize-error.js';
import type { CompiledOperators } from './config.js';
import { replaceSpan, type InnerFinder } from './nested-findings.js';
import type { OperatorContext } from './operator.js';

/** One replaced piece of the output, for explanations and reversible round trips. */
export interface AnonymizedPiece {
  /** The finding the piece belongs to. */
  readonly finding: Finding;
  /** Span of the original text that was replaced (inside the finding's span). */
  readonly start: number;
  readonly end: number;
  /** Span of the replacement in the output string. */
  readonly outputStart: number;
  readonly outputEnd: number;
}

export interface AnonymizedText {
  readonly text: string;
  readonly pieces: AnonymizedPiece[];
}

interface Piece {
  finding: Finding;
  start: number;
  end: number;
}

function rank(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)
  );
}

/**
 * True when every finding is non-empty and each ends at or before the next one starts: the
 * shape the analyzer returns (disjoint, sorted by start). The policy above then gives each
 * finding its whole span, in this order, so ranking can be skipped.
 */
function disjointInOrder(findings: readonly Finding[]): boolean {
  let previousEnd = -Infinity;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (f.start < previousEnd || f.start >= f.end) return false;
    previousEnd = f.end;
  }
  return true;
}

/**
 * Splits the findings into non-overlapping pieces by the policy above, sorted by position.
 * Runs in O(n^2) in the number of findings of one string, which is small; findings that are
 * already disjoint and in order (the analyzer's output) take one linear pass.
 */
export function resolvePieces(findings: readonly Finding[]): Piece[] {
  if (disjointInOrder(findings)) {
    return findings.map((finding) => ({ finding, start: finding.start, end: finding.end }));
  }
  const ranked = [...findings].sort(rank);
  // Taken intervals, kept sorted by start and disjoint.
  const taken: Piece[] = [];

  for (const finding of ranked) {
    let cursor = finding.start;
    const fresh: Piece[] = [];
    for (const t of taken) {
      if (t.end <= cursor) continue;
      if (t.start >= finding.end) break;
      if (t.start > cursor) fresh.push({ finding, start: cursor, end: t.start });
      cursor = Math.max(cursor, t.end);
      if (cursor >= finding.end) break;
    }
    if (cursor < finding.end) fresh.push({ finding, start: cursor, end: finding.end });
    for (const piece of fresh) {
      let i = 0;
      while (i < taken.length && (taken[i] as Piece).start < piece.start) i++;
      taken.splice(i, 0, piece);
    }
  }
  return taken;
}

/** Checks that every finding lies inside a string of `length` code units. */
export function checkFindings(findings: readonly Finding[], length: number, where: string): void {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (
      !Number.isInteger(f.start) ||
      !Number.isInteger(f.end) ||
      f.start < 0 ||
      f.end > length ||
      f.start >= f.end
    ) {
      throw new AnonymizeInputError(
        `${where}: finding ${i} (${f.type}) has span [${f.start}, ${f.end}) outside the string of length ${length}`,
      );
    }
  }
}

/**
 * Builds the anonymized string in one left-to-right pass of slices. `pieces`, when given,
 * receives every replaced piece; `onReplaced`, when given, each replaced finding's entity type
 * once the whole string is done (an operator that throws leaves nothing counted). `inner`,
 * when given, finds the personal data inside spans whose operator keeps text (see
 * `nested-findings.ts`). Findings must already be checked against `context.text`.
 */
export function replacePieces(
  findings: readonly Finding[],
  operators: CompiledOperators,
  context: OperatorContext,
  pieces: AnonymizedPiece[] | undefined,
  onReplaced: ((type: string) => void) | undefined,
  inner?: InnerFinder,
): string {
  const text = context.text;
  let out = '';
  let cursor = 0;
  const resolved = resolvePieces(findings);
  // Findings found inside kept spans, counted after the string is done like the others.
  let nested: Set<Finding> | undefined;
  for (const piece of resolved) {
    const finding = piece.finding;
    out += text.slice(cursor, piece.start);
    cursor = piece.end;
    const operator = operators.forType(finding.type);
    if (inner === undefined || operator.keepsText !== true) {
      const replacement = operator.anonymize(text.slice(piece.start, piece.end), finding, context);
      pieces?.push({
        finding,
        start: piece.start,
        end: piece.end,
        outputStart: out.length,
        outputEnd: out.length + replacement.length,
      });
      out += replacement;
      continue;
    }
    for (const segment of replaceSpan(finding, piece.start, piece.end, operators, context, inner)) {
      pieces?.push({
        finding: segment.finding,
        start: segment.start,
        end: segment.end,
        outputStart: out.length,
        outputEnd: out.length + segment.replacement.length,
      });
      out += segment.replacement;
      if (segment.finding !== finding) (nested ??= new Set()).add(segment.finding);
    }
  }
  out += text.slice(cursor);
  if (onReplaced !== undefined) {
    for (const piece of resolved) onReplaced(piece.finding.type);
    if (nested !== undefined) for (const f of nested) onReplaced(f.type);
  }
  return out;
}

/**
 * Anonymizes `text` given its findings. Findings must lie inside `text` (checked); the text is
 * returned unchanged when there are none.
 */
export function applyOperators(
  text: string,
  findings: readonly Finding[],
  operators: CompiledOperators,
  context: Omit<OperatorContext, 'text'> = {},
  inner?: InnerFinder,
): AnonymizedText {
  if (findings.length === 0) return { text, pieces: [] };
  checkFindings(
    findings,
    text.length,
    context.field === undefined ? 'text' : `field '${context.field}'`,
  );

  const pieces: AnonymizedPiece[] = [];
  const out = replacePieces(findings, operators, { ...context, text }, pieces, undefined, inner);
  return { text: out, pieces };
}
