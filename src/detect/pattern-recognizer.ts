/**
 * Pattern recognizers: RE2 patterns that propose candidates, plus a refinement step (validator,
 * span trimming, scoring) that accepts, adjusts or drops each one.
 *
 * Patterns are written in RE2 syntax. User-supplied (custom) patterns always run on RE2, whose
 * automaton is linear in the input whatever the pattern; the built-in patterns, each vetted and
 * covered by the linear-time test, may run on V8 (2x faster here) behind cheap character gates,
 * and most of them scan only the windows of the text where a match can lie (`near`): around the
 * numbers, long tokens or month names that the analyzer's one pass over the text found.
 * So neither a hostile input nor a custom pattern can make detection super-linear. RE2 has no
 * look-behind or back-references: checks that would need them (a digit run glued to a hex
 * letter, the same separator used twice) are written as code in `refine`, which sees the text.
 */
import RE2 from 're2';
import { DetectConfigError } from '../errors/detect-error.js';
import type { AnalyzeOptions, Candidate, Recognizer } from './recognizer.js';
import { gluedAfter, gluedBefore, standsAlone } from './recognizers/boundary.js';
import {
  FREE_END,
  FREE_START,
  joinerBit,
  joinerBits,
  LONG_RUN,
  MIN_CLUSTER_DIGITS,
  MIN_DIGIT_RUN,
  type TextShape,
} from './text-shape.js';

/** The joiner bits of a run's bits in `ClusterRuns` (the `FREE_*` bits lie above them). */
const JOINER_BITS = FREE_START - 1;

/** One RE2 pattern of a recognizer. */
export interface PatternSpec {
  /** Short name, reported in explanations. */
  readonly name: string;
  /** RE2 syntax (no look-around, no back-references). Use `(?i)` for case-insensitive parts. */
  readonly regex: string;
  /** Score of a match that passes refinement with no validator opinion. */
  readonly score: number;
  /** Matches longer than this are dropped before refinement (open-ended patterns stay small). */
  readonly maxLength?: number;
  /**
   * Cheap gate checked before the pattern runs at all: the text must hold at least this many
   * ASCII digits. Most identifiers are numbers, and most strings in a dataset hold few digits.
   */
  readonly minDigits?: number;
  /**
   * For vetted patterns whose every match is a run of at least this many consecutive ASCII
   * letters and digits (or the two letters that fold onto them, see `isRunCode`): fiscal codes,
   * wallet addresses. The text must hold such a run, and from 9 on (`LONG_RUN`) the analyzer
   * scans only those runs (unless `near` says where), instead of starting an attempt at every
   * letter of the text.
   */
  readonly minRun?: number;
  /**
   * For vetted patterns scanned on the long runs of `minRun` (no `near`): a cheap test of one
   * maximal run [start, end) of `text`, false only when no match lies in that run, which is then
   * neither sliced nor scanned. Most long runs are words and ids that a pattern with a literal
   * part cannot match: the bech32 address needs "bc1" or "tb1" with six characters after it
   * (`test/detect/scan-shortcuts.test.ts` checks every shipped test against the plain scan).
   */
  readonly runMayHold?: (text: string, start: number, end: number) => boolean;
  /**
   * For vetted patterns whose every match contains `char`, and whose first `char` is preceded,
   * from the match start, by at most `within` code units that are each non-ASCII or an ASCII
   * character passing `ascii` (which `char` must fail): the local part before the "@" of an
   * e-mail address, the first label of a domain name, the first hex group of an IPv6 address
   * (possibly empty). The scan then tries the pattern only at
   * those start positions, in order, instead of at every position of the text: the same matches,
   * without an attempt per letter of every word.
   */
  readonly leadIn?: LeadIn;
  /** Cheap gate: the text must contain at least one of these characters. */
  readonly needsAny?: string;
  /** Cheap gate: the text must contain every one of these ASCII characters. */
  readonly needsAll?: string;
  /**
   * Cheap gate for vetted patterns: a small V8 expression with no quantified groups (so linear)
   * that must match somewhere before the full pattern runs.
   */
  readonly needsMatch?: RegExp;
  /**
   * Runs the pattern only on windows around each occurrence of this character (`before`/`after`
   * code units on either side, merged when they overlap) instead of over the whole text. For
   * patterns that must contain a rare character, such as the "@" of an e-mail address, this
   * skips scanning every word of a long text. A match is at most `before + after` long.
   */
  readonly anchor?: { char: string; before: number; after: number };
  /**
   * For vetted patterns: where every match lies, relative to what the analyzer's one pass over
   * the text found (`TextShape`). The analyzer then scans only those windows, merged where they
   * overlap, instead of the whole text; `test/detect/scan-shortcuts.test.ts` checks each
   * shipped pattern against its plain global scan.
   */
  readonly near?: Near;
  /**
   * For vetted patterns with `near` digit runs or clusters: what every match that the
   * recognizer's `refine` accepts holds, so that windows where no such match can lie are not
   * scanned (see `Accepts`). On the tickets corpus most identifier windows are such: a 16-digit
   * card number holds no 9-digit SSN standing alone (declared on 31 patterns: window scans per
   * note 109 -> 49, the pattern recognizers 62.6 -> 55.9 CPU-us per note, medians of six runs
   * alternated with the previous build). A claim about `refine` as much as the pattern:
   * `test/detect/scan-shortcuts.test.ts` checks each shipped recognizer's findings against its
   * plain global scan, and each accepted match against the claim.
   */
  readonly accepts?: Accepts;
  /**
   * For patterns that run on over spaces into the next value ("415-555-2671 415-555-2672", a
   * tab-separated row read with its tabs as spaces): the global scan resumes where the accepted
   * candidate ends when `refine` shortened the match, and after the first space of a match
   * `refine` dropped, instead of at the match's end, so the values after it are still tried.
   * Each resume lies past the match's start: the scan stays linear, with a factor bounded by
   * the spaces a match holds. Not read by `leadIn` scans.
   */
  readonly rescan?: boolean;
}

