/**
 * `detect`: finds personal data in string fields and writes the findings into the record.
 *
 * ```yaml
 * - type: detect
 *   fields: [notes, "contacts[].email"]   # default: every string, nested objects and arrays too
 *   findings_field: _pii                # default
 *   entities: [EMAIL_ADDRESS, PHONE_NUMBER, PERSON]
 *   thresholds: { PHONE_NUMBER: 0.6 }
 *   allow: [support@example.com]
 *   custom_recognizers:
 *     - { name: employee-id, type: EMPLOYEE_ID, pattern: 'EMP-\d{6}', context: [employee] }
 *   explain: true
 *   field_context: { ignore: [name] }   # keys as evidence (password, phone, city...), default on
 * ```
 *
 * Each finding is `{ field, type, start, end, score }` with offsets in UTF-16 code units of
 * the field's string and `field` the concrete dotted path (`contacts[1].email`). A named field
 * that holds an object has every string inside it scanned (`body` finds `body.text`), a value of
 * another shape than its path expects is scanned whole, and overlapping paths scan once. The analyzer
 * is built once per worker thread; a bad option (an RE2 pattern that does not compile, an
 * unknown validator) fails the pipeline when it is built, naming the recognizer.
 */
import { z } from 'zod';
import { createAnalyzer } from '../detect/analyzer.js';
import { detectionOptions, toAnalyzerConfig } from '../detect/config.js';
import { createFieldContext } from '../detect/field-context.js';
import type { Finding } from '../detect/recognizer.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { compileFieldPath, forEachSelectedString, updateAllStrings, walkValue } from '../engine/field-path.js';
import { defineStage, type JsonRecord, type JsonValue } from '../engine/stage.js';
import { declaredEntityTypes } from './declared-types.js';
import { markDetected, type ScannedStrings } from './detected-findings.js';
import { findingsField, refuseFindingsFieldInFields } from './findings-field.js';

const options = detectionOptions.extend({
  /** Fields to scan (dotted paths, `[]` for arrays); every string when absent. */
  fields: z.array(z.string().min(1)).min(1).optional(),
  /** Where the findings array is written. */
  findings_field: findingsField,
}).superRefine(refuseFindingsFieldInFields);

function toJson(finding: Finding, field: string): JsonValue {
  const out: { [key: string]: JsonValue } = {
    field,
    type: finding.type,
    start: finding.start,
    end: finding.end,
    score: finding.score,
  };
  if (finding.explanation !== undefined) {
    const e = finding.explanation;
    out.explanation = {
      recognizer: e.recognizer,
      ...(e.pattern === undefined ? {} : { pattern: e.pattern }),
      validator: e.validator,
      base_score: e.baseScore,
      context_words: e.contextWords,
    };
  }
  return out;
}

