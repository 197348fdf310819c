/**
 * `synthesize` (streaming, replace mode): replaces detected spans (the `detect` stage's findings)
 * and selected whole fields with realistic keyed surrogates (see `src/synth/surrogate.ts`).
 *
 * `synthesize-fit` (barrier, fit-from-data mode): pass 1 learns the table (column types,
 * marginals, a Bayesian network over discretised columns); pass 2 replaces every input record
 * with a synthetic one that matches no real record on the quasi-identifiers. See
 * `src/synth/fit/`.
 *
 * Two stage names rather than one with a `mode` option: the engine decides from a stage's kind
 * whether it needs two passes, and a streaming replace must not pay for a barrier.
 */
import { allLocales } from '@faker-js/faker';
import { z } from 'zod';
import { compileFieldPath } from '../engine/field-path.js';
import { secretReference } from '../engine/secrets.js';
import {
  defineBarrierStage,
  defineStage,
  type JsonRecord,
  type JsonValue,
  type RecordTransform,
} from '../engine/stage.js';
import { SynthError } from '../errors/synth-error.js';
import { SurrogateGenerator } from '../synth/surrogate.js';
import { FitCollector, fitOptionsSchema, syntheticApplier, writeFitReport, type FitPlan } from '../synth/fit/stage-support.js';
import { findingsField } from './findings-field.js';

const locale = z.string().refine((code) => Object.hasOwn(allLocales, code), { error: 'unknown locale' });

const replaceOptions = z
  .object({
    /** Replace mode is the only mode of this stage; fit mode is the `synthesize-fit` stage. */
    mode: z
      .string()
      .refine((mode) => mode === 'replace', { error: "the only mode is 'replace'; for fit-from-data use `type: synthesize-fit`" })
      .default('replace'),
    /** Key reference for the HMAC that picks surrogates (`env:`, `file:`, `keyring:`). */
    key: secretReference(),
    /** Default faker locale for names, places and companies. */
    locale: locale.default('en'),
    /** Record field holding the detect stage's findings; their spans are replaced. */
    findings_field: findingsField,
    /** Replace detected spans (default true when the findings field is present). */
    use_findings: z.boolean().default(true),
    /** Whole fields to replace, each as an entity type. */
    fields: z
      .array(
        z
          .object({
            path: z.string().min(1),
            /** Entity type of the field's values: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, ... */
            as: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'expected an entity type such as PERSON' }),
            locale: locale.optional(),
          })
          .strict(),
      )
      .default([]),
    /** Field naming the data subject, so every date of one subject shifts by the same offset. */
    subject_field: z.string().min(1).optional(),
    /** Largest date shift in days, either way. */
    max_shift_days: z.number().int().min(1).max(3650).default(30),
    /** Read ambiguous numeric dates day first. */
    day_first: z.boolean().default(false),
    /** Region tried first for phone numbers without a country code. */
    default_region: z.string().regex(/^[A-Z]{2}$/).default('US'),
    /** `example` (default) email domains reach nobody; `free` uses real free-mail domains. */
    email_domains: z.enum(['example', 'free']).default('example'),
  })
  .strict();

interface StoredFinding {
  field?: string;
  type: string;
  start: number;
  end: number;
  [extra: string]: JsonValue | undefined;
}

/** Reads or writes a concrete path with indices (`contacts[1].email`), as findings report them. */
function concretePath(text: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (match === null) return [];
    if (match[1]) keys.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

function getAt(record: JsonRecord, keys: readonly (string | number)[]): JsonValue | undefined {
  let node: JsonValue | undefined = record;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, JsonValue>)[key];
  }
  return node;
}

function setAt(record: JsonRecord, keys: readonly (string | number)[], value: JsonValue): void {
  let node: JsonValue | undefined = record;
  for (let i = 0; i < keys.length - 1; i++) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string | number, JsonValue>)[keys[i]!];
  }
  if (typeof node === 'object' && node !== null) (node as Record<string | number, JsonValue>)[keys[keys.length - 1]!] = value;
}

