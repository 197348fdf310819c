/**
 * `anonymize`: replaces the personal data in string fields, one operator per entity type.
 *
 * ```yaml
 * - type: detect                      # optional: without it, anonymize detects by itself
 * - type: anonymize
 *   default: { operator: redact }     # "[REDACTED NAME]", "[REDACTED EMAIL]"...
 *   entities:
 *     CREDIT_CARD: { operator: mask, keepLast: 4 }
 *     EMAIL_ADDRESS: { operator: hash, key: env:VEIL_HASH_KEY }
 *     DATE_TIME: { operator: date-shift, key: env:VEIL_SHIFT_KEY, maxDays: 30 }
 *   subject_field: patient_id         # per-subject consistency for date-shift
 *   whole_fields: { email: EMAIL_ADDRESS }   # fields that are entirely one entity
 *   detect: { entities: [PERSON, EMAIL_ADDRESS] }   # options for inline detection
 * ```
 *
 * Findings come from the record's findings field (`_pii`) when a preceding `detect` stage of
 * the same run wrote it; any other record is analysed here with the `detect` options, by an
 * analyzer built once per worker. A findings field that came with the input is never trusted
 * (`"_pii": []` would otherwise switch this stage off): it is dropped and the record analysed
 * here, and so is a record whose scanned strings a stage since detect rewrote (the findings'
 * offsets would point into text that no longer exists). Findings are removed from the output by
 * default, since their offsets point into the text before this stage (`keep_findings: true`
 * keeps those of a detect stage, as data that a later anonymize does not trust). A span whose
 * operator keeps text (`keep`, `mask` with `keepLast`...) is analysed again, with this stage's
 * detect options, and what it holds of other types is replaced with their own operators.
 */
import { z } from 'zod';
import type { RecordAnonymizeOptions } from '../anonymize/anonymize-record.js';
import { analyzerInnerFinder, type InnerFinder } from '../anonymize/nested-findings.js';
import { createAnonymizer } from '../anonymize/anonymizer.js';
import {
  anonymizeConfigSchema,
  validateOperatorSpec,
  type AnonymizeConfig,
} from '../anonymize/config.js';
import { createAnalyzer, type Analyzer } from '../detect/analyzer.js';
import { defaultEntityTypes, detectionOptions, toAnalyzerConfig, type DetectionOptions } from '../detect/config.js';
import { typeHint } from '../detect/entity-types.js';
import { createFieldContext } from '../detect/field-context.js';
import type { Finding } from '../detect/recognizer.js';
import { compileFieldPath, forEachSelectedString } from '../engine/field-path.js';
import {
  defineStage,
  type JsonRecord,
  type JsonValue,
  type StageOptionIssue,
} from '../engine/stage.js';
import { AnonymizeConfigError, AnonymizeInputError } from '../errors/anonymize-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { declaredEntityTypes } from './declared-types.js';
import { isCurrent, isDetected } from './detected-findings.js';
import { findingsField, refuseFindingsFieldInFields } from './findings-field.js';

const options = anonymizeConfigSchema
  .extend({
    /** Where a preceding detect stage wrote the findings. */
    findings_field: findingsField,
    /** Keep a detect stage's findings in the output (their offsets refer to the original text). */
    keep_findings: z.boolean().default(false),
    /** Fields that are entirely one entity: path -> entity type. */
    whole_fields: z.record(z.string().min(1), z.string().regex(/^[A-Z][A-Z0-9_]*$/)).optional(),
    /** Field whose value identifies the data subject (for `date-shift`). */
    subject_field: z.string().min(1).optional(),
    /** Fields to scan when detecting inline (every string when absent). */
    fields: z.array(z.string().min(1)).min(1).optional(),
    /** Detection options used when no detect stage wrote the record's findings. */
    detect: detectionOptions.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    // Inline detection deletes the findings field before it scans: a listed field of that name
    // would be dropped unread.
    refuseFindingsFieldInFields(value, ctx);
    // Operator names and options are checked when the pipeline file is loaded, so the error
    // carries the file's line; keys are read later, in each worker.
    const entries: [string, unknown][] = [['default', value.default ?? { operator: 'redact' }]];
    for (const [type, spec] of Object.entries(value.entities ?? {}))
      entries.push([`entities.${type}`, spec]);
    for (const [entry, spec] of entries) {
      try {
        validateOperatorSpec(spec as { operator: string }, '', entry);
      } catch (error) {
        if (!(error instanceof AnonymizeConfigError)) throw error;
        // The loader prefixes the stage and the issue path points at the entry: keep the reason.
        ctx.addIssue({ code: 'custom', path: entry.split('.'), message: error.message.replace(`: ${entry}: `, '') });
      }
    }
  });

