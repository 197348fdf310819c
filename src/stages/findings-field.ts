/**
 * The option naming the record field that holds findings (`findings_field`), shared by the
 * stages that write or read it (detect, anonymize, synthesize).
 *
 * The name is a top-level key that the stages set and delete on every record, so a name with a
 * meaning of its own for JavaScript objects is refused: with `__proto__`, an input field of that
 * name vanished from the output. A data field the same stage reads is refused too (see
 * `refuseFindingsFieldInFields`): writing the findings there deleted the data.
 */
import { z } from 'zod';

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** `findings_field`: a top-level field name, `_pii` by default. */
export const findingsField = z
  .string()
  .min(1)
  .regex(/^[^.[\]]+$/, 'a top-level field name')
  .refine((name) => !RESERVED.has(name), {
    error: "'__proto__', 'constructor' and 'prototype' are not allowed as a findings field name",
  })
  .default('_pii');

/** The top-level key a field path starts with (`contacts` for `contacts[].email`). */
function topLevelKey(fieldPath: string): string {
  const end = fieldPath.search(/[.[]/);
  return end === -1 ? fieldPath : fieldPath.slice(0, end);
}

/**
 * Adds an issue at `fields[i]` for each listed field that the findings field would overwrite or
 * delete; a zod refinement, so the loader reports the file, line and column.
 */
export function refuseFindingsFieldInFields(
  value: { findings_field: string; fields?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  value.fields?.forEach((field, i) => {
    if (topLevelKey(field) !== value.findings_field) return;
    ctx.addIssue({
      code: 'custom',
      path: ['fields', i],
      message:
        `'${field}' is the findings field ('findings_field: ${value.findings_field}'), ` +
        'which this stage replaces: choose another findings_field',
    });
  });
}
