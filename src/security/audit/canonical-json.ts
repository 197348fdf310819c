/**
 * JSON Canonicalization Scheme, RFC 8785. The audit chain hashes this encoding, so the hash of a
 * record does not depend on the key order an encoder happened to use (msgpack round trips,
 * another language's verifier). RFC 8785 takes its number and string serialization from
 * ECMAScript (section 3.2.2), which is why JavaScript's own `Number#toString` and
 * `JSON.stringify` on a single string are the right primitives here; the work this module adds is
 * the property sort by UTF-16 code units (section 3.2.3) and the I-JSON checks (section 3.1).
 */

/** A JSON value as RFC 8785 accepts it (I-JSON, RFC 7493). */
export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

/** Thrown for input that has no canonical form; `path` names where (`$.details.count`). */
export class CanonicalJsonError extends TypeError {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

// I-JSON (RFC 7493 section 2.1) forbids lone surrogates: they have no UTF-8 form.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string, path: string): string {
  // The cheap class test first: the look-around pattern costs several times more (profiled in
  // bench/scenarios/audit.ts, where canonicalization was the top self-time entry).
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new CanonicalJsonError(path, 'string has a lone surrogate');
  }
  // ES2019 JSON.stringify escapes exactly what RFC 8785 section 3.2.2.2 requires: the two-letter
  // forms for \b \t \n \f \r \" \\, \u00xx for the other controls, everything else verbatim.
  return JSON.stringify(value);
}

function serializeNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'number is not finite');
  // Number#toString is the ECMAScript algorithm RFC 8785 section 3.2.2.3 names; -0 becomes "0".
  return Object.is(value, -0) ? '0' : String(value);
}

function serialize(value: unknown, path: string, parts: string[], depth: number): void {
  if (depth > 64) throw new CanonicalJsonError(path, 'nesting deeper than 64 levels');
  if (value === null) {
    parts.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'number':
      parts.push(serializeNumber(value, path));
      return;
    case 'string':
      parts.push(serializeString(value, path));
      return;
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not a JSON value`);
  }

  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, index) => {
      if (index > 0) parts.push(',');
      serialize(item, `${path}[${index}]`, parts, depth + 1);
    });
    parts.push(']');
    return;
  }

  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(path, 'only plain objects and arrays are JSON values');
  }
  // Default sort compares UTF-16 code units, which is the order section 3.2.3 prescribes.
  const keys = Object.keys(value).sort();
  parts.push('{');
  let first = true;
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    // undefined members are dropped, as JSON.stringify does, so optional fields hash alike.
    if (item === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(serializeString(key, `${path}.<key>`), ':');
    serialize(item, `${path}.${key}`, parts, depth + 1);
  }
  parts.push('}');
}

/**
 * Returns the RFC 8785 form of one string: what {@link canonicalize} gives for it, without the
 * generic walk (the record hash writes its fixed top-level fields with this).
 * @throws CanonicalJsonError for a lone surrogate.
 */
export function canonicalString(value: string, path = '$'): string {
  return serializeString(value, path);
}

/**
 * Returns the RFC 8785 canonical form of `value`.
 *
 * @example
 * canonicalize({ b: 1, a: [true, null, 1e21] }) // '{"a":[true,null,1e+21],"b":1}'
 * @throws CanonicalJsonError for NaN, Infinity, lone surrogates, non-plain objects, functions,
 *   bigints and symbols, naming the path.
 */
export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  serialize(value, '$', parts, 0);
  return parts.join('');
}
