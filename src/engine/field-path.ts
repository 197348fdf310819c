/**
 * Field selection: dotted paths into nested objects and arrays, shared by every stage.
 *
 * Syntax: `customer.email` names a nested key; `contacts[].email` (or `contacts.*.email`) names
 * the `email` of every element of the `contacts` array. A path that ends on an array visits each
 * element, so `tags` on `["a", "b"]` visits both strings and keeps the array's length and order.
 * The concrete path reported for a visited value uses indices: `contacts[1].email`.
 *
 * We rejected JSONPath: its filter expressions are more than pipelines need, and every extra
 * feature is another way for a pipeline file to select something its author did not mean.
 */
import type { JsonRecord, JsonValue } from './stage.js';

type Segment = { kind: 'key'; key: string } | { kind: 'each' };

/** A compiled field path. */
export interface FieldPath {
  /** The path as written in the pipeline file. */
  readonly text: string;
  /**
   * Calls `visit` with every value the path selects and its concrete path; when `visit` returns
   * a value other than `undefined`, that value replaces the visited one in place.
   * Missing keys (and `null` on the way) are skipped silently: a record without the field is
   * not an error. A value of the wrong shape on the way (a string where the path expects an
   * object or an array) is skipped too, unless `onMismatch` is given: it is then called with the
   * concrete path of that value, the shape the path expected, and the value (stages that must
   * not let a selected value pass unprocessed throw from it, or scan it whole).
   */
  update(
    record: JsonRecord,
    visit: (value: JsonValue, path: string) => JsonValue | undefined,
    onMismatch?: (path: string, expected: 'object' | 'array', value: JsonValue) => void,
  ): void;
  /** Removes the selected key (or, under `[]`, the key from every element). */
  remove(record: JsonRecord): void;
  /** Returns the first value the path selects, or `undefined`. */
  get(record: JsonRecord): JsonValue | undefined;
  /**
   * Like `get`, but an array where the path ends is returned whole instead of its first element:
   * for stages that need one scalar per record and must refuse `[33]` rather than read 33.
   */
  getWhole(record: JsonRecord): JsonValue | undefined;
}

/** The key a path names when it is one top-level key (`email`); undefined for `a.b`, `tags[]`. */
export function topLevelKey(text: string): string | undefined {
  const segments = parse(text);
  const only = segments[0];
  return segments.length === 1 && only?.kind === 'key' ? only.key : undefined;
}

/** Thrown for a path that cannot be parsed; the message names the path and the position. */
export class FieldPathError extends Error {
  readonly code = 'VEIL_FIELD_PATH';
  /** What is wrong, without the path: for callers that name the option instead (`fields[0]`). */
  readonly reason: string;
  constructor(text: string, reason: string) {
    super(text.length === 0 ? 'empty field path' : `field path '${text}': ${reason}`);
    this.name = 'FieldPathError';
    this.reason = reason;
  }
}

