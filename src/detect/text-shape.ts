/**
 * The shape of a text, taken in one pass over its code units before any built-in pattern runs:
 * what the cheap gates need (digit count, longest alphanumeric run, which ASCII characters
 * occur) and where the numbers and long tokens are, so that each pattern scans only the few
 * windows that can hold a match instead of the whole text (see `PatternSpec.near`).
 *
 * The pass costs about 3 us per 500-character note, a few regular-expression scans' worth; it
 * pays because some forty patterns share it (measured on the 4000-ticket corpus: the pattern
 * recognizers 133-140 -> 96-108 CPU-us per note, with the windows of `near`).
 */

import { gluedAfter, gluedBefore } from './recognizers/boundary.js';

/** The joiners that chain the digit runs of one cluster (" ", "-", ".", "/", "+", ":"), by bit. */
const JOINERS = ' -./+:';
const JOINER = new Uint8Array(128);
for (let i = 0; i < JOINERS.length; i++) JOINER[JOINERS.charCodeAt(i)] = 1 << i;

/** The bit of the joiner with this code (as in `TextShape.clusters`), 0 for any other code. */
export function joinerBit(code: number): number {
  return code < 128 ? JOINER[code]! : 0;
}

/** The bit set of the joiners among `chars` (as in `TextShape.clusters`). */
export function joinerBits(chars: string): number {
  let bits = 0;
  for (const ch of chars) {
    const i = JOINERS.indexOf(ch);
    if (i < 0 || ch.length !== 1) throw new Error(`'${ch}' is not a cluster joiner`);
    bits |= 1 << i;
  }
  return bits;
}

/*
 * The constants below are exported under their names and read in this module through bindings of
 * its own: V8 folds a module's own constant into the code that reads it, while an exported one
 * is a cell, loaded and checked for its temporal dead zone at every read (in the pass's loops,
 * once per word and digit run).
 */
const SHORTEST_LONG_RUN = 9;
const SHORTEST_DIGIT_RUN = 4;
const FEWEST_CLUSTER_DIGITS = 3;
const FREE_START_BIT = 1 << 6;
const FREE_END_BIT = 1 << 7;

/** Runs of run characters at least this long are recorded (the shortest `minRun` gate). */
export const LONG_RUN = SHORTEST_LONG_RUN;
/**
 * Digit runs and clusters are recorded from these many digits on (most runs in text are one or
 * two digits long, and a pattern needing so few gains nothing from windows).
 */
export const MIN_DIGIT_RUN = SHORTEST_DIGIT_RUN;
export const MIN_CLUSTER_DIGITS = FEWEST_CLUSTER_DIGITS;

/**
 * Characters counted by the `minRun` gate: ASCII letters and digits, plus the two non-ASCII
 * letters that case-insensitive Unicode matching folds onto ASCII letters (U+017F long s, U+212A
 * Kelvin sign), so that the gate never rejects a text that an `iu` pattern would match.
 */
export function isRunCode(c: number): boolean {
  if (c >= 48 && c <= 57) return true;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return c === 0x17f || c === 0x212a;
}

/**
 * Bits of a run in `TextShape.clusterRuns`, above the bit of the joiner that follows it: a match
 * can start at the run's start, or end at its end, without being glued to the text around it
 * (`gluedBefore`, `gluedAfter`).
 */
export const FREE_START = FREE_START_BIT;
export const FREE_END = FREE_END_BIT;

/** The digit runs of the clusters (see `TextShape.clusterRuns`). */
export interface ClusterRuns {
  /**
   * Per run, cluster after cluster: its start, its end, and its bits: the joiner after it (0 for
   * a cluster's last run) and `FREE_START`, `FREE_END`.
   */
  readonly runs: readonly number[];
  /** Per cluster, in `clusters` order: the index in `runs` of its first run's triple. */
  readonly at: readonly number[];
}

export interface TextShape {
  readonly text: string;
  /** ASCII digits in the text. */
  readonly digits: number;
  /** Longest run of run characters (`isRunCode`). */
  readonly longestRun: number;
  /** Longest run of ASCII digits. */
  readonly longestDigitRun: number;
  /** Most digits in one digit cluster (see `clusters`). */
  readonly mostClusterDigits: number;
  /** True when every code unit is ASCII (no character beyond the 128-bit set below). */
  readonly ascii: boolean;
  /** ASCII characters present, as a 128-bit set in four 32-bit words. */
  readonly m0: number;
  readonly m1: number;
  readonly m2: number;
  readonly m3: number;
  /** Maximal runs of at least `MIN_DIGIT_RUN` ASCII digits, as [start, end) pairs in text order. */
  readonly digitRuns: readonly number[];
  /**
   * Digit clusters of at least `MIN_CLUSTER_DIGITS` digits: maximal chains of digit runs where
   * each next run follows a single joiner (" -./+:") after the previous one, as [start, end,
   * digits, joiners] quadruples in text order; `joiners` is the bit set (`joinerBits`) of the
   * joiners inside the cluster.
   */
  readonly clusters: readonly number[];
  /** Maximal runs of at least `LONG_RUN` run characters, as [start, end) pairs. */
  readonly longRuns: readonly number[];
  /** Global-scan matches of a finder expression, as [start, end) pairs, computed once per text. */
  found(finder: RegExp): readonly number[];
  /**
   * The digit runs of the clusters and which of their ends a match can start or end at without
   * being glued, computed on the first call and shared by the patterns declaring `accepts`.
   */
  clusterRuns(): ClusterRuns;
}

