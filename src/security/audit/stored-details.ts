/**
 * The stored form of a record's details. msgpackr, LMDB's encoder, renames a `__proto__` key to
 * `__proto_` when it decodes (its guard against prototype pollution): read back, such a record
 * would no longer be the one that was hashed. So a record whose details hold a `__proto__` key at
 * any depth is stored with every key of the form `$...$__proto__` (any number of `$`, none
 * included) given one more leading `$`, and flagged; reading removes one `$` again. The mapping is
 * one-to-one, `__proto__` is never a stored key, and records without the flag (all others, and
 * every record written before it existed) are read as they are.
 */
import { setOwnField } from '../../engine/own-property.js';
import type { AuditRecord } from './audit-event.js';
import type { CanonicalValue } from './canonical-json.js';

type Details = AuditRecord['details'];

/** A record as the `audit-events` database holds it. */
export type StoredAuditRecord = AuditRecord & { readonly escapedKeys?: true };

const PROTO_KEY = /^\$*__proto__$/;
const ESCAPED_PROTO_KEY = /^\$+__proto__$/;

function hasProtoKey(value: CanonicalValue): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasProtoKey);
  const object = value as { readonly [key: string]: CanonicalValue };
  return Object.keys(object).some((key) => key === '__proto__' || hasProtoKey(object[key] ?? null));
}

function renameKeys(value: CanonicalValue, rename: (key: string) => string): CanonicalValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: CanonicalValue) => renameKeys(item, rename));
  const object = value as { readonly [key: string]: CanonicalValue };
  const out: { [key: string]: CanonicalValue } = {};
  for (const key of Object.keys(object)) setOwnField(out, rename(key), renameKeys(object[key] ?? null, rename));
  return out;
}

/** The form of `record` to store: unchanged unless its details hold a `__proto__` key. */
export function toStoredRecord(record: AuditRecord): StoredAuditRecord {
  if (!hasProtoKey(record.details)) return record;
  const details = renameKeys(record.details, (key) => (PROTO_KEY.test(key) ? `$${key}` : key)) as Details;
  return { ...record, details, escapedKeys: true };
}

/** The record a stored value stands for: the one that was hashed. */
export function fromStoredRecord(stored: StoredAuditRecord): AuditRecord {
  if (stored.escapedKeys !== true) return stored;
  const { escapedKeys: _flag, ...record } = stored;
  const details = renameKeys(stored.details, (key) => (ESCAPED_PROTO_KEY.test(key) ? key.slice(1) : key)) as Details;
  return { ...record, details };
}
