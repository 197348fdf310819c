/**
 * Which findings arrays a `detect` stage wrote in this thread, and for which text, so that
 * `anonymize` acts on those only while their offsets still hold, and never on a findings field
 * that came with the input.
 *
 * A record's findings field is input like any other until a detect stage writes it: whoever
 * writes the input can put `"_pii": []` there and, if it were read as findings, switch
 * anonymization off. The proof of origin is a property of the array keyed by a symbol private to
 * this module, which detect sets on every array it writes: JSON parsing (and a structured clone)
 * cannot make a symbol-keyed property, and JSON.stringify does not write one. The stages of a run
 * pass records as objects within one thread (a batch goes through the whole chain in the worker
 * that read it, and barrier pass 2 runs the chain again from the input), so the mark survives
 * from detect to anonymize; a stage in between that copies the array loses it, and anonymize
 * then detects by itself, which costs time but leaks nothing.
 *
 * Origin is not enough: a stage between them that rewrites a string (a first anonymize, with
 * `keep_findings: true`, or synthesize, pseudonymize, encrypt-field) leaves offsets that point
 * into text that no longer exists, and a second anonymize trusting them replaced the wrong
 * characters and passed an e-mail address in clear. So detect also registers the strings it
 * scanned, in order, and how to walk them again; the findings are trusted only when the same walk
 * over the record now meets the same strings. Strings are immutable and kept by reference, so
 * the check is a walk with identity comparisons and the snapshot costs no copy of the text.
 *
 * Rejected: telling anonymize when it is built whether a detect stage precedes it. That trusts
 * whatever the field holds when a record arrives, including what a stage in between put there.
 * Rejected too: a list of the stages that may rewrite strings, which every new stage would have
 * to join; the snapshot sees any change, whoever makes it.
 */
import type { JsonRecord, JsonValue } from '../engine/stage.js';

/** Visits the strings a detect stage scans in a record, in the order it scans them. */
export type ScannedStrings = (record: JsonRecord, visit: (value: string, path: string) => undefined) => void;

interface Snapshot {
  readonly strings: readonly string[];
  readonly walk: ScannedStrings;
}

/*
 * Round 14: this replaced a WeakMap from each array to its snapshot; an insertion into it cost
 * about 0.2 us per record more than defining this property (best of 6 passes of 200,000 arrays
 * of 12 findings), and the collector has no weak entries to clear. The property is defined once
 * the array is written, so the detect stage fills a plain array (`push` on an Array subclass took
 * V8's slow path: dearer than the WeakMap).
 */
const SNAPSHOT = Symbol('detected findings');

type Marked = JsonValue[] & { [SNAPSHOT]?: Snapshot };

/** Registers `findings` as written by a detect stage that scanned `strings` (via `walk`). */
export function markDetected(
  findings: JsonValue[],
  strings: readonly string[],
  walk: ScannedStrings,
): void {
  // Not enumerable: no copy by `Object.assign`, nor a deep comparison, sees it.
  Object.defineProperty(findings, SNAPSHOT, { value: { strings, walk } });
}

function snapshotOf(value: JsonValue | undefined): Snapshot | undefined {
  return Array.isArray(value) ? (value as Marked)[SNAPSHOT] : undefined;
}

/** Whether `value` is a findings array a detect stage wrote in this thread (current or stale). */
export function isDetected(value: JsonValue | undefined): value is JsonValue[] {
  return snapshotOf(value) !== undefined;
}

/**
 * Whether the text a detect stage scanned to write `findings` is still, string for string, what
 * `record` holds: only then do the findings' offsets point at what they found.
 */
export function isCurrent(findings: JsonValue[], record: JsonRecord): boolean {
  const snapshot = snapshotOf(findings);
  if (snapshot === undefined) return false;
  const { strings, walk } = snapshot;
  let i = 0;
  let same = true;
  walk(record, (value: string): undefined => {
    if (same && strings[i] !== value) same = false;
    i++;
    return undefined;
  });
  return same && i === strings.length;
}