class Shape implements TextShape {
  digits = 0;
  longestRun = 0;
  longestDigitRun = 0;
  mostClusterDigits = 0;
  ascii = true;
  m0 = 0;
  m1 = 0;
  m2 = 0;
  m3 = 0;
  readonly digitRuns: number[] = [];
  readonly clusters: number[] = [];
  readonly longRuns: number[] = [];
  // The first finder's matches are kept in two fields (the shipped patterns share one finder),
  // any other finder's in a map.
  private firstFinder: RegExp | undefined;
  private firstFound: number[] | undefined;
  private finds: Map<RegExp, number[]> | undefined;
  private runsOfClusters: ClusterRuns | undefined;

  constructor(readonly text: string) {}

  clusterRuns(): ClusterRuns {
    if (this.runsOfClusters !== undefined) return this.runsOfClusters;
    const text = this.text;
    const clusters = this.clusters;
    const runs: number[] = [];
    const at: number[] = [];
    for (let i = 0; i < clusters.length; i += 4) {
      at.push(runs.length);
      const end = clusters[i + 1]!;
      let start = clusters[i]!;
      // Read with the underscore as a separator, the looser reading (see `Accepts`). Only the
      // cluster's two ends are asked: inside it every code unit that is no digit is a single
      // joiner with digits on both sides, which glues the runs on either side of it (for
      // `gluedBefore` and `gluedAfter` alike) exactly when it is a hyphen or a full stop.
      // One `push` for every run: V8 inlines it, and called a builtin for a second one after
      // the loop.
      let free = gluedBefore(text, start, 'separates') ? 0 : FREE_START_BIT;
      for (let p = start + 1; p <= end; p++) {
        const code = p < end ? text.charCodeAt(p) : 0;
        if (code >= 48 && code <= 57) continue;
        let bits = free;
        if (p === end) {
          if (!gluedAfter(text, end, 'separates')) bits |= FREE_END_BIT;
        } else {
          const glued = code === 45 || code === 46;
          bits |= JOINER[code]! | (glued ? 0 : FREE_END_BIT);
          free = glued ? 0 : FREE_START_BIT;
        }
        runs.push(start, p, bits);
        start = p + 1;
      }
    }
    return (this.runsOfClusters = { runs, at });
  }

  found(finder: RegExp): readonly number[] {
    if (finder === this.firstFinder) return this.firstFound!;
    let pairs = this.finds?.get(finder);
    if (pairs !== undefined) return pairs;
    pairs = [];
    finder.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = finder.exec(this.text)) !== null) {
      if (m[0].length === 0) {
        finder.lastIndex++;
        continue;
      }
      pairs.push(m.index, m.index + m[0].length);
    }
    if (this.firstFinder === undefined) {
      this.firstFinder = finder;
      this.firstFound = pairs;
    } else {
      (this.finds ??= new Map()).set(finder, pairs);
    }
    return pairs;
  }
}

/** Character classes for the pass: 1 an ASCII digit, 2 another run character (`isRunCode`). */
const CLASS = new Uint8Array(0x10001);
for (let c = 0; c < 0x10000; c++) if (isRunCode(c)) CLASS[c] = c <= 57 ? 1 : 2;

/** The bit of the space in `TextShape.m1`. */
const SPACE_BIT = 1 << (32 & 31);

