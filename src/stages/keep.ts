/**
 * `keep`: keeps only the chosen fields of every record (an allow-list, the safer default for
 * exports: a column added upstream later is not exported by accident).
 *
 * ```yaml
 * - type: keep
 *   fields: [id, text, customer.country, "orders[].total"]
 * ```
 *
 * Nested paths keep the structure around the selected values; `orders[].total` keeps an array
 * of objects that hold only `total`. Fields missing from a record are simply absent.
 */
import { z } from 'zod';
import { compileFieldPath, topLevelKey } from '../engine/field-path.js';
import { setOwnField } from '../engine/own-property.js';
import { defineStage, type JsonRecord, type JsonValue } from '../engine/stage.js';

/** A projection tree: `true` keeps the whole value, a map keeps the named children. */
interface Projection {
  keys: Map<string, Projection | true>;
  each: Projection | true | undefined;
}

type Segment = { kind: 'key'; key: string } | { kind: 'each' };

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const each = part.endsWith('[]');
    const name = each ? part.slice(0, -2) : part;
    if (name === '*') out.push({ kind: 'each' });
    else if (name.length > 0) out.push({ kind: 'key', key: name });
    if (each) out.push({ kind: 'each' });
  }
  return out;
}

function addPath(root: Projection, path: Segment[]): void {
  let node = root;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    if (segment.kind === 'key') {
      const existing = node.keys.get(segment.key);
      if (existing === true) return;
      if (last) {
        node.keys.set(segment.key, true);
        return;
      }
      const child = existing ?? { keys: new Map(), each: undefined };
      node.keys.set(segment.key, child);
      node = child;
    } else {
      if (node.each === true) return;
      if (last) {
        node.each = true;
        return;
      }
      node.each ??= { keys: new Map(), each: undefined };
      node = node.each;
    }
  }
}

function project(value: JsonValue, projection: Projection | true): JsonValue | undefined {
  if (projection === true) return value;
  if (Array.isArray(value)) {
    if (projection.each === undefined) return undefined;
    const each = projection.each;
    return value.map((item) => project(item, each) ?? null);
  }
  if (value === null || typeof value !== 'object') return undefined;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, child] of projection.keys) {
    if (!Object.hasOwn(value, key)) continue;
    const projected = project(value[key] as JsonValue, child);
    if (projected !== undefined) setOwnField(out, key, projected);
  }
  return out;
}

const options = z
  .strictObject({ fields: z.array(z.string().min(1)).min(1) })
  .superRefine((value, ctx) => {
    for (const [i, field] of value.fields.entries()) {
      try {
        compileFieldPath(field);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['fields', i], message: (error as Error).message });
      }
    }
  });

export const keepStage = defineStage({
  name: 'keep',
  description: 'Keep only the listed fields (dotted paths), dropping everything else',
  options,
  // Top-level keys come out in the order of `fields`; a nested path keeps a column or not
  // depending on what it holds, which only a record tells.
  columnsAfter(opts, columns) {
    const keys = opts.fields.map(topLevelKey);
    if (keys.some((key) => key === undefined)) return undefined;
    return [...new Set(keys as string[])].filter((key) => columns.includes(key));
  },
  create(opts) {
    const root: Projection = { keys: new Map(), each: undefined };
    for (const field of opts.fields) addPath(root, segments(field));
    return (record) => (project(record, root) ?? {}) as JsonRecord;
  },
});
