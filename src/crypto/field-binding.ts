/**
 * Associated data that binds a field's ciphertext to where it lives: the concrete field path
 * (`contacts[1].email`) and, when configured, the record's identifier. A value copied to another
 * field, or to another record, then fails authentication instead of decrypting quietly.
 *
 * Layout: "veil/v1/field" || u32be(len(path)) || path || u32be(len(recordId)) || recordId, with
 * an absent record id encoded as length 0xffffffff so that "no id" and "empty id" differ.
 */
import { concatBytes, i2osp, utf8 } from './bytes.js';

const LABEL = utf8('veil/v1/field');
const NO_RECORD = Uint8Array.of(0xff, 0xff, 0xff, 0xff);

// The label-and-path prefix is the same for every record, so it is built once per path
// (bounded: paths with array indices are many, but a record has few).
const prefixes = new Map<string, Uint8Array>();

function prefixOf(path: string): Uint8Array {
  let prefix = prefixes.get(path);
  if (prefix === undefined) {
    const pathBytes = utf8(path);
    prefix = concatBytes(LABEL, i2osp(pathBytes.length, 4), pathBytes);
    if (prefixes.size >= 4096) prefixes.clear();
    prefixes.set(path, prefix);
  }
  return prefix;
}

export function fieldAad(path: string, recordId?: string): Uint8Array {
  const prefix = prefixOf(path);
  if (recordId === undefined) return concatBytes(prefix, NO_RECORD);
  const idBytes = utf8(recordId);
  return concatBytes(prefix, i2osp(idBytes.length, 4), idBytes);
}

/** FF1 tweak for a field: the same binding, since FF1 has no associated data of its own. */
export function fieldTweak(path: string, recordId?: string): Uint8Array {
  return fieldAad(path, recordId);
}