/** Takes the shape of `text` in one pass. */
export function measureText(text: string): TextShape {
  const shape = new Shape(text);
  const runs = shape.digitRuns;
  const clusters = shape.clusters;
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let ascii = true;
  let digits = 0;
  let longest = 0;
  let longestDigits = 0;
  let mostCluster = 0;
  let run = 0;
  // The open digit run starts at `digitStart` (-1: none); the open cluster spans
  // [clusterStart, clusterEnd) with `clusterDigits` digits (0: none), joined by `joiners`.
  let digitStart = -1;
  let clusterStart = 0;
  let clusterEnd = -2;
  let clusterDigits = 0;
  let joiners = 0;
  const n = text.length;
  // One step past the end, on a code of no class, closes the open runs.
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 0x10000;
    if (digitStart < 0) {
      // ASCII letters and spaces, most of a note, taken in a tight loop of their own: only the
      // character sets and the runs change, as in the steps below for these characters. It took
      // lower-case letters alone before (the pass alone, medians 3.37-3.54 -> 2.88-3.08 CPU-us);
      // with capitals and spaces, and the digit loop below, 36.5k -> 33.3k instructions a note
      // (callgrind, the tickets notes).
      for (;;) {
        if (c >= 97 && c <= 122) {
          m3 |= 1 << (c & 31);
          run++;
        } else if (c >= 65 && c <= 90) {
          m2 |= 1 << (c & 31);
          run++;
        } else if (c === 32) {
          m1 |= SPACE_BIT;
          if (run > 0) {
            if (run > longest) longest = run;
            if (run >= SHORTEST_LONG_RUN) shape.longRuns.push(i - run, i);
            run = 0;
          }
        } else {
          break;
        }
        c = ++i < n ? text.charCodeAt(i) : 0x10000;
      }
    }
    // The ASCII characters seen, as a 128-bit set in four words kept in locals (instead of a
    // typed array made per text: a 20-character field's pass 0.19 -> 0.14 us, a note's 3.6 -> 3.2).
    if (c < 128) {
      const bit = 1 << (c & 31);
      if (c >= 96) m3 |= bit;
      else if (c >= 64) m2 |= bit;
      else if (c >= 32) m1 |= bit;
      else m0 |= bit;
    } else if (c < 0x10000) {
      ascii = false;
    }
    const k = CLASS[c]!;
    if (k === 1) {
      if (digitStart < 0) digitStart = i;
      run++;
      // The digits after it, in a loop of their own: for each, only its bit and the run change.
      while (i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d < 48 || d > 57) break;
        m1 |= 1 << (d & 31);
        run++;
        i++;
      }
      continue;
    }
    if (digitStart >= 0) {
      digits += i - digitStart;
      if (i - digitStart > longestDigits) longestDigits = i - digitStart;
      if (i - digitStart >= SHORTEST_DIGIT_RUN) runs.push(digitStart, i);
      const joiner = digitStart === clusterEnd + 1 ? (JOINER[text.charCodeAt(clusterEnd)] ?? 0) : 0;
      if (joiner !== 0) {
        clusterDigits += i - digitStart;
        joiners |= joiner;
        if (clusterDigits > mostCluster) mostCluster = clusterDigits;
      } else {
        if (clusterDigits >= FEWEST_CLUSTER_DIGITS) {
          clusters.push(clusterStart, clusterEnd, clusterDigits, joiners);
        }
        clusterStart = digitStart;
        clusterDigits = i - digitStart;
        joiners = 0;
        if (clusterDigits > mostCluster) mostCluster = clusterDigits;
      }
      clusterEnd = i;
      digitStart = -1;
    }
    if (k === 2) {
      run++;
      continue;
    }
    if (run > 0) {
      if (run > longest) longest = run;
      if (run >= SHORTEST_LONG_RUN) shape.longRuns.push(i - run, i);
      run = 0;
    }
  }
  if (clusterDigits >= FEWEST_CLUSTER_DIGITS) {
    clusters.push(clusterStart, clusterEnd, clusterDigits, joiners);
  }
  shape.digits = digits;
  shape.longestRun = longest;
  shape.longestDigitRun = longestDigits;
  shape.mostClusterDigits = mostCluster;
  shape.ascii = ascii;
  shape.m0 = m0;
  shape.m1 = m1;
  shape.m2 = m2;
  shape.m3 = m3;
  return shape;
}

/** The bit of an ASCII code in its word of `TextShape.m0` .. `m3`. */
function asciiBit(ch: string): number {
  return 1 << (ch.charCodeAt(0) & 31);
}
const TAB = asciiBit('\t');
const PERCENT_OR_AMPERSAND = asciiBit('%') | asciiBit('&');
const BACKSLASH = asciiBit('\\');

/**
 * `mayNeedReading` (./normalize.ts) of the shape's text, read off the shape: a tab (in `m0`),
 * "%" or "&" (`m1`), a backslash (`m2`) or a character beyond ASCII. The analyzer measures a
 * text first and so skips that test's five scans of it (`test/detect/text-shape.test.ts`).
 */
export function shapeMayNeedReading(shape: TextShape): boolean {
  return (
    !shape.ascii ||
    (shape.m0 & TAB) !== 0 ||
    (shape.m1 & PERCENT_OR_AMPERSAND) !== 0 ||
    (shape.m2 & BACKSLASH) !== 0
  );
}
