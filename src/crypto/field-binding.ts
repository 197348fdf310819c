/**
 * Associated data that binds a field's ciphertext to where it lives: the concrete field path
 * (`contacts[1].email`) and, when configured, the record's identifier. A value copied to another
 * field, or to another record, then fails authentication instead of decrypting quietly.
 *
 * Two layouts. Version 2, written for every AEAD field with a record id since ids became typed:
 *   "veil/v2/field" || u32be(len(path)) || path || type || u32be(len(id)) || id
 * where `type` is 0x01 for a string id and 0x02 for a number id (written as `String(n)`), so the
 * string "1" and the number 1 are different records. Version 1, the original layout, is kept
 * for records without an id (unchanged bytes) and for reading ciphertexts written before:
 *   "veil/v1/field" || u32be(len(path)) || path || u32be(len(id)) || id
 * with an absent record id encoded as length 0xffffffff so that "no id" and "empty id" differ.
 * Version 1 carries the id's text only, so it cannot tell "1" from 1.
 */
import { CryptoError } from '../errors/crypto-error.js';
import { concatBytes, i2osp, utf8 } from './bytes.js';

/** A record id, validated by `recordIdOf`: a non-empty string or a finite number. */
export type RecordId = string | number;

const LABEL_V1 = utf8('veil/v1/field');
const LABEL_V2 = utf8('veil/v2/field');
const NO_RECORD = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
const STRING_ID = Uint8Array.of(0x01);
const NUMBER_ID = Uint8Array.of(0x02);

// The label-and-path prefix is the same for every record, so it is built once per path
// (bounded: paths with array indices are many, but a record has few).
const prefixes = new Map<string, Uint8Array>();

function prefixOf(path: string, version: 1 | 2): Uint8Array {
  const cacheKey = `${version}:${path}`;
  let prefix = prefixes.get(cacheKey);
  if (prefix === undefined) {
    const pathBytes = utf8(path);
    const label = version === 1 ? LABEL_V1 : LABEL_V2;
    prefix = concatBytes(label, i2osp(pathBytes.length, 4), pathBytes);
    if (prefixes.size >= 4096) prefixes.clear();
    prefixes.set(cacheKey, prefix);
  }
  return prefix;
}

/**
 * The version 1 (legacy) associated data: the id's text only. Kept byte for byte so that
 * ciphertexts written before typed ids still decrypt, and used for records without an id.
 */
export function fieldAadV1(path: string, recordId?: RecordId): Uint8Array {
  const prefix = prefixOf(path, 1);
  if (recordId === undefined) return concatBytes(prefix, NO_RECORD);
  const idBytes = utf8(String(recordId));
  return concatBytes(prefix, i2osp(idBytes.length, 4), idBytes);
}

/**
 * The associated data new AEAD ciphertexts are sealed with: version 2 (typed id) when a record
 * id is given, version 1 (unchanged) when none is.
 */
export function fieldAad(path: string, recordId?: RecordId): Uint8Array {
  if (recordId === undefined) return fieldAadV1(path);
  const idBytes = utf8(String(recordId));
  return concatBytes(
    prefixOf(path, 2),
    typeof recordId === 'number' ? NUMBER_ID : STRING_ID,
    i2osp(idBytes.length, 4),
    idBytes,
  );
}

/**
 * Every associated data a stored ciphertext may carry, newest first: opening tries them in
 * order. A ciphertext authenticates under at most one of them, since the labels differ.
 */
export function fieldAadCandidates(path: string, recordId?: RecordId): readonly Uint8Array[] {
  if (recordId === undefined) return [fieldAadV1(path)];
  return [fieldAad(path, recordId), fieldAadV1(path, recordId)];
}

/**
 * FF1 tweak for a field: the version 1 binding. FF1 output has no tag and no version, so a new
 * tweak could not be told from the old one when decrypting; FF1 therefore binds the id's text
 * and cannot tell the string "1" from the number 1 (see the README's Limitations).
 */
export function fieldTweak(path: string, recordId?: RecordId): Uint8Array {
  return fieldAadV1(path, recordId);
}

function isAuthFailure(error: unknown): boolean {
  return error instanceof CryptoError && error.code === 'VEIL_CRYPTO_AUTH';
}

/**
 * Opens with each candidate associated data in turn (see `fieldAadCandidates`). Only an
 * authentication failure moves on to the next; if all fail, the first failure is thrown.
 */
export function openBound<T>(candidates: readonly Uint8Array[], open: (aad: Uint8Array) => T): T {
  let first: unknown;
  for (const aad of candidates) {
    try {
      return open(aad);
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      first ??= error;
    }
  }
  throw first;
}

/** `openBound` for the asynchronous (asymmetric and password) modes. */
export async function openBoundAsync<T>(
  candidates: readonly Uint8Array[],
  open: (aad: Uint8Array) => Promise<T>,
): Promise<T> {
  let first: unknown;
  for (const aad of candidates) {
    try {
      return await open(aad);
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      first ??= error;
    }
  }
  throw first;
}
