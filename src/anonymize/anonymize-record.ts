/**
 * Applies operators to the string fields of one record, in place.
 *
 * Findings carry the dotted path of their field (`notes`, `contacts[1].email`, `tags[0]`), as the
 * detect stage writes them; each string is anonymized with its own findings, so arrays keep
 * their length and order. `wholeFields` names fields that are entirely one entity (an `email`
 * column): their whole value goes through that type's operator, with no detection needed. A
 * whole field holding an object or nested arrays has each string and number leaf replaced; one
 * whose path meets a value of the wrong shape (a string where `c[].phone` expects an array)
 * throws, so the record is rejected rather than passed in clear.
 */
import type { Finding } from '../detect/recognizer.js';
import { compileFieldPath, updateAllStrings } from '../engine/field-path.js';
import type { JsonRecord, JsonValue } from '../engine/stage.js';
import { AnonymizeInputError } from '../errors/anonymize-error.js';
import { applyOperators, checkFindings, replacePieces } from './anonymize-text.js';
import type { CompiledOperators } from './config.js';
import type { InnerFinder } from './nested-findings.js';

export interface RecordAnonymizeOptions {
  /** Fields that are entirely one entity: dotted path -> entity type. */
  readonly wholeFields?: Readonly<Record<string, string>>;
  /** Data subject of the record, for per-subject operators such as `date-shift`. */
  readonly subject?: string;
  /** Called once per replaced span with its entity type (for per-type counters). */
  readonly onReplaced?: (type: string) => void;
  /**
   * Finds the personal data inside spans (and whole fields) whose operator keeps text, so that
   * a URL under `keep` does not pass the card number in its path (see `nested-findings.ts`).
   */
  readonly inner?: InnerFinder;
}

type Leaf = string | number;

/**
 * Replaces every string and number leaf under `value` (itself included) through `replace`;
 * booleans and `null` stay. Used for whole fields that hold an object or nested arrays: such a
 * value must not pass in clear because its shape is not the expected scalar.
 */
function replaceLeaves(
  value: JsonValue,
  path: string,
  replace: (leaf: Leaf, path: string) => JsonValue | undefined,
): JsonValue | undefined {
  if (typeof value === 'string' || typeof value === 'number') return replace(value, path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const out = replaceLeaves(value[i] as JsonValue, `${path}[${i}]`, replace);
      if (out !== undefined) value[i] = out;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const out = replaceLeaves(value[key] as JsonValue, `${path}.${key}`, replace);
      if (out !== undefined) value[key] = out;
    }
  }
  return undefined;
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
  const onReplaced = options.onReplaced;
  const inner = options.inner;

  // Whole fields first, on the original values: a hash or pseudonym of the whole value must not
  // depend on what detection found inside it. Their findings are then skipped (the value is gone).
  // Made on the first whole field only: most pipelines have none, and most records no match.
  let done: Set<string> | undefined;
  for (const [path, type] of Object.entries(options.wholeFields ?? {})) {
    const replace = (leaf: Leaf, concrete: string): JsonValue | undefined => {
      const text = String(leaf);
      if (text.length === 0) return undefined;
      const finding: Finding = { field: concrete, type, start: 0, end: text.length, score: 1 };
      const context = subject === undefined ? { field: concrete } : { field: concrete, subject };
      (done ??= new Set<string>()).add(concrete);
      onReplaced?.(type);
      return applyOperators(text, [finding], operators, context, inner).text;
    };
    compileFieldPath(path).update(
      record,
      (value, concrete) => replaceLeaves(value, concrete, replace),
      (concrete, expected) => {
        // `c[].phone` meeting a string at `c`: nothing was replaced, so the record must not pass.
        throw new AnonymizeInputError(
          `whole field '${path}': '${concrete}' is not ${expected === 'array' ? 'an array' : 'an object'}`,
        );
      },
    );
  }

  if (groups.size > 0) {
    updateAllStrings(record, (value, path) => {
      const own = groups.get(path);
      if (own === undefined || (done !== undefined && done.has(path))) return undefined;
      checkFindings(own, value.length, `field '${path}'`);
      const context =
        subject === undefined
          ? { text: value, field: path }
          : { text: value, field: path, subject };
      return replacePieces(own, operators, context, undefined, onReplaced, inner);
    });
  }
  return record;
}
