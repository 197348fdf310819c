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
 * ```
 *
 * Each finding is `{ field, type, start, end, score }` with offsets in UTF-16 code units of
 * the field's string and `field` the concrete dotted path (`contacts[1].email`). The analyzer
 * is built once per worker thread; a bad option (an RE2 pattern that does not compile, an
 * unknown validator) fails the pipeline when it is built, naming the recognizer.
 */
import { z } from 'zod';
import { createAnalyzer } from '../detect/analyzer.js';
import { detectionOptions, toAnalyzerConfig } from '../detect/config.js';
import type { Finding } from '../detect/recognizer.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { compileFieldPath, updateAllStrings } from '../engine/field-path.js';
import { defineStage, type JsonRecord, type JsonValue } from '../engine/stage.js';

const options = detectionOptions.extend({
  /** Fields to scan (dotted paths, `[]` for arrays); every string when absent. */
  fields: z.array(z.string().min(1)).min(1).optional(),
  /** Where the findings array is written. */
  findings_field: z.string().min(1).regex(/^[^.[\]]+$/, 'a top-level field name').default('_pii'),
});

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
  create(opts, env, counters) {
    let analyzer;
    try {
      analyzer = createAnalyzer(toAnalyzerConfig(opts));
    } catch (error) {
      throw new PipelineError(`stage ${env.stageIndex + 1} (detect): ${(error as Error).message}`, { cause: error });
    }
    const paths = opts.fields?.map((f) => compileFieldPath(f));
    const target = opts.findings_field;

    // One counter name per entity type, built once rather than per finding.
    const counterNames = new Map<string, string>();
    // The findings of the record being transformed: `scan` is built once, not per record.
    let findings: JsonValue[] = [];
    const scan = (value: string, path: string): undefined => {
      for (const f of analyzer.analyze(value)) {
        findings.push(toJson(f, path));
        let name = counterNames.get(f.type);
        if (name === undefined) counterNames.set(f.type, (name = `findings.${f.type}`));
        counters.add(name);
      }
      return undefined;
    };
    const scanPath = (value: JsonValue, concrete: string): undefined =>
      typeof value === 'string' ? scan(value, concrete) : undefined;

    return (record: JsonRecord): JsonRecord => {
      findings = [];

      if (paths === undefined) {
        // Findings from an earlier detect stage are replaced, not scanned as text.
        delete record[target];
        updateAllStrings(record, scan);
      } else {
        for (const path of paths) path.update(record, scanPath);
      }
      record[target] = findings;
      return record;
    };
  },
});