function parse(text: string): Segment[] {
  if (text.length === 0) throw new FieldPathError('', 'is empty');
  const segments: Segment[] = [];

  for (const [i, rawPart] of text.split('.').entries()) {
    let part = rawPart;
    const each = part.endsWith('[]');
    if (each) part = part.slice(0, -2);

    if (part === '*') {
      segments.push({ kind: 'each' });
    } else if (part.length === 0 && !(each && i > 0)) {
      throw new FieldPathError(text, `empty segment ${i + 1}`);
    } else if (part.length > 0) {
      if (/[[\]]/.test(part)) {
        throw new FieldPathError(text, `unexpected bracket in segment ${i + 1}`);
      }
      segments.push({ kind: 'key', key: part });
    }
    if (each) segments.push({ kind: 'each' });
  }
  return segments;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinKey(prefix: string, key: string): string {
  return prefix.length === 0 ? key : `${prefix}.${key}`;
}

export function compileFieldPath(text: string): FieldPath {
  const segments = parse(text);

  // Visits the value at `holder[slot]`, descending through the remaining segments.
  function walk(
    holder: { [key: string]: JsonValue } | JsonValue[],
    slot: string | number,
    depth: number,
    concrete: string,
    visit: (value: JsonValue, path: string) => JsonValue | undefined,
    onMismatch: ((path: string, expected: 'object' | 'array', value: JsonValue) => void) | undefined,
  ): void {
    const value = (holder as Record<string | number, JsonValue>)[slot];
    if (value === undefined) return;
    const segment = segments[depth];

    if (segment === undefined) {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          walk(value, i, depth, `${concrete}[${i}]`, visit, onMismatch);
        return;
      }
      const replacement = visit(value, concrete);
      if (replacement !== undefined) (holder as Record<string | number, JsonValue>)[slot] = replacement;
      return;
    }

    if (segment.kind === 'each') {
      if (!Array.isArray(value)) {
        if (value !== null) onMismatch?.(concrete, 'array', value);
        return;
      }
      for (let i = 0; i < value.length; i++)
        walk(value, i, depth + 1, `${concrete}[${i}]`, visit, onMismatch);
      return;
    }

    if (!isObject(value)) {
      if (value !== null) onMismatch?.(concrete, 'object', value);
      return;
    }
    if (Object.hasOwn(value, segment.key)) {
      walk(value, segment.key, depth + 1, joinKey(concrete, segment.key), visit, onMismatch);
    }
  }

  function update(
    record: JsonRecord,
    visit: (value: JsonValue, path: string) => JsonValue | undefined,
    onMismatch?: (path: string, expected: 'object' | 'array', value: JsonValue) => void,
  ): void {
    const first = segments[0];
    if (first === undefined || first.kind !== 'key' || !Object.hasOwn(record, first.key)) return;
    walk(record, first.key, 1, first.key, visit, onMismatch);
  }

  function remove(record: JsonRecord): void {
    const last = segments[segments.length - 1];
    if (last === undefined) return;
    if (last.kind === 'each') {
      throw new FieldPathError(text, 'cannot remove array elements; name the array itself');
    }
    if (segments.length === 1) {
      delete record[last.key];
      return;
    }
    const parentPath = compileFieldPathFromSegments(segments.slice(0, -1));
    parentPath.update(record, (parent) => {
      if (isObject(parent)) delete parent[last.key];
      return undefined;
    });
  }

  function get(record: JsonRecord): JsonValue | undefined {
    let found: JsonValue | undefined;
    update(record, (value) => {
      if (found === undefined) found = value;
      return undefined;
    });
    return found;
  }

  function getWhole(record: JsonRecord): JsonValue | undefined {
    let found: JsonValue | undefined;
    const descend = (value: JsonValue | undefined, depth: number): void => {
      if (found !== undefined || value === undefined) return;
      const segment = segments[depth];
      if (segment === undefined) {
        found = value;
      } else if (segment.kind === 'each') {
        if (Array.isArray(value)) for (const item of value) descend(item, depth + 1);
      } else if (isObject(value) && Object.hasOwn(value, segment.key)) {
        descend(value[segment.key], depth + 1);
      }
    };
    descend(record, 0);
    return found;
  }

  return { text, update, remove, get, getWhole };
}

function compileFieldPathFromSegments(segments: Segment[]): FieldPath {
  const text = segments.map((s) => (s.kind === 'key' ? s.key : '*')).join('.');
  return compileFieldPath(text);
}

/**
 * Visits every string in a record (nested objects and arrays included) with its concrete path,
 * replacing it when `visit` returns a string. Used by stages whose default is "all strings".
 */
export function updateAllStrings(
  record: JsonRecord,
  visit: (value: string, path: string) => string | undefined,
): void {
  for (const key of Object.keys(record)) {
    const replaced = walkValue(record[key] as JsonValue, key, visit);
    if (replaced !== undefined) record[key] = replaced;
  }
}

