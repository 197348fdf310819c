/**
 * Reads a quasi-identifier (or the sensitive field) from a record as the text both passes key
 * on, and refuses a value no hierarchy could place: absent, `null`, an object or an array (read
 * whole: `[33]` is not 33), a boolean, an empty string, or a value of the wrong form for its
 * hierarchy's type (not a number for `interval`, not an ISO date for `date`). Such a refusal is
 * about the record, so under `on_error: reject` the record is rejected.
 *
 * A well-formed value that an explicit table (`rows`, `file`, `ordered`) does not list is not
 * refused here: that is a configuration error (BR-25), raised by the hierarchy when the plan is
 * computed, before any output, naming the column and the value.
 */
import type { JsonRecord, JsonValue, RecordPosition } from '../engine/stage.js';
import type { FieldPath } from '../engine/field-path.js';
import { KAnonymizeError } from '../errors/kanon-error.js';
import type { HierarchySpec } from './hierarchy.js';
import { ISO_DATE } from './hierarchy.js';

/** What a column's values must look like: any scalar text, a number, or an ISO date. */
export type ValueForm = 'text' | 'number' | 'date';

/** The form a hierarchy's type needs (`undefined`: no hierarchy, or the sensitive field). */
export function valueFormOf(spec: HierarchySpec | undefined): ValueForm {
  if (spec === undefined) return 'text';
  if ('interval' in spec) return 'number';
  if ('date' in spec) return 'date';
  return 'text';
}

/**
 * Why `value` cannot be placed, as a phrase naming the field but never the value, or
 * `undefined` when it can (as far as its form goes).
 */
export function refusal(value: JsonValue | undefined, form: ValueForm): string | undefined {
  if (value === undefined || value === null || typeof value === 'object') {
    return 'is missing or not a scalar';
  }
  if (typeof value === 'boolean') return 'is a boolean, which no hierarchy can place';
  const text = typeof value === 'number' ? String(value) : value;
  if (text.length === 0) return 'is empty';
  if (form === 'number' && !Number.isFinite(text.trim() === '' ? Number.NaN : Number(text))) {
    return 'is not a number, as its interval hierarchy needs';
  }
  if (form === 'date' && !ISO_DATE.test(text)) return 'is not an ISO date, as its date hierarchy needs';
  return undefined;
}

/** The error for a refused value: position and field, never the value. */
export function refusedValue(position: RecordPosition, column: string, why: string): KAnonymizeError {
  return new KAnonymizeError('VEIL_KANON_RECORD', `${where(position)}: field '${column}' ${why}`, { column });
}

/**
 * The column's value as text, or throws `VEIL_KANON_RECORD`. The sensitive field is read with
 * `sensitive: true`: it needs no hierarchy, so only an absent or non-scalar value is refused.
 */
export function quasiIdentifierText(
  path: FieldPath,
  record: JsonRecord,
  column: string,
  form: ValueForm,
  position: RecordPosition,
  sensitive = false,
): string {
  const value = path.getWhole(record);
  const why = sensitive
    ? value === undefined || value === null || typeof value === 'object'
      ? 'is missing or not a scalar'
      : undefined
    : refusal(value, form);
  if (why !== undefined) throw refusedValue(position, column, why);
  return String(value);
}

export function where(position: RecordPosition): string {
  return position.line === undefined
    ? `record ${position.index}`
    : `record ${position.index} (line ${position.line})`;
}
