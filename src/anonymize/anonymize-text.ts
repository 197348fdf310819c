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
 * Splits the findings into non-overlapping pieces by the policy above, sorted by position.
 * Runs in O(n^2) in the number of findings of one string, which is small.
 */
export function resolvePieces(findings: readonly Finding[]): Piece[] {
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
  for (const [i, f] of findings.entries()) {
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
 * Anonymizes `text` given its findings. Findings must lie inside `text` (checked); the text is
 * returned unchanged when there are none.
 */
export function applyOperators(
  text: string,
  findings: readonly Finding[],
  operators: CompiledOperators,
  context: Omit<OperatorContext, 'text'> = {},
): AnonymizedText {
  if (findings.length === 0) return { text, pieces: [] };
  checkFindings(
    findings,
    text.length,
    context.field === undefined ? 'text' : `field '${context.field}'`,
  );

  const ctx: OperatorContext = { ...context, text };
  const pieces: AnonymizedPiece[] = [];
  let out = '';
  let cursor = 0;
  for (const piece of resolvePieces(findings)) {
    out += text.slice(cursor, piece.start);
    const replacement = operators
      .forType(piece.finding.type)
      .anonymize(text.slice(piece.start, piece.end), piece.finding, ctx);
    pieces.push({
      finding: piece.finding,
      start: piece.start,
      end: piece.end,
      outputStart: out.length,
      outputEnd: out.length + replacement.length,
    });
    out += replacement;
    cursor = piece.end;
  }
  out += text.slice(cursor);
  return { text: out, pieces };
}
