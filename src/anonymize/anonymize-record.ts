/**
 * Applies operators to the string fields of one record, in place.
 *
 * Findings carry the dotted path of their field (`notes`, `contacts[1].email`, `tags[0]`), as the
 * detect stage writes them; each string is anonymized with its own findings, so arrays keep
 * their length and order. `wholeFields` names fields that are entirely one entity (an `email`
 * column): their whole value goes through that type's operator, with no detection needed.
 */
import type { Finding } from '../detect/recognizer.js';
import { compileFieldPath, updateAllStrings } from '../engine/field-path.js';
import type { JsonRecord } from '../engine/stage.js';
import { applyOperators } from './anonymize-text.js';
import type { CompiledOperators } from './config.js';

export interface RecordAnonymizeOptions {
  /** Fields that are entirely one entity: dotted path -> entity type. */
  readonly wholeFields?: Readonly<Record<string, string>>;
  /** Data subject of the record, for per-subject operators such as `date-shift`. */
  readonly subject?: string;
}

/** Groups findings by field path; findings without a field are ignored here. */
function byField(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.field === undefined) continue;
    let group = groups.get(f.field);
    if (group === undefined) groups.set(f.field, (group = []));
    group.push(f);
  }
  return groups;
}

/**
 * Anonymizes `record` in place and returns it. Findings whose field is absent or no longer a
 * string are skipped: there is nothing left there to protect. A finding whose span does not fit
 * its string throws an `AnonymizeInputError` naming the field.
 */
export function applyOperatorsToRecord(
  record: JsonRecord,
  findings: readonly Finding[],
  operators: CompiledOperators,
  options: RecordAnonymizeOptions = {},
): JsonRecord {
  const groups = byField(findings);
  const subject = options.subject;

  if (groups.size > 0) {
    updateAllStrings(record, (value, path) => {
      const own = groups.get(path);
      if (own === undefined) return undefined;
      const context = subject === undefined ? { field: path } : { field: path, subject };
      return applyOperators(value, own, operators, context).text;
    });
  }

  for (const [path, type] of Object.entries(options.wholeFields ?? {})) {
    compileFieldPath(path).update(record, (value, concrete) => {
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      const text = String(value);
      if (text.length === 0) return undefined;
      const finding: Finding = { field: concrete, type, start: 0, end: text.length, score: 1 };
      const context = subject === undefined ? { field: concrete } : { field: concrete, subject };
      return applyOperators(text, [finding], operators, context).text;
    });
  }
  return record;
}