/**
 * What every match a recognizer's `refine` accepts holds, relative to the source of its window
 * (`near`): its digits are whole digit runs, lo..hi digits in all; the one run holding them
 * (`digitRun`), or runs i..j of the chain holding them (`cluster`: the digits from the start of
 * run i to the end of run j). With `alone` 'start' the match starts with the first of those
 * digits and `refine` drops a match glued to what precedes it (`gluedBefore`,
 * recognizers/boundary.ts, read with the underscore as a separator: a refinement that reads it
 * as joining drops more, never fewer), so that run's start is not glued either; 'end' likewise
 * at the last digit (`gluedAfter`); 'both' is both, 'neither' neither. A group of merged windows none
 * of whose sources can hold such a match is not scanned: every match found there would lie in
 * the window of one of those sources, and be dropped.
 */
export interface Accepts {
  readonly digits: readonly [number, number];
  readonly alone: 'both' | 'start' | 'end' | 'neither';
}

/**
 * Where a vetted pattern's matches lie. A match lies within [start - before, end + after] of:
 * - `digitRun: n`: the maximal run of ASCII digits holding n consecutive digits of the match
 *   (every match holds n consecutive digits), counting only runs of n digits or more; with
 *   `nextToCapital`, that run has an ASCII capital letter right before or right after it;
 * - `cluster: n`: the digit cluster (digit runs chained by single " -./+:" joiners) holding at
 *   least n digits of the match, every digit of which lies in that one cluster; with `joiners`,
 *   the match also joins two of its digits with one of these characters, so only clusters
 *   holding one of them count; with `only`, the match joins its digits with these joiners
 *   alone (or with none), so the window is the chain of digit runs joined by these joiners
 *   alone, within the cluster, that holds at least n digits of the match, every digit of which
 *   lies in that chain (a phone number's "1 377-416-3268" holds no 8-digit chain joined by
 *   spaces alone: declared on the 17 digit-ID patterns joined by spaces or dashes, measured
 *   129 -> 109 window scans per note, the pattern recognizers 64 -> 61 CPU-us per note);
 * - `finder`: one match [start, end) of the global scan of `finder`, which can match (with a
 *   match that is never empty) at a position p of every match such that the match lies within
 *   [p - before, p + after]. The finder is shared: one scan per text serves every pattern.
 */
export type Near = { readonly before: number; readonly after: number } & (
  | { readonly digitRun: number; readonly nextToCapital?: boolean }
  | { readonly cluster: number; readonly joiners?: string; readonly only?: string }
  | { readonly finder: RegExp }
);

/** Where a vetted pattern's matches can start, relative to a character every match contains. */
export interface LeadIn {
  readonly char: string;
  readonly within: number;
  readonly ascii: RegExp;
  /**
   * Optional sticky (`y`) test that the code point right after a match's first `char` passes
   * (a domain's first dot is followed by a label character): an occurrence followed by
   * anything else cannot be a match's first one, so no start position before it is tried.
   * Sentence-ending full stops are most of the dots in prose.
   */
  readonly next?: RegExp;
  /**
   * What the code unit right after `char` tells of `next` on its own, when it is ASCII: after
   * one that `passes` matches, `next` passes whatever follows; after one that `fails` matches,
   * it fails (past the text's end too). Only the others run `next`: most dots in prose are
   * followed by a space or a letter, and a call of the sticky test costs more than the rest of
   * the occurrence's handling (`test/detect/scan-shortcuts.test.ts` checks both sets against `next`).
   */
  readonly nextFirst?: { readonly passes: RegExp; readonly fails: RegExp };
}

/** A raw pattern match handed to `refine`. */
export interface PatternMatch {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly pattern: PatternSpec;
}

/** What `refine` decides about a match: an accepted (possibly adjusted) candidate, or drop it. */
export interface Refinement {
  start: number;
  end: number;
  score: number;
  validator: 'passed' | 'failed' | 'none';
  validated?: boolean;
  /** Overrides the recognizer's entity type (a recognizer producing several types). */
  type?: string;
}