/**
 * Refuses an entity type in `entities` or `whole_fields` that no recognizer of the pipeline
 * reports but that is close to one ("EMAIL" for EMAIL_ADDRESS, "CREDITCARD", "EMPLOYE_ID" for an
 * earlier detect stage's EMPLOYEE_ID): its operator would never be used, and the values it was
 * meant for would take the default (round 12: `default: keep` left them in clear). Known are the
 * built-in types, those the stages before declare (see `StageHooks`: round 13, a custom type
 * close to a built-in one, such as EMAIL_WORK, was refused) and this stage's own `detect` custom
 * types and deny lists. A type far from every known one passes: a stage registered by a program
 * may report it.
 */
function checkEntityTypes(
  value: { entities?: Record<string, unknown>; whole_fields?: Record<string, string>; detect?: DetectionOptions },
  declared: ReadonlySet<string>,
): StageOptionIssue[] {
  const own = declaredEntityTypes(value.detect);
  const known = new Set([...defaultEntityTypes(), ...declared, ...own]);
  const issues: StageOptionIssue[] = [];
  const check = (type: string, path: string[]): void => {
    if (known.has(type)) return;
    const hint = typeHint(type, known);
    if (hint !== '') issues.push({ path, message: `unknown entity type${hint}` });
  };
  for (const type of Object.keys(value.entities ?? {})) check(type, ['entities', type]);
  for (const [field, type] of Object.entries(value.whole_fields ?? {})) check(type, ['whole_fields', field]);
  return issues;
}

/**
 * Checks a detect stage's findings array; errors name the entry, not its values. A stage between
 * detect and this one may have edited the entries without touching the text they were found in
 * (a pseudonymize of `_pii[].start`), so they are checked still; valid entries are used as they are (operators read only `type`, the record path only
 * the span, the overlap policy the score).
 */
function readFindings(value: JsonValue[], fieldName: string): Finding[] {
  for (let i = 0; i < value.length; i++) {
    const e = value[i] as { [key: string]: JsonValue } | null;
    if (
      e === null ||
      typeof e !== 'object' ||
      Array.isArray(e) ||
      typeof e.type !== 'string' ||
      typeof e.field !== 'string' ||
      !Number.isInteger(e.start) ||
      !Number.isInteger(e.end) ||
      typeof e.score !== 'number'
    ) {
      throw new AnonymizeInputError(
        `field '${fieldName}' entry ${i}: expected { field, type, start, end, score } with integer offsets`,
      );
    }
  }
  return value as unknown as Finding[];
}

