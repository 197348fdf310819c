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
  key: string | number;
  /** Object: the next string is a key. */
  expectKey: boolean;
}

/**
 * The integer literals of `text` (a JSON object that `JSON.parse` accepted) whose double differs
 * from their text. A key met twice replaces what its first value held, as in `JSON.parse`.
 */
export function largeIntegerTexts(text: string): NumberText[] {
  let found: NumberText[] = [];
  const stack: Level[] = [];
  const path = (): (string | number)[] => stack.map((level) => level.key);
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.object === true && top.expectKey) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        top.expectKey = false;
        const prefix = path();
        found = found.filter((n) => !prefix.every((part, k) => n.path[k] === part));
      }
      i = j + 1;
    } else if (c === 0x7b || c === 0x5b) {
      stack.push({ object: c === 0x7b, key: c === 0x7b ? '' : 0, expectKey: c === 0x7b });
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
        found.push({ path: path(), text: literal, value });
      }
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

// Stand-ins that no input holds: NUL characters and a per-process random part.
const MARKER = `\u0000veil-number-${randomBytes(8).toString('hex')}-`;

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
  const swapped: Array<[{ [key: string]: JsonValue }, string | number, NumberText, string]> = [];
  for (const [n, entry] of texts.entries()) {
    const parent = parentOf(record, entry.path);
    const last = entry.path[entry.path.length - 1] as string | number;
    if (parent === undefined || !Object.hasOwn(parent, last) || parent[last] !== entry.value) continue;
    const marker = `${MARKER}${n}`;
    parent[last] = marker;
    swapped.push([parent, last, entry, marker]);
  }
  let out: string;
  try {
    out = JSON.stringify(record);
  } finally {
    for (const [parent, last, entry] of swapped) parent[last] = entry.value;
  }
  for (const [, , entry, marker] of swapped) out = out.replace(JSON.stringify(marker), entry.text);
  return out;
}

/** The entries of `texts` under top-level field `key`, with paths relative to that field. */
export function textsUnder(texts: readonly NumberText[], key: string): NumberText[] {
  return texts.filter((entry) => entry.path[0] === key).map((entry) => ({ ...entry, path: entry.path.slice(1) }));
}