export interface PatternRecognizerSpec {
  readonly name: string;
  readonly entityType: string;
  /** Extra types `refine` may produce, besides `entityType`. */
  readonly otherEntityTypes?: readonly string[];
  readonly patterns: readonly PatternSpec[];
  /**
   * Which engine extracts the matches once the RE2.Set prefilter says a pattern can match.
   * `re2` (the default, and always for patterns from configuration) is linear by construction.
   * `v8` is for Veil's own vetted patterns only: V8's backtracking engine is about 2.5x faster
   * per call on short strings here, and every vetted pattern is free of nested or adjacent
   * overlapping quantifiers; `test/detect/linear-time.test.ts` checks each one on hostile inputs.
   */
  readonly engine?: 're2' | 'v8';
  /** English context words; `contextByLanguage` adds others. */
  readonly context?: readonly string[];
  readonly contextByLanguage?: Readonly<Record<string, readonly string[]>>;
  /**
   * Accepts, adjusts or drops a match. Absent: every match is accepted at the pattern's score.
   * Must be pure and must not throw (a throw drops the candidate).
   */
  readonly refine?: (match: PatternMatch) => Refinement | null;
  /**
   * The highest score a candidate of this recognizer can have: a refinement scoring higher is
   * lowered to it, and one glued to the text around it (`standsAlone`) is dropped. When this is
   * below a type's threshold, a candidate is reported only with a context word near it, and the
   * analyzer skips the recognizer on texts that hold none of its words (`contextGateMask`): the
   * weak all-digit identifiers, on most texts.
   */
  readonly maxScore?: number;
}

interface CompiledPattern {
  readonly spec: PatternSpec;
  readonly re: RE2 | RegExp;
  /** Sticky twin of `re`, for patterns with a `leadIn` (V8 only). */
  readonly sticky: RegExp | undefined;
  /** `leadIn.ascii` as a table by code (1: passes), tested once per ASCII character here. */
  readonly leadInAscii: Uint8Array | undefined;
  /** `leadIn.nextFirst` as a table by code: `NEXT_PASSES`, `NEXT_FAILS` or 0 (run `next`). */
  readonly nextAscii: Uint8Array | undefined;
  /** Set when the pattern scans only windows of the text's shape (`near`, or a long `minRun`). */
  readonly scope: Scope | undefined;
  /*
   * The fields of `spec` read per scan or match, copied here: the specs are object literals of
   * some thirty hidden classes, so reading them through `spec` went megamorphic (measured on
   * the 4000 tickets notes, pattern recognizers, four runs each alternating: medians
   * 46.6-47.9 -> 45.2-47.3 CPU-us per note).
   */
  readonly name: string;
  readonly leadIn: LeadIn | undefined;
  /** `spec.maxLength`, or Infinity when not set. */
  readonly maxLength: number;
  readonly anchored: boolean;
  /** With `spec.rescan`, the digits a value after a space needs (`spec.minDigits`); else -1. */
  readonly rescan: number;
  /** RE2 twin of a V8 pattern, compiled the first time V8 gives up on a text (see `scan`). */
  linear: RE2 | undefined;
}

/** Splits a leading `(?i)` off a pattern: V8 takes case-insensitivity as a flag only. */
export function splitCaseFlag(regex: string): { source: string; ignoreCase: boolean } {
  return regex.startsWith('(?i)') ? { source: regex.slice(4), ignoreCase: true } : { source: regex, ignoreCase: false };
}

