/**
 * `drop`: removes fields from every record.
 *
 * ```yaml
 * - type: drop
 *   fields: [ssn, "contacts[].phone"]   # a path under [] removes the key from every element
 * ```
 */
import { z } from 'zod';
import { compileFieldPath, topLevelKey } from '../engine/field-path.js';
import { defineStage } from '../engine/stage.js';

const options = z
  .strictObject({ fields: z.array(z.string().min(1)).min(1) })
  .superRefine((value, ctx) => {
    for (const [i, field] of value.fields.entries()) {
      try {
        const path = compileFieldPath(field);
        if (field.endsWith('[]') || field.endsWith('.*'))
          throw new Error(`field path '${field}': name the array itself to drop it`);
        void path;
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['fields', i], message: (error as Error).message });
      }
    }
  });

export const dropStage = defineStage({
  name: 'drop',
  description: 'Remove fields (dotted paths) from every record',
  options,
  // A nested path removes a key inside a column, never the column.
  columnsAfter(opts, columns) {
    const dropped = new Set(opts.fields.map(topLevelKey));
    return columns.filter((column) => !dropped.has(column));
  },
  create(opts) {
    const paths = opts.fields.map((field) => compileFieldPath(field));
    return (record) => {
      for (const path of paths) path.remove(record);
      return record;
    };
  },
});
