/**
 * Personal data inside a span whose operator leaves some of its text: a URL under `keep`
 * holding a card number, a date under `mask` with `keepLast`. The analyzer's overlap policy
 * reports one span per stretch of text (the card inside the URL is dropped), so the anonymizer
 * asks the analyzer again, on the kept span's text alone and without the span's own type, and
 * replaces what it finds there with that type's operator.
 *
 * The alternative, the analyzer reporting contained findings beside the outer one, would make
 * every caller that reads findings (the detect stage's `_pii`, explanations, counters) handle
 * nesting, and would cost a second resolution on every text; re-analysis runs only for the rare
 * spans whose operator keeps text, and only on their own characters.
 */
import type { Analyzer } from '../detect/analyzer.js';
import type { Finding } from '../detect/recognizer.js';
import type { CompiledOperators } from './config.js';
import type { OperatorContext } from './operator.js';

/**
 * Finds the personal data of `text` (a kept span's characters), leaving out the types in
 * `exclude`; offsets are relative to `text`.
 */
export type InnerFinder = (text: string, exclude: ReadonlySet<string>) => readonly Finding[];

/**
 * An `InnerFinder` over `analyzer`, restricted to `entities` when given (the types the outer
 * findings were looked for), so that a caller's choice of types holds inside spans too. The
 * excluded types are left out before the overlap policy runs: a URL found again over the whole
 * span must not swallow what lies inside it.
 */
export function analyzerInnerFinder(analyzer: Analyzer, entities?: Iterable<string>): InnerFinder {
  const types = entities === undefined ? analyzer.entityTypes : [...entities];
  return (text, exclude) => analyzer.analyze(text, { entities: types.filter((t) => !exclude.has(t)) });
}

/** One replaced stretch of the original text and its replacement. */
export interface Segment {
  readonly finding: Finding;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/**
 * Nesting deeper than this is not looked into (each level excludes one more type, so the
 * depth is bounded anyway; this keeps a pathological text from costing one analysis per type).
 */
const MAX_DEPTH = 3;

/**
 * Replaces `[start, end)` of `context.text`, which belongs to `finding`. When the finding's
 * operator keeps text (`keepsText`) and `inner` finds personal data of other types inside, those
 * parts get their own operators (recursively), and the rest of the span gets the finding's: by
 * overlaying the inner replacements on the operator's output when that output is aligned with
 * its input (`keep`, `mask` of BMP text), else by applying the operator to each stretch between
 * inner findings on its own (`mask` of text with astral characters), so that every
 * operator call still receives an unmodified substring of the original text.
 */
export function replaceSpan(
  finding: Finding,
  start: number,
  end: number,
  operators: CompiledOperators,
  context: OperatorContext,
  inner: InnerFinder | undefined,
  exclude: ReadonlySet<string> = new Set(),
  depth = 0,
): Segment[] {
  const operator = operators.forType(finding.type);
  const text = context.text;
  const value = text.slice(start, end);
  const found =
    inner === undefined || operator.keepsText !== true || depth >= MAX_DEPTH
      ? undefined
      : innerFindings(finding, start, value, inner, exclude);
  if (found === undefined || found.length === 0) {
    return [{ finding, start, end, replacement: operator.anonymize(value, finding, context) }];
  }

  const whole = operator.anonymize(value, finding, context);
  const aligned =
    whole.length === value.length && (operator.deanonymize === undefined || whole === value);
  const outer = (from: number, to: number): Segment => ({
    finding,
    start: from,
    end: to,
    replacement: aligned
      ? whole.slice(from - start, to - start)
      : operator.anonymize(text.slice(from, to), { ...finding, start: from, end: to }, context),
  });
  const excludeInside = new Set(exclude).add(finding.type);
  const segments: Segment[] = [];
  let cursor = start;
  for (const f of found) {
    if (f.start > cursor) segments.push(outer(cursor, f.start));
    const nested = replaceSpan(f, f.start, f.end, operators, context, inner, excludeInside, depth + 1);
    for (const s of nested) segments.push(s);
    cursor = f.end;
  }
  if (cursor < end) segments.push(outer(cursor, end));
  return segments;
}

/**
 * The findings of other types inside `value` (the text of `outer`, at `start`), disjoint and in
 * order, with offsets in the whole text. A finding over the whole span is another reading of
 * the same characters (a UK NHS number read as a phone number), not data inside it: the outer
 * operator already decides what of them is shown.
 */
function innerFindings(
  outer: Finding,
  start: number,
  value: string,
  inner: InnerFinder,
  exclude: ReadonlySet<string>,
): Finding[] {
  const excluded = new Set(exclude).add(outer.type);
  const out: Finding[] = [];
  let previousEnd = 0;
  for (const f of inner(value, excluded)) {
    if (excluded.has(f.type) || f.start < previousEnd || f.start >= f.end || f.end > value.length) continue;
    if (f.start === 0 && f.end === value.length) continue;
    previousEnd = f.end;
    const shifted: Finding = { type: f.type, start: start + f.start, end: start + f.end, score: f.score };
    if (outer.field !== undefined) shifted.field = outer.field;
    out.push(shifted);
  }
  return out;
}