function compileVetted(recognizer: string, spec: PatternSpec): RegExp {
  const { source, ignoreCase } = splitCaseFlag(spec.regex);
  try {
    return new RegExp(source, ignoreCase ? 'giu' : 'gu');
  } catch (error) {
    throw new DetectConfigError(
      `recognizer '${recognizer}', pattern '${spec.name}': not a valid pattern (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** Compiles an RE2 pattern for global scanning, with a clear error on bad syntax. */
export function compilePattern(recognizer: string, spec: PatternSpec): RE2 {
  try {
    return new RE2(spec.regex, 'gu');
  } catch (error) {
    throw new DetectConfigError(
      `recognizer '${recognizer}', pattern '${spec.name}': not a valid RE2 pattern (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** The [from, to) ranges a pattern scans: the whole text, or merged windows around its anchor. */
function windows(text: string, spec: PatternSpec): Array<[number, number]> {
  if (spec.anchor === undefined) return [[0, text.length]];
  const { char, before, after } = spec.anchor;
  const out: Array<[number, number]> = [];
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) {
    const from = Math.max(0, at - before);
    const to = Math.min(text.length, at + after);
    const last = out[out.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Where a scoped pattern scans, from its `near` or long `minRun`, in plain numbers. */
interface Scope {
  /** Which list of the shape the windows come from (`capitals`: digit runs next to a capital). */
  readonly kind: 'digit-runs' | 'capitals' | 'clusters' | 'found' | 'long-runs';
  /** Least digits (runs, clusters) or run length (long runs). */
  readonly min: number;
  readonly before: number;
  readonly after: number;
  /** `near.only` as a bit set, or -1 (any joiner: the whole cluster). */
  readonly only: number;
  /** `near.joiners` as a bit set (0: any cluster). */
  readonly joiners: number;
  readonly finder: RegExp | undefined;
  /** `accepts.digits`, or 0 and 0 (no claim). */
  readonly acceptMin: number;
  readonly acceptMax: number;
  /** `accepts.alone` as two bits: `FREE_START` and `FREE_END` when the claim needs them. */
  readonly acceptFree: number;
  /** `runMayHold` (long runs only), or undefined. */
  readonly runTest: ((text: string, start: number, end: number) => boolean) | undefined;
}

/** An ASCII capital letter (false for NaN, beyond either end of the text). */
function isCapitalCode(code: number): boolean {
  return code >= 65 && code <= 90;
}

function scopeOf(recognizer: string, p: PatternSpec): Scope | undefined {
  const where = `recognizer '${recognizer}', pattern '${p.name}'`;
  const scope = placeOf(where, p);
  if (scope === undefined) return undefined;
  if (p.accepts === undefined) return oneShape(scope);
  const [acceptMin, acceptMax] = p.accepts.digits;
  const alone = p.accepts.alone;
  const digitWindows = scope.kind !== 'found' && scope.kind !== 'long-runs';
  if (!digitWindows || acceptMin < 1 || acceptMax < acceptMin) {
    throw new DetectConfigError(
      `${where}: accepts needs digit-run or cluster windows and 1 <= lo <= hi`,
    );
  }
  const freeStart = alone === 'both' || alone === 'start' ? FREE_START : 0;
  const acceptFree = freeStart | (alone === 'both' || alone === 'end' ? FREE_END : 0);
  return oneShape({ ...scope, acceptMin, acceptMax, acceptFree });
}

/**
 * A copy of `scope` made at one object literal, so that every scope has the same hidden class:
 * the spreads of `placeOf` and `scopeOf` left eight, and the window code reading them went
 * megamorphic (measured on the 4000 tickets notes with the regex scans taken out, best pass of ten,
 * four runs each: 19.3-21.4 -> 18.4-18.7 CPU-us per note).
 */
function oneShape(scope: Scope): Scope {
  return {
    kind: scope.kind,
    min: scope.min,
    before: scope.before,
    after: scope.after,
    only: scope.only,
    joiners: scope.joiners,
    finder: scope.finder,
    acceptMin: scope.acceptMin,
    acceptMax: scope.acceptMax,
    acceptFree: scope.acceptFree,
    runTest: scope.runTest,
  };
}

/** The scope of a pattern's `near` or long `minRun`, without `accepts`. */
function placeOf(where: string, p: PatternSpec): Scope | undefined {
  const near = p.near;
  // No claim: `scopeOf` adds `accepts`.
  const none = {
    joiners: 0,
    only: -1,
    finder: undefined,
    acceptMin: 0,
    acceptMax: 0,
    acceptFree: 0,
    runTest: undefined,
  };
  const runTest = p.runMayHold;
  if (near === undefined) {
    const min = p.minRun ?? 0;
    if (min < LONG_RUN) {
      if (runTest !== undefined) throw new DetectConfigError(`${where}: runMayHold needs minRun >= ${LONG_RUN}`);
      return undefined;
    }
    return { ...none, kind: 'long-runs', min, before: 0, after: 0, runTest };
  }
  if (runTest !== undefined) throw new DetectConfigError(`${where}: runMayHold is for long runs, not near`);
  const { before, after } = near;
  if ('digitRun' in near) {
    if (near.digitRun < MIN_DIGIT_RUN) {
      throw new DetectConfigError(`${where}: near.digitRun must be >= ${MIN_DIGIT_RUN}`);
    }
    const kind = near.nextToCapital === true ? 'capitals' : 'digit-runs';
    return { ...none, kind, min: near.digitRun, before, after };
  }
  if ('cluster' in near) {
    if (near.cluster < MIN_CLUSTER_DIGITS) {
      throw new DetectConfigError(`${where}: near.cluster must be >= ${MIN_CLUSTER_DIGITS}`);
    }
    const joiners = joinerBits(near.joiners ?? '');
    const only = near.only === undefined ? -1 : joinerBits(near.only);
    return { ...none, kind: 'clusters', min: near.cluster, before, after, joiners, only };
  }
  return { ...none, kind: 'found', min: 0, before, after, finder: near.finder };
}

/**
 * Writes the windows that hold every match of a scoped pattern in a text of this shape into
 * `out`, as [from, to) pairs in text order, and returns how many numbers it wrote. Each source
 * list is in text order and every window starts a fixed distance before its source, so the
 * windows come in order and merge with the last one in one pass. `out` is reused across calls.
 */
function shapeWindows(shape: TextShape, scope: Scope, out: number[]): number {
  const length = shape.text.length;
  const { kind, min, before, after, joiners, only, runTest } = scope;
  const step = kind === 'clusters' ? 4 : 2;
  const text = shape.text;
  const list =
    kind === 'digit-runs' || kind === 'capitals'
      ? shape.digitRuns
      : kind === 'clusters'
        ? shape.clusters
        : kind === 'long-runs'
          ? shape.longRuns
          : shape.found(scope.finder!);
  let n = 0;
  for (let i = 0; i < list.length; i += step) {
    const start = list[i]!;
    const end = list[i + 1]!;
    if (kind === 'clusters') {
      if (list[i + 2]! < min || (joiners !== 0 && (list[i + 3]! & joiners) === 0)) continue;
      if (only !== -1 && (list[i + 3]! & ~only) !== 0) {
        n = addChains(text, start, end, scope, out, n);
        continue;
      }
    } else if (end - start < min) {
      continue;
    } else if (runTest !== undefined) {
      if (!runTest(text, start, end)) continue;
    } else if (kind === 'capitals') {
      const capitalNext = isCapitalCode(text.charCodeAt(start - 1)) || isCapitalCode(text.charCodeAt(end));
      if (!capitalNext) continue;
    }
    n = addWindow(start - before, end + after, length, out, n);
  }
  return n;
}

/**
 * Scratch list for `claimedWindows`: the digits of the chain before each run that an accepted
 * match can start at, in ascending order (calls never nest, so one list serves all).
 */
const claimStarts: number[] = [];

/**
 * `shapeWindows` for a pattern with `accepts`, kept apart so that the plain one stays small
 * enough for V8 to inline, as it was before claims (measured on the tickets notes with every
 * scoped pattern and the scans left out: 18.5 CPU-us per note as one function, 16.8 apart).
 * A group of merged windows none of whose sources can hold an accepted match is dropped
 * (`addClaimed`).
 */
function claimedWindows(shape: TextShape, scope: Scope, out: number[]): number {
  const length = shape.text.length;
  const text = shape.text;
  const { kind, min, before, after, joiners, acceptMin, acceptMax, acceptFree } = scope;
  // Without margins no two windows merge (two sources are a code unit apart at least), so a
  // group is one window, kept when its source holds a match: most claims (the card, SSN and
  // other cluster scopes) are such, and a cluster with fewer digits than a match is skipped.
  const bare = before === 0 && after === 0;
  lastHolds = true;
  let n = 0;
  if (kind === 'clusters') {
    const list = shape.clusters;
    const { runs, at } = shape.clusterRuns();
    const { only } = scope;
    const needStart = acceptFree & FREE_START;
    const needEnd = acceptFree & FREE_END;
    const least = bare && acceptMin > min ? acceptMin : min;
    for (let i = 0; i < list.length; i += 4) {
      if (list[i + 2]! < least || (joiners !== 0 && (list[i + 3]! & joiners) === 0)) continue;
      // The chains of the cluster joined by `only` alone (every joiner when `only` is -1) that
      // hold `min` digits are the sources. One holds an accepted match when a run the match can
      // start at (with `FREE_START` when needed) and one it can end at (likewise) hold lo..hi
      // digits from the one to the other: the digit counts before the possible starts are kept
      // in ascending order, those more than hi digits behind a run's end passed for good, so
      // each chain takes one pass.
      let chainStart = -1;
      let digits = 0;
      let holds = false;
      let kept = 0;
      let first = 0;
      for (let r = at[i >> 2]!; ; r += 3) {
        const start = runs[r]!;
        const end = runs[r + 1]!;
        const bits = runs[r + 2]!;
        if (chainStart < 0) chainStart = start;
        if (!holds && (bits & needStart) === needStart) claimStarts[kept++] = digits;
        digits += end - start;
        if (!holds && (bits & needEnd) === needEnd) {
          while (first < kept && claimStarts[first]! < digits - acceptMax) first++;
          if (first < kept && claimStarts[first]! <= digits - acceptMin) holds = true;
        }
        const joiner = bits & JOINER_BITS;
        if ((joiner & only) !== 0) continue;
        if (digits >= min) {
          if (!bare) n = addClaimed(chainStart - before, end + after, holds, length, out, n);
          else if (holds) n = addBare(chainStart, end, out, n);
        }
        if (joiner === 0) break;
        chainStart = -1;
        digits = 0;
        holds = false;
        kept = 0;
        first = 0;
      }
    }
  } else {
    // Digit runs (`capitals`: next to a capital letter); the run itself holds the digits.
    const list = shape.digitRuns;
    for (let i = 0; i < list.length; i += 2) {
      const start = list[i]!;
      const end = list[i + 1]!;
      const digits = end - start;
      if (digits < min) continue;
      if (kind === 'capitals' && !isCapitalCode(text.charCodeAt(start - 1))) {
        if (!isCapitalCode(text.charCodeAt(end))) continue;
      }
      const holds =
        digits >= acceptMin &&
        digits <= acceptMax &&
        ((acceptFree & FREE_START) === 0 || !gluedBefore(text, start, 'separates')) &&
        ((acceptFree & FREE_END) === 0 || !gluedAfter(text, end, 'separates'));
      if (!bare) n = addClaimed(start - before, end + after, holds, length, out, n);
      else if (holds) n = addBare(start, end, out, n);
    }
  }
  // The last group, like each one before it, is dropped when no source of it holds a match.
  return lastHolds ? n : n - 2;
}

/** Appends the window [from, to), clipped to the text, to the `n` numbers of `out`. */
function addWindow(from: number, to: number, length: number, out: number[], n: number): number {
  if (from < 0) from = 0;
  if (to > length) to = length;
  if (n > 0 && from <= out[n - 1]!) {
    if (to > out[n - 1]!) out[n - 1] = to;
    return n;
  }
  out[n] = from;
  out[n + 1] = to;
  return n + 2;
}

/** Appends the window [from, to) to the `n` numbers of `out`, after every window there. */
function addBare(from: number, to: number, out: number[], n: number): number {
  out[n] = from;
  out[n + 1] = to;
  return n + 2;
}

/**
 * Whether a source of the last window in `out` can hold an accepted match (`accepts`); set by
 * `addClaimed` (one scan of shapes at a time, so one variable serves every pattern).
 */
let lastHolds = true;

/**
 * Like `addWindow` for a pattern with `accepts`, `holds` telling whether the window's source can
 * hold an accepted match. A window that starts a new group drops the last group (its two
 * numbers) when none of that group's sources could: the windows stay exactly those of
 * `addWindow`, less the groups where every match would be dropped.
 */
function addClaimed(
  from: number,
  to: number,
  holds: boolean,
  length: number,
  out: number[],
  n: number,
): number {
  if (from < 0) from = 0;
  if (to > length) to = length;
  if (n > 0 && from <= out[n - 1]!) {
    if (to > out[n - 1]!) out[n - 1] = to;
    if (holds) lastHolds = true;
    return n;
  }
  if (n > 0 && !lastHolds) n -= 2;
  out[n] = from;
  out[n + 1] = to;
  lastHolds = holds;
  return n + 2;
}

/**
 * Appends the windows of the chains of the cluster [start, end) joined by `scope.only` alone
 * that hold at least `scope.min` digits. Inside a cluster every code unit that is not a digit
 * is a single joiner between two digit runs, so a joiner outside `only` ends a chain.
 */
function addChains(
  text: string,
  start: number,
  end: number,
  scope: Scope,
  out: number[],
  n: number,
): number {
  const { min, before, after, only } = scope;
  let chainStart = start;
  let digits = 0;
  for (let p = start; p <= end; p++) {
    const code = p < end ? text.charCodeAt(p) : 0;
    if (code >= 48 && code <= 57) {
      digits++;
      continue;
    }
    if (p < end && (joinerBit(code) & only) !== 0) continue;
    if (digits >= min) n = addWindow(chainStart - before, p + after, text.length, out, n);
    chainStart = p + 1;
    digits = 0;
  }
  return n;
}

const NEXT_PASSES = 1;
const NEXT_FAILS = 2;

/** `LeadIn.nextFirst` as a table by ASCII code; `undefined` for none. */
function nextTable(first: LeadIn['nextFirst']): Uint8Array | undefined {
  if (first === undefined) return undefined;
  const passes = asciiTable(first.passes)!;
  const fails = asciiTable(first.fails)!;
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (passes[c] === 1 && fails[c] === 1) {
      throw new DetectConfigError(`lead-in: code ${c} both passes and fails 'next'`);
    }
    table[c] = passes[c] === 1 ? NEXT_PASSES : fails[c] === 1 ? NEXT_FAILS : 0;
  }
  return table;
}

/** The ASCII characters `test` passes, as a table by code; `undefined` for no test. */
function asciiTable(test: RegExp | undefined): Uint8Array | undefined {
  if (test === undefined) return undefined;
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    test.lastIndex = 0;
    if (test.test(String.fromCharCode(c))) table[c] = 1;
  }
  return table;
}

/** A recognizer made of RE2 patterns and a refinement step. */
export class PatternRecognizer implements Recognizer {
  readonly name: string;
  readonly entityTypes: readonly string[];
  readonly context: readonly string[];
  readonly contextByLanguage: Readonly<Record<string, readonly string[]>>;
  readonly patterns: readonly PatternSpec[];
  readonly engine: 're2' | 'v8';
  private readonly compiled: readonly CompiledPattern[];
  private readonly refine: ((match: PatternMatch) => Refinement | null) | undefined;
  private readonly entityType: string;
  /** `spec.maxScore`: candidates score at most this and stand alone; undefined: no bound. */
  readonly maxScore: number | undefined;
  /** Scratch list of scan windows, reused for every scoped pattern (scans never nest). */
  private readonly windows: number[] = [];

  constructor(spec: PatternRecognizerSpec) {
    this.name = spec.name;
    this.entityType = spec.entityType;
    this.entityTypes = [spec.entityType, ...(spec.otherEntityTypes ?? [])];
    this.context = spec.context ?? [];
    this.contextByLanguage = spec.contextByLanguage ?? {};
    this.patterns = spec.patterns;
    this.engine = spec.engine ?? 're2';
    this.compiled = spec.patterns.map((p) => {
      const re = spec.engine === 'v8' ? compileVetted(spec.name, p) : compilePattern(spec.name, p);
      const sticky =
        re instanceof RegExp && p.leadIn !== undefined
          ? new RegExp(re.source, re.flags.replace('g', 'y'))
          : undefined;
      const leadInAscii = asciiTable(p.leadIn?.ascii);
      const nextAscii = nextTable(p.leadIn?.nextFirst);
      return {
        spec: p,
        re,
        sticky,
        leadInAscii,
        nextAscii,
        scope: scopeOf(spec.name, p),
        name: p.name,
        leadIn: p.leadIn,
        maxLength: p.maxLength ?? Infinity,
        anchored: p.anchor !== undefined,
        rescan: p.rescan === true ? (p.minDigits ?? 1) : -1,
        linear: undefined,
      };
    });
    this.refine = spec.refine;
    this.maxScore = spec.maxScore;
  }

  /** Runs every pattern (no prefilter). */
  analyze(text: string, _options: AnalyzeOptions): Candidate[] {
    return this.analyzeHits(text, this.compiled.map((_, i) => i));
  }

  /** Runs only the patterns whose indices are given (those the analyzer's prefilter hit). */
  analyzeHits(text: string, patternIndices: readonly number[]): Candidate[] {
    const out: Candidate[] = [];
    this.analyzeHitsInto(text, patternIndices, out);
    return out;
  }

  /**
   * Like `analyzeHits`, appending to `out` (saves the analyzer a copy per recognizer). Given the
   * text's `shape`, scoped patterns (`near`, long `minRun`) scan only their windows; without
   * it every pattern scans the whole text, the plain global scan the windows must reproduce.
   */
  analyzeHitsInto(
    text: string,
    patternIndices: readonly number[],
    out: Candidate[],
    shape?: TextShape,
  ): void {
    for (let p = 0; p < patternIndices.length; p++) {
      const pattern = this.compiled[patternIndices[p]!];
      if (pattern === undefined) continue;
      if (shape !== undefined && pattern.scope !== undefined) {
        const windows = this.windows;
        const scope = pattern.scope;
        const n =
          scope.acceptMax !== 0
            ? claimedWindows(shape, scope, windows)
            : shapeWindows(shape, scope, windows);
        // Every match of a scoped pattern holds `min` digits (or run characters): none is shorter.
        const minLength = pattern.scope.min;
        for (let i = 0; i < n; i += 2) {
          const from = windows[i]!;
          const to = windows[i + 1]!;
          const scanned = from === 0 && to === text.length ? text : text.slice(from, to);
          this.scan(text, scanned, from, pattern, out, minLength);
        }
        continue;
      }
      if (!pattern.anchored) {
        this.scan(text, text, 0, pattern, out);
        continue;
      }
      for (const [from, to] of windows(text, pattern.spec)) {
        const scanned = from === 0 && to === text.length ? text : text.slice(from, to);
        this.scan(text, scanned, from, pattern, out);
      }
    }
  }

  /**
   * The global scan of `scanned` (the text, or a window of it starting at `offset`). Every match
   * is at least `minLength` long, so the scan stops when less than that is left after a match
   * (in a window that a match fills, this saves the failing call that would end the scan).
   *
   * V8's engine keeps a backtracking stack of bounded size: on an unbroken run of several million
   * letters and digits, an open-ended count such as `[A-Za-z0-9]{11,}` overflows it and `exec`
   * throws a RangeError (measured: from about 5.6 million code units on). The window's matches
   * are then dropped and found again with the pattern's RE2 twin, which keeps no such stack, so
   * detection never throws on a long value and stays linear in it.
   */
  private scan(
    text: string,
    scanned: string,
    offset: number,
    pattern: CompiledPattern,
    out: Candidate[],
    minLength = 0,
  ): void {
    const found = out.length;
    try {
      this.scanOnce(text, scanned, offset, pattern, out, minLength);
    } catch (error) {
      if (!(error instanceof RangeError) || !(pattern.re instanceof RegExp)) throw error;
      out.length = found;
      this.scanLinear(text, scanned, offset, pattern, out);
    }
  }

  private scanOnce(
    text: string,
    scanned: string,
    offset: number,
    pattern: CompiledPattern,
    out: Candidate[],
    minLength: number,
  ): void {
    const leadIn = pattern.leadIn;
    if (pattern.sticky !== undefined && leadIn !== undefined) {
      const { sticky, leadInAscii, nextAscii } = pattern;
      this.scanLeadIn(text, scanned, offset, pattern, sticky, leadIn, leadInAscii!, nextAscii, out);
      return;
    }
    this.globalScan(pattern.re, text, scanned, offset, pattern, out, minLength);
  }

  /** The global scan of `scanned` with `re` (the pattern's own expression or its RE2 twin). */
  private globalScan(
    re: RE2 | RegExp,
    text: string,
    scanned: string,
    offset: number,
    pattern: CompiledPattern,
    out: Candidate[],
    minLength: number,
  ): void {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(scanned)) !== null) {
      const value = m[0];
      if (value.length === 0) {
        re.lastIndex++;
        continue;
      }
      const end = this.accept(text, value, m.index + offset, pattern, out);
      if (pattern.rescan >= 0) re.lastIndex = rescanFrom(text, offset, value, m.index, end - offset, pattern.rescan);
      if (scanned.length - re.lastIndex < minLength) break;
    }
  }

  /**
   * The plain global scan of `scanned` on RE2 (a lead-in scan finds the same matches as this
   * one, see `scanLeadIn`). RE2 converts its subject to UTF-8 once per call and searches it in
   * linear time whatever the pattern.
   */
  private scanLinear(
    text: string,
    scanned: string,
    offset: number,
    pattern: CompiledPattern,
    out: Candidate[],
  ): void {
    pattern.linear ??= compilePattern(this.name, pattern.spec);
    this.globalScan(pattern.linear, text, scanned, offset, pattern, out, 0);
  }

  /**
   * The global scan of `scan`, restricted to the start positions a `leadIn` allows. A match
   * starting at p holds the lead-in character at some a > p with every unit in [p, a) allowed
   * and a - p <= within, so trying, for each occurrence a in order, the positions from the start
   * of its allowed run (or the end of the previous match) up to a itself finds the same leftmost
   * matches the global scan finds: the character is not allowed in a lead-in, so the occurrence a start
   * position belongs to is the first one after it, and the position sets of successive
   * occurrences are disjoint and ascending. Occurrences inside a match are skipped and the scan
   * resumes at the match's end, exactly like a global regex.
   */
  private scanLeadIn(
    text: string,
    scanned: string,
    offset: number,
    pattern: CompiledPattern,
    sticky: RegExp,
    leadIn: LeadIn,
    ascii: Uint8Array,
    nextAscii: Uint8Array | undefined,
    out: Candidate[],
  ): void {
    let cursor = 0;
    const next = leadIn.next;
    const skip = leadIn.char.length;
    for (let at = scanned.indexOf(leadIn.char); at !== -1; at = scanned.indexOf(leadIn.char, at + 1)) {
      if (at < cursor) continue;
      if (next !== undefined) {
        // Past the end a table fails the lead-in (read as -1: optimized code reading past the end
        // of a string is thrown away the first time it does).
        const after = at + skip < scanned.length ? scanned.charCodeAt(at + skip) : -1;
        const known = nextAscii === undefined ? 0 : after < 0 ? NEXT_FAILS : after < 128 ? nextAscii[after]! : 0;
        if (known === NEXT_FAILS) continue;
        if (known !== NEXT_PASSES) {
          next.lastIndex = at + skip;
          if (!next.test(scanned)) continue;
        }
      }
      const floor = Math.max(cursor, at - leadIn.within);
      let from = at;
      while (from > floor) {
        const code = scanned.charCodeAt(from - 1);
        if (code < 128 && ascii[code] !== 1) break;
        from--;
      }
      // Up to and including `at`: a lead-in may be empty ("::1" starts at its first colon).
      for (let p = from; p <= at; p++) {
        // A unicode-mode global scan never starts inside a surrogate pair.
        const code = scanned.charCodeAt(p);
        if (code >= 0xdc00 && code <= 0xdfff && p > 0) {
          const high = scanned.charCodeAt(p - 1);
          if (high >= 0xd800 && high <= 0xdbff) continue;
        }
        sticky.lastIndex = p;
        const m = sticky.exec(scanned);
        if (m === null || m[0].length === 0) continue;
        this.accept(text, m[0], p + offset, pattern, out);
        cursor = p + m[0].length;
        break;
      }
    }
  }

  /** Refines the match at `start` into `out`; returns the candidate's end, or -1 when dropped. */
  private accept(
    text: string,
    value: string,
    start: number,
    pattern: CompiledPattern,
    out: Candidate[],
  ): number {
    if (value.length > pattern.maxLength) return -1;
    const match: PatternMatch = { text, start, end: start + value.length, value, pattern: pattern.spec };
    const refined = this.runRefine(match);
    if (refined === null) return -1;
    let score = refined.score;
    const maxScore = this.maxScore;
    if (maxScore !== undefined) {
      // What the analyzer's context gate relies on, held here rather than assumed of `refine`.
      if (!standsAlone(text, refined.start, refined.end)) return -1;
      if (score > maxScore) score = maxScore;
    }
    const candidate: Candidate = {
      type: refined.type ?? this.entityType,
      start: refined.start,
      end: refined.end,
      score,
      recognizer: this.name,
      pattern: pattern.name,
      validator: refined.validator,
    };
    if (refined.validated === true) candidate.validated = true;
    out.push(candidate);
    return refined.end;
  }

  private runRefine(match: PatternMatch): Refinement | null {
    if (this.refine === undefined) {
      return { start: match.start, end: match.end, score: match.pattern.score, validator: 'none' };
    }
    try {
      return this.refine(match);
    } catch {
      return null;
    }
  }
}

/**
 * Where a `rescan` pattern's global scan of a window at `offset` of `text` (or of the whole
 * text) goes on after the match `value` at `index` of the window: at `end` (the accepted
 * candidate's end there, or negative when dropped) when it lies inside the match; after a
 * dropped match that holds `minDigits` digits after its first space, at the first word (the
 * match split at its spaces) next to a word that is more than a digit group of up to five
 * digits ("123-45-6789", "4155552671", "+44", a first word glued to what precedes the match),
 * where one value may end and another start; else at the match's end. Between two short digit
 * groups ("4111 1111 1111 1111") the match may well be one value, and its tail is not read as
 * another. Most dropped matches (a version, "at 10 am") hold no space or too few digits after
 * it: they cost one `indexOf`.
 */
function rescanFrom(
  text: string,
  offset: number,
  value: string,
  index: number,
  end: number,
  minDigits: number,
): number {
  if (end > index && end < index + value.length) return end;
  const space = end < index ? value.indexOf(' ', 1) : -1;
  if (space < 0) return index + value.length;
  let digits = 0;
  for (let i = space + 1; i < value.length && digits < minDigits; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  // A match that stopped inside a digit run ("1985-03-14 4111111" of "… 4111111111111111", its
  // last group at the pattern's longest) leaves the rest of that run's digits to the value too.
  for (let i = offset + index + value.length; digits < minDigits && isDigitCode(text.charCodeAt(i)); i++) {
    if (!isDigitCode(text.charCodeAt(i - 1))) break;
    digits++;
  }
  if (digits < minDigits) return index + value.length;
  // What precedes the match in the text, not in its window ("14/03/1985 4111…" scanned from
  // "1985": that word is glued to the date).
  const before = offset + index > 0 ? text.charCodeAt(offset + index - 1) : 32;
  let wordStart = 0;
  let markedBefore = false;
  let marked = before !== 32 && before !== 10 && before !== 9;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 32;
    if (c !== 32) {
      if (c < 48 || c > 57 || i - wordStart >= 5) marked = true;
      continue;
    }
    // A space ends the word [wordStart, i); the one before it ended at wordStart - 1.
    if (wordStart > 0 && (markedBefore || marked)) return index + wordStart;
    markedBefore = marked;
    marked = false;
    wordStart = i + 1;
  }
  return index + value.length;
}

/** An ASCII digit (false for NaN, beyond either end of the text). */
function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Builds a pattern recognizer; its patterns run on RE2 unless `engine: 'v8'` is given. */
export function definePatternRecognizer(spec: PatternRecognizerSpec): PatternRecognizer {
  return new PatternRecognizer(spec);
}

/** Builds one of Veil's own recognizers, whose vetted patterns run on V8 after the prefilter. */
export function defineBuiltinRecognizer(spec: Omit<PatternRecognizerSpec, 'engine'>): PatternRecognizer {
  return new PatternRecognizer({ ...spec, engine: 'v8' });
}