function isFinding(value: JsonValue): value is StoredFinding & JsonRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value['type'] === 'string' &&
    typeof value['start'] === 'number' &&
    typeof value['end'] === 'number'
  );
}

export const synthesizeStage = defineStage({
  name: 'synthesize',
  description: 'Replace detected or selected values with realistic keyed surrogates of the same type and format.',
  options: replaceOptions,
  async create(options, env, counters) {
    const key = await env.secrets.resolve(options.key);
    const surrogates = new SurrogateGenerator(key, {
      locale: options.locale,
      maxShiftDays: options.max_shift_days,
      dayFirst: options.day_first,
      defaultRegion: options.default_region,
      emailDomains: options.email_domains,
    });
    const fields = options.fields.map((f) => ({ path: compileFieldPath(f.path), as: f.as, locale: f.locale }));
    const subjectPath = options.subject_field === undefined ? undefined : compileFieldPath(options.subject_field);
    const where = `stage 'synthesize' (#${env.stageIndex + 1})`;

    const transform: RecordTransform = (record, position) => {
      const subjectValue = subjectPath?.get(record);
      const subject = subjectValue === undefined || subjectValue === null ? undefined : String(subjectValue);
      let replaced = 0;

      if (options.use_findings) {
        const findings = record[options.findings_field];
        if (findings !== undefined && !Array.isArray(findings)) {
          const line = position.line === undefined ? '' : ` (line ${position.line})`;
          throw new SynthError(`${where}: record ${position.index}${line}: field '${options.findings_field}' is not a findings array`);
        }
        replaced += replaceFindings(record, (findings ?? []) as JsonValue[], surrogates, subject);
      }

      for (const field of fields) {
        field.path.update(record, (value) => {
          if (typeof value !== 'string' && typeof value !== 'number') return undefined;
          replaced++;
          return surrogates.surrogate(String(value), field.as, { subject, locale: field.locale });
        });
      }
      if (replaced > 0) counters.add('synthesize.replaced', replaced);
      return record;
    };
    return transform;
  },
});

/**
 * Replaces each finding's span in its field with a surrogate and moves the finding's offsets to
 * the surrogate, so a later stage still points at the right text. Spans are applied left to right
 * per field; a span overlapping an earlier one is left as it is (the analyzer resolves overlaps).
 */
function replaceFindings(record: JsonRecord, findings: JsonValue[], surrogates: SurrogateGenerator, subject: string | undefined): number {
  const byField = new Map<string, (StoredFinding & JsonRecord)[]>();
  for (const finding of findings) {
    if (!isFinding(finding) || typeof finding.field !== 'string') continue;
    const list = byField.get(finding.field) ?? [];
    list.push(finding);
    byField.set(finding.field, list);
  }

  let replaced = 0;
  for (const [field, list] of byField) {
    const keys = concretePath(field);
    const original = getAt(record, keys);
    if (typeof original !== 'string') continue;
    list.sort((a, b) => a.start - b.start);
    let out = '';
    let cursor = 0;
    for (const finding of list) {
      if (finding.start < cursor || finding.end > original.length || finding.start >= finding.end) continue;
      out += original.slice(cursor, finding.start);
      const originalEnd = finding.end;
      const surrogate = surrogates.surrogate(original.slice(finding.start, originalEnd), finding.type, { subject });
      finding.start = out.length;
      out += surrogate;
      finding.end = out.length;
      cursor = originalEnd;
      replaced++;
    }
    setAt(record, keys, out + original.slice(cursor));
  }
  return replaced;
}

export const synthesizeFitStage = defineBarrierStage({
  name: 'synthesize-fit',
  description: 'Learn the table and replace every record with a synthetic one that copies no real record.',
  options: fitOptionsSchema,
  createCollector: (options) => new FitCollector(options),
  // The plan is the collector's JSON; its shape is FitPlan by construction.
  createApplier: (options, plan) => syntheticApplier(options, plan as unknown as FitPlan),
  afterRun: (options, plan, env) => writeFitReport(options, plan as unknown as FitPlan, env),
});