export const detectStage = defineStage({
  name: 'detect',
  description: 'Find personal data in string fields and write the findings (_pii) into each record',
  options,
  // Its custom types reach the stages after it by name (an anonymize stage's operators).
  declaresEntityTypes: (opts) => declaredEntityTypes(opts),
  // The findings field is written last; scanning every string first deletes one the record had.
  columnsAfter(opts, columns) {
    const target = opts.findings_field;
    if (opts.fields !== undefined && columns.includes(target)) return columns;
    return [...columns.filter((column) => column !== target), target];
  },
  create(opts, env, counters) {
    let analyzer;
    try {
      analyzer = createAnalyzer(toAnalyzerConfig(opts));
    } catch (error) {
      throw new PipelineError(`stage ${env.stageIndex + 1} (detect): ${(error as Error).message}`, { cause: error });
    }
    const paths = opts.fields?.map((f) => compileFieldPath(f));
    const target = opts.findings_field;
    // What each field's key says of its values, resolved once per field path.
    const fieldContext = createFieldContext(opts.field_context);

    // One counter name per entity type, built once rather than per finding.
    const counterNames = new Map<string, string>();
    /*
     * Findings analyzed ahead by `prepare` for the records being transformed: the records in the
     * order `prepare` got them, each one's strings in the order `transform` meets them, and each
     * string's findings (undefined where the analysis threw: the record's transform analyzes that
     * text again and fails). Kept by position rather than in a map by text, which hashed every
     * string of the batch once more. Findings are a pure function of the text, and a string's
     * are used only where the walk meets the same text at the same position, so a record changed
     * in between, or met out of turn, is analyzed afresh where it differs.
     */
    let preparedRecords: readonly JsonRecord[] = [];
    let preparedStrings: Array<Array<string | undefined>> = [];
    let preparedFindings: Array<Array<readonly Finding[] | undefined>> = [];
    let nextPrepared = 0;
    // The prepared strings and findings of the record being transformed, and the walk's position.
    let aheadStrings: ReadonlyArray<string | undefined> = [];
    let aheadFindings: ReadonlyArray<readonly Finding[] | undefined> = [];
    let position = 0;
    // The findings of the record being transformed: `scan` is built once, not per record.
    let findings: JsonValue[] = [];
    // The strings scanned for the record being transformed, for anonymize's staleness check.
    let scanned: string[] = [];
    const scan = (value: string, path: string): undefined => {
      scanned.push(value);
      const i = position++;
      const hint = fieldContext?.hintFor(path);
      const found =
        hint !== undefined
          ? analyzer.analyze(value, { field: hint })
          : ((aheadStrings[i] === value ? aheadFindings[i] : undefined) ?? analyzer.analyze(value));
      for (const f of found) {
        findings.push(toJson(f, path));
        let name = counterNames.get(f.type);
        if (name === undefined) counterNames.set(f.type, (name = `findings.${f.type}`));
        counters.add(name);
      }
      return undefined;
    };
    // A named field holding an object (or arrays of them) has every string inside it scanned,
    // as when no fields are named: selecting `body` must not let `body.text` pass unseen.


    /**
     * The strings `transform` will scan in `record`, in the order it meets them (see `walk`); a
     * field whose key gives it a type is analyzed with it by `transform`, and holds its place
     * here unfilled.
     */
    const stringsOf = (record: JsonRecord): (string | undefined)[] => {
      const out: (string | undefined)[] = [];
      walk(record, (value: string, path: string): undefined => {
        out.push(fieldContext?.hintFor(path) === undefined ? value : undefined);
        return undefined;
      });
      return out;
    };

    /*
     * A batch's records (a group of up to 64 of them, see `processBatch`) analyzed column by
     * column: every record's first string, then every record's second, and so on (a record's
     * notes, then its ids, names, e-mail addresses...). Texts of one kind in a row keep the
     * recognizers they need hot: on 8,000 tickets records about 19% less CPU than record by
     * record (162-200 against 201-236 CPU-us per record in process, four passes each).
     */
    const prepare = (records: readonly JsonRecord[]): void => {
      // The strings first: a walk that throws (a record nested too deep) leaves nothing prepared.
      preparedStrings = records.map(stringsOf);
      preparedRecords = records;
      preparedFindings = preparedStrings.map((strings) => new Array<readonly Finding[] | undefined>(strings.length));
      nextPrepared = 0;
      let width = 0;
      for (const strings of preparedStrings) if (strings.length > width) width = strings.length;
      for (let c = 0; c < width; c++) {
        for (let r = 0; r < preparedStrings.length; r++) {
          const text = preparedStrings[r]![c];
          if (text === undefined) continue;
          try {
            preparedFindings[r]![c] = analyzer.analyze(text);
          } catch {
            // Left to the record's own transform, which rejects that record alone.
          }
        }
      }
    };

    /*
     * The walk `transform` makes, for anonymize to repeat: every string but the findings field's
     * when no fields are named (the findings field is in the record by then), else the named ones.
     */
    const walk: ScannedStrings =
      paths === undefined
        ? (record, visit) => {
            for (const key of Object.keys(record)) {
              if (key !== target) walkValue(record[key] as JsonValue, key, visit);
            }
          }
        : (record, visit) => forEachSelectedString(record, paths, visit);

    const transform = (record: JsonRecord): JsonRecord => {
      findings = [];
      scanned = [];
      position = 0;
      if (preparedRecords[nextPrepared] === record) {
        aheadStrings = preparedStrings[nextPrepared]!;
        aheadFindings = preparedFindings[nextPrepared]!;
        nextPrepared++;
      } else {
        aheadStrings = [];
        aheadFindings = [];
      }

      if (paths === undefined) {
        // Findings from an earlier detect stage are replaced, not scanned as text.
        delete record[target];
        updateAllStrings(record, scan);
      } else {
        // Whatever a listed field holds is scanned: strings nested in it, and a value of another
        // shape than the path expects, whole; a string two listed paths select, once.
        forEachSelectedString(record, paths, scan);
      }
      // Marked, so that a later anonymize stage tells these from a findings field of the input.
      markDetected(findings, scanned, walk);
      record[target] = findings;
      return record;
    };
    return Object.assign(transform, { prepare });
  },
});