export const anonymizeStage = defineStage({
  name: 'anonymize',
  description:
    'Replace detected personal data with an operator per entity type (redact, mask, hash...)',
  options,
  checkEntityTypes,
  // The findings field is removed, unless kept: then whether it came from a detect stage, and
  // is written again last, or with the input, and is dropped, only a record tells.
  columnsAfter(opts, columns) {
    const target = opts.findings_field;
    if (!columns.includes(target)) return columns;
    return opts.keep_findings ? undefined : columns.filter((column) => column !== target);
  },
  async create(opts, env, counters) {
    const where = `stage 'anonymize' (#${env.stageIndex + 1})`;
    const config: AnonymizeConfig = {
      ...(opts.default === undefined ? {} : { default: opts.default }),
      ...(opts.entities === undefined ? {} : { entities: opts.entities }),
    };
    let anonymizer;
    try {
      anonymizer = await createAnonymizer(config, { ...env, where });
    } catch (error) {
      throw new PipelineError((error as Error).message, { cause: error });
    }

    let analyzer: Analyzer | undefined;
    const buildAnalyzer = (): Analyzer => {
      try {
        return createAnalyzer(toAnalyzerConfig(opts.detect ?? {}));
      } catch (error) {
        throw new PipelineError(`${where}: detect: ${(error as Error).message}`, { cause: error });
      }
    };
    // Options of its own are checked now, so that a bad one fails the pipeline when it is built
    // rather than every record; the default analyzer is built on the first record that needs it.
    if (opts.detect !== undefined) analyzer = buildAnalyzer();
    const detectPaths = opts.fields?.map((f) => compileFieldPath(f));
    const subjectPath =
      opts.subject_field === undefined ? undefined : compileFieldPath(opts.subject_field);
    const target = opts.findings_field;
    // As in the detect stage: what each field's key says of its values, once per field path.
    const fieldContext = createFieldContext(opts.detect?.field_context);

    function detectInline(record: JsonRecord): Finding[] {
      analyzer ??= buildAnalyzer();
      const found: Finding[] = [];
      const scan = (value: string, path: string): undefined => {
        const hint = fieldContext?.hintFor(path);
        const call = hint === undefined ? undefined : { field: hint };
        const findings = (analyzer as Analyzer).analyze(value, call);
        for (const f of findings) found.push({ ...f, field: path });
        return undefined;
      };
      // As in the detect stage: whatever a listed field holds is scanned, each string once.
      forEachSelectedString(record, detectPaths, scan);
      return found;
    }

    // One counter name per entity type, built once: a template string per replaced span was a
    // fifth of this stage's time (bench/scenarios/detect.ts corpus, CPU profile). Bounded, since
    // the types of a findings field come from the input.
    const counterNames = new Map<string, string>();
    const countReplaced = (type: string): void => {
      let name = counterNames.get(type);
      if (name === undefined) {
        name = `anonymized.${type}`;
        if (counterNames.size < 1024) counterNames.set(type, name);
      }
      counters.add(name);
    };
    // Personal data inside a span whose operator keeps text (a URL under `keep`) is looked for
    // with this stage's analyzer, also when the findings came from a detect stage.
    let innerFinder: InnerFinder | undefined;
    const inner: InnerFinder = (text, exclude) => {
      innerFinder ??= analyzerInnerFinder((analyzer ??= buildAnalyzer()));
      return innerFinder(text, exclude);
    };
    const recordOptions: RecordAnonymizeOptions = {
      inner,
      ...(opts.whole_fields === undefined ? {} : { wholeFields: opts.whole_fields }),
      onReplaced: countReplaced,
    };

    return (record: JsonRecord): JsonRecord => {
      const stored = record[target];
      const detected = isDetected(stored);
      // A detect stage's findings whose text a stage since then rewrote (a first anonymize with
      // keep_findings, synthesize, pseudonymize...): their offsets no longer hold.
      const current = detected && isCurrent(stored, record);
      let findings: Finding[];
      if (current) {
        findings = readFindings(stored, target);
        delete record[target];
      } else {
        // A findings field that no detect stage of this run wrote came with the input: trusting
        // it would let whoever wrote the input choose what is replaced. It is dropped, not read
        // as findings nor scanned as text (as a detect stage replaces it), and counted, so that
        // a run fed the output of an earlier `veil detect` shows it in its summary. Stale
        // findings of a detect stage are set aside too, and kept as data with keep_findings.
        if (stored !== undefined) {
          delete record[target];
          counters.add(detected ? 'stale_findings_redetected' : 'input_findings_dropped');
        }
        findings = detectInline(record);
      }
      const subjectValue = subjectPath?.get(record);
      const subject =
        subjectValue === undefined || subjectValue === null ? undefined : String(subjectValue);

      // Counters count what was replaced, per entity type: whole fields included, and findings
      // merged into an overlapping one (or inside a whole field) not counted twice.
      anonymizer.record(
        record,
        findings,
        subject === undefined ? recordOptions : { ...recordOptions, subject },
      );
      if (opts.keep_findings && detected) record[target] = stored;
      return record;
    };
  },
});
