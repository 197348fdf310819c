/**
 * The hygiene pass every event's `details` goes through before it is hashed: secrets are
 * replaced by a marker and the rest is reduced to plain JSON. Doing it before hashing matters:
 * a secret that reached the chain could never be removed without breaking verification.
 *
 * A key is secret when, lower-cased with `-`, `_`, `.` and spaces removed, it equals or contains
 * one of {@link SECRET_KEY_PARTS}. A string value is secret when it looks like a JWT, a bearer or
 * basic credential, or a PEM private key, whatever its key.
 */
import { setOwnField } from '../../engine/own-property.js';
import { AuditError } from '../../errors/audit-error.js';
import type { CanonicalValue } from './canonical-json.js';

/** Replaces a redacted value. */
export const REDACTED = '[REDACTED]';

/**
 * Key fragments that mark a value as secret. Matching is on the normalized key (`apiKey`,
 * `api_key`, `X-Api-Key` all become `apikey`/`xapikey`, which contain `apikey`).
 */
export const SECRET_KEY_PARTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'privatekey',
  'credential',
  'totp',
  'otp',
  'recoverycode',
  'mfacode',
  'sessionid',
  'signature',
  'hmackey',
  'encryptionkey',
  'signingkey',
];

const JWT_LIKE = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const CREDENTIAL_LIKE = /^(bearer|basic)\s+\S+/i;
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_.\s]/g, '');
  return SECRET_KEY_PARTS.some((part) => normalized.includes(part));
}

function isSecretValue(value: string): boolean {
  if (value.startsWith('eyJ') && JWT_LIKE.test(value)) return true;
  return CREDENTIAL_LIKE.test(value) || PEM_PRIVATE.test(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_DEPTH = 16;
const MAX_STRING = 8192;

function clean(value: unknown, path: string, depth: number): CanonicalValue | undefined {
  if (depth > MAX_DEPTH)
    throw new AuditError('VEIL_AUDIT_INPUT', `${path}: nested deeper than ${MAX_DEPTH}`);
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AuditError('VEIL_AUDIT_INPUT', `${path}: number is not finite`);
    }
    return value;
  }
  if (typeof value === 'string') {
    if (isSecretValue(value)) return REDACTED;
    // Lone surrogates have no canonical form; replacing them keeps the event instead of failing it.
    const wellFormed = value.replace(LONE_SURROGATE, '\uFFFD');
    return wellFormed.length > MAX_STRING ? `${wellFormed.slice(0, MAX_STRING)}[...]` : wellFormed;
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new AuditError('VEIL_AUDIT_INPUT', `${path}: invalid date`);
    return value.toISOString();
  }
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return typeof code === 'string' ? { class: value.name, code } : { class: value.name };
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => clean(item, `${path}[${index}]`, depth + 1) ?? null);
  }
  if (typeof value === 'object') {
    const out: Record<string, CanonicalValue> = {};
    for (const [key, item] of Object.entries(value)) {
      // setOwnField: a `__proto__` key (JSON.parse makes it an own property) stays a field;
      // assigned, it would replace the copy's prototype and vanish from the hashed form.
      if (isSecretKey(key)) {
        if (item !== undefined) setOwnField(out, key, REDACTED);
        continue;
      }
      const cleaned = clean(item, `${path}.${key}`, depth + 1);
      if (cleaned !== undefined) setOwnField(out, key, cleaned);
    }
    return out;
  }
  throw new AuditError('VEIL_AUDIT_INPUT', `${path}: a ${typeof value} is not a JSON value`);
}

/**
 * Returns a redacted plain-JSON copy of `details` (the caller's object is not modified).
 * Dates become ISO strings, errors `{ class, code }`, bigints decimal strings; functions,
 * symbols and non-finite numbers are refused with an `AuditError` naming the path.
 */
export function redactDetails(details: Readonly<Record<string, unknown>> | undefined): {
  [key: string]: CanonicalValue;
} {
  if (details === undefined) return {};
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new AuditError('VEIL_AUDIT_INPUT', 'details: expected an object');
  }
  return clean(details, 'details', 0) as { [key: string]: CanonicalValue };
}
