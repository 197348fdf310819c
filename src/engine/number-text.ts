/**
 * Integers beyond 2^53 keep their input text. `JSON.parse` reads `9007199254740993` as the
 * nearest double (`...992`) and `JSON.stringify` writes that, so an id that went through a
 * pipeline untouched came out as another id. Node 20 has neither `JSON.rawJSON` nor the source
 * text in a reviver, so the literals are found by a scan of the record text, and the output writes
 * the original text for each one a stage left at its place with the same value.
 *
 * The scan runs only for a record whose parsed values hold a number of magnitude 2^53 or more
 * (every such literal parses to one): a walk of the parsed record, about 6% of a parse and
 * stringify on the tickets corpus, where a regex over the text cost twice that and fired on the
 * card numbers inside strings of half the records.
 */
import { randomBytes } from 'node:crypto';
import type { JsonRecord, JsonValue } from './stage.js';

/** An integer literal that a double does not hold, and where it sits in its record. */
export interface NumberText {
  readonly path: readonly (string | number)[];
  readonly text: string;
  /** What `JSON.parse` made of it. */
  readonly value: number;
}

const LIMIT = 2 ** 53;
/**
 * Path steps kept per record, at most. Each literal keeps its path, so 60,000 of them at depth
 * 1,000 (a 1 MB record; records may be 64 MiB) would keep 60 million steps; past the budget the
 * record's numbers are written rounded, as before this module.
 */
const MAX_PATH_STEPS = 1_000_000;
const INTEGER = /^-?\d+$/;

/** Whether a parsed value holds a number of magnitude 2^53 or more, at any depth. */
export function holdsLargeNumber(value: JsonValue): boolean {
  if (typeof value === 'number') return value >= LIMIT || value <= -LIMIT;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsLargeNumber(value[i] as JsonValue)) return true;
    return false;
  }
  for (const key of Object.keys(value)) if (holdsLargeNumber(value[key] as JsonValue)) return true;
  return false;
}

interface Level {
  readonly object: boolean;
  /** Object levels: a number for this object, so a key's occurrences can be told apart. */
  readonly id: number;
  key: string | number;
  /** Object: which occurrence of `key` this is (keys may repeat; the last one counts). */
  occurrence: number;
  /** Object: the next string is a key. */
  expectKey: boolean;
}

interface Found extends NumberText {
  /** `[object id + key, occurrence]` of each object key on the path. */
  readonly keys: ReadonlyArray<readonly [string, number]>;
}

/**
 * The integer literals of `text` (a JSON object that `JSON.parse` accepted) whose double differs
 * from their text. Where a key repeats, only what its last value holds counts, as in
 * `JSON.parse`. Linear in the text; none past {@link MAX_PATH_STEPS}.
 */
export function largeIntegerTexts(text: string): NumberText[] {
  const found: Found[] = [];
  const stack: Level[] = [];
  const lastOccurrence = new Map<string, number>();
  let objects = 0;
  let occurrences = 0;
  let steps = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object === true && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.occurrence = ++occurrences;
        top.expectKey = false;
        lastOccurrence.set(`${top.id}\u0000${top.key}`, top.occurrence);
      }
      i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      const object = c === 0x7b;
      stack.push({ object, id: object ? ++objects : 0, key: object ? '' : 0, occurrence: 0, expectKey: object });
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1] as Level;
      if (top.object) top.expectKey = true;
      else top.key = (top.key as number) + 1;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < text.length && /[\d.eE+-]/.test(text.charAt(j))) j++;
      const literal = text.slice(i, j);
      const value = Number(literal);
      if (INTEGER.test(literal) && !Number.isSafeInteger(value) && String(value) !== literal) {
        steps += stack.length;
        if (steps > MAX_PATH_STEPS) return [];
        const path = stack.map((level) => level.key);
        const keys = stack
          .filter((level) => level.object)
          .map((level) => [`${level.id}\u0000${level.key}`, level.occurrence] as const);
        found.push({ path, text: literal, value, keys });
      }
      i = j;
    } else {
      i++;
    }
  }
  return found
    .filter((entry) => entry.keys.every(([key, occurrence]) => lastOccurrence.get(key) === occurrence))
    .map(({ path, text: literal, value }) => ({ path, text: literal, value }));
}

// Stand-ins that no input holds: NUL characters and a per-process random part. In JSON text a
// stand-in reads `"\u0000veil-number-<hex>-<n>"`; one pattern finds them all in one pass.
const MARKER = `\u0000veil-number-${randomBytes(8).toString('hex')}-`;
const MARKER_IN_JSON = new RegExp(`${escapeRegExp(JSON.stringify(MARKER).slice(0, -1))}(\\d+)"`, 'g');

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function parentOf(record: JsonRecord | JsonValue[], path: readonly (string | number)[]): { [key: string]: JsonValue } | undefined {
  let node: JsonValue = record as JsonValue;
  for (let k = 0; k < path.length - 1; k++) {
    if (node === null || typeof node !== 'object') return undefined;
    const part = path[k] as string | number;
    if (!Object.hasOwn(node, part)) return undefined;
    node = (node as { [key: string]: JsonValue })[part] as JsonValue;
  }
  return node !== null && typeof node === 'object' ? (node as { [key: string]: JsonValue }) : undefined;
}

/**
 * `JSON.stringify(record)`, with the input text of each number in `texts` that is still at its
 * place with the same value. The record is given back unchanged.
 */
export function stringifyKeepingNumbers(record: JsonRecord | JsonValue[], texts: readonly NumberText[]): string {
  const swapped: Array<[{ [key: string]: JsonValue }, string | number, NumberText]> = [];
  for (const [n, entry] of texts.entries()) {
    const parent = parentOf(record, entry.path);
    const last = entry.path[entry.path.length - 1] as string | number;
    if (parent === undefined || !Object.hasOwn(parent, last) || parent[last] !== entry.value) continue;
    parent[last] = `${MARKER}${n}`;
    swapped.push([parent, last, entry]);
  }
  let out: string;
  try {
    out = JSON.stringify(record);
  } finally {
    for (const [parent, last, entry] of swapped) parent[last] = entry.value;
  }
  if (swapped.length === 0) return out;
  return out.replace(MARKER_IN_JSON, (_, n: string) => (texts[Number(n)] as NumberText).text);
}

/** The entries of `texts` by top-level field, with paths relative to that field. */
export function textsByField(texts: readonly NumberText[]): Map<string, NumberText[]> {
  const byField = new Map<string, NumberText[]>();
  for (const entry of texts) {
    const field = String(entry.path[0]);
    const list = byField.get(field) ?? [];
    list.push({ ...entry, path: entry.path.slice(1) });
    byField.set(field, list);
  }
  return byField;
}
