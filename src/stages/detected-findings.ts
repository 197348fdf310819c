/**
 * Which findings arrays a `detect` stage wrote in this thread, so that `anonymize` acts on those
 * and never on a findings field that came with the input.
 *
 * A record's findings field is input like any other until a detect stage writes it: whoever
 * writes the input can put `"_pii": []` there and, if it were read as findings, switch
 * anonymization off. The proof of origin is object identity: detect registers every array it
 * writes, and JSON parsing cannot make an object that is in the set. The stages of a run pass
 * records as objects within one thread (a batch goes through the whole chain in the worker that
 * read it, and barrier pass 2 runs the chain again from the input), so the mark survives from
 * detect to anonymize; a stage in between that copies the array loses it, and anonymize then
 * detects by itself, which costs time but leaks nothing.
 *
 * Rejected: telling anonymize when it is built whether a detect stage precedes it. That trusts
 * whatever the field holds when a record arrives, including what a stage in between put there.
 */
import type { JsonValue } from '../engine/stage.js';

// Weak, so an array is forgotten with its record: memory does not grow with the input.
const written = new WeakSet<JsonValue[]>();

/** Registers `findings` as written by a detect stage. */
export function markDetected(findings: JsonValue[]): void {
  written.add(findings);
}

/** Whether `value` is a findings array a detect stage wrote in this thread. */
export function isDetected(value: JsonValue | undefined): value is JsonValue[] {
  return Array.isArray(value) && written.has(value);
}