/**
 * Visits every string that the fields `paths` select in `record`, each once (paths may overlap:
 * `body` and `body.text`), with its concrete path: strings nested in a selected object or array
 * too, and a value of the wrong shape on the way (a string where `contacts[].info` expects an
 * array) as a whole. For stages that look for personal data: whatever a selected field holds is
 * read, never let through unseen. With no paths, every string of the record.
 */
export function forEachSelectedString(
  record: JsonRecord,
  paths: readonly FieldPath[] | undefined,
  visit: (value: string, path: string) => undefined,
): void {
  if (paths === undefined) {
    updateAllStrings(record, visit);
    return;
  }
  const seen = paths.length > 1 ? new Set<string>() : undefined;
  const once =
    seen === undefined
      ? visit
      : (value: string, path: string): undefined => {
          if (seen.has(path)) return undefined;
          seen.add(path);
          return visit(value, path);
        };
  const whole = (path: string, _expected: 'object' | 'array', value: JsonValue): void => {
    walkValue(value, path, once);
  };
  for (const path of paths) path.update(record, (value, concrete) => walkValue(value, concrete, once), whole);
}

/**
 * Visits every string in `value` (itself, or nested in its objects and arrays) with its concrete
 * path under `path`, replacing it when `visit` returns a string; returns the replacement when
 * `value` is itself a string that `visit` replaced.
 *
 * A module-level function rather than a closure made per call: one closure less per record
 * and stage, and under tsx (which wraps every nested named function in a `__name` call) one
 * property definition less; measured under tsx on the tickets corpus (parse, detect,
 * anonymize, stringify), about 2% of the end-to-end time.
 */
export function walkValue(
  value: JsonValue,
  path: string,
  visit: (value: string, path: string) => string | undefined,
): JsonValue | undefined {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const replaced = walkValue(item, elementPath(path, i), visit);
      if (replaced !== undefined) value[i] = replaced;
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const replaced = walkValue(value[key] as JsonValue, childPath(path, key), visit);
      if (replaced !== undefined) value[key] = replaced;
    }
  }
  return undefined;
}

/*
 * Concrete paths of nested values, kept and handed out again: the same path string object for
 * `customer.email` in every record, instead of a new string per record and walk. Stages look
 * paths up in maps (the detect stage's field hints, anonymize's findings by field), and a string
 * made afresh is hashed afresh at each look-up, where a kept one carries its hash. Bounded in
 * number and length (at most about 4 MB): the keys of nested objects come from the input, and
 * may be ids or long texts.
 */
const MAX_KEPT_PATHS = 8192;
const MAX_KEPT_LENGTH = 256;
const MAX_KEPT_INDEX = 64;
let keptPaths = 0;
let childPaths = new Map<string, Map<string, string>>();
let elementPaths = new Map<string, string[]>();

function keep(): void {
  if (++keptPaths <= MAX_KEPT_PATHS) return;
  keptPaths = 1;
  childPaths = new Map();
  elementPaths = new Map();
}

/** `path.key` (or `key` at the top), the same string each time. */
function childPath(path: string, key: string): string {
  if (path.length === 0) return key;
  if (path.length + key.length >= MAX_KEPT_LENGTH) return `${path}.${key}`;
  let children = childPaths.get(path);
  if (children === undefined) {
    keep();
    childPaths.set(path, (children = new Map()));
  }
  let joined = children.get(key);
  if (joined === undefined) {
    keep();
    children.set(key, (joined = `${path}.${key}`));
  }
  return joined;
}

/** `path[i]`, the same string each time for the first elements of an array. */
function elementPath(path: string, i: number): string {
  if (i >= MAX_KEPT_INDEX || path.length >= MAX_KEPT_LENGTH) return `${path}[${i}]`;
  let elements = elementPaths.get(path);
  if (elements === undefined) {
    keep();
    elementPaths.set(path, (elements = []));
  }
  let element = elements[i];
  if (element === undefined) {
    keep();
    element = elements[i] = `${path}[${i}]`;
  }
  return element;
}
