/**
 * `PrivacyManager`: the programmatic face of detection, anonymization and pseudonymization for
 * services that protect records one at a time. Each method delegates to its module (analyzer,
 * anonymizer, pseudonymize stage); the class only builds those once and keeps them, so other
 * areas' methods (k-anonymity, risk assessment, synthetic data) can be added the same way.
 *
 * @example
 * ```ts
 * const privacy = new PrivacyManager();
 * await privacy.anonymizeText("John Doe's phone is (555) 123-4567.");
 * // "[REDACTED NAME]'s phone is [REDACTED PHONE]."
 * ```
 */
import { createAnonymizer, type Anonymizer } from '../anonymize/anonymizer.js';
import type { AnonymizeConfig } from '../anonymize/config.js';
import { analyzerInnerFinder, type InnerFinder } from '../anonymize/nested-findings.js';
import {
  checkKnownTypes,
  createAnalyzer,
  type Analyzer,
  type AnalyzerConfig,
} from '../detect/analyzer.js';
import type { Finding } from '../detect/recognizer.js';
import {
  createFieldContext,
  type FieldContext,
  type FieldContextOptions,
  type FieldHint,
} from '../detect/field-context.js';
import { typeHint } from '../detect/entity-types.js';
import { compileFieldPath, FieldPathError, forEachSelectedString, type FieldPath } from '../engine/field-path.js';
import { createSecretResolver } from '../engine/secrets.js';
import type { JsonRecord, SecretResolver, StageEnvironment } from '../engine/stage.js';
import { AnonymizeConfigError } from '../errors/anonymize-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { pseudonymizeStage } from '../stages/pseudonymize.js';
import { defaultStorePath } from '../store/environment.js';
import { kAnonymize, type KAnonymizeResult } from '../kanon/k-anonymize.js';
import type { KAnonymizeOptions } from '../kanon/options.js';
import { assessRisk, type AssessRiskOptions, type RiskAssessment } from '../kanon/risk.js';
import { generateSyntheticData, type GenerateOptions } from '../synth/generate.js';
import type { SynthSchema, SynthSchemaInput } from '../synth/schema.js';

export interface PrivacyManagerOptions {
  /** Analyzer configuration used by every method (entity types, thresholds, allow lists...). */
  readonly detect?: AnalyzerConfig;
  /** Default operators; per-call `operators` replace them. Default: `redact` for every type. */
  readonly anonymize?: AnonymizeConfig;
  /** Resolves key references; default: the engine's resolver (env:, file:, keyring:). */
  readonly secrets?: SecretResolver;
  /** Directory for relative `file:` references; default the working directory. */
  readonly baseDir?: string;
  /** LMDB environment for keyring references; default `defaultStorePath()`. */
  readonly storePath?: string;
}

/**
 * `options` with its entity types read into an array: they are read twice (detection and the
 * search inside kept spans), and an iterator would be empty the second time.
 */
/**
 * Throws a TypeError unless `value` is a string: from JavaScript, an object or a Buffer passed
 * where text is expected would otherwise come back unchanged, its personal data in clear.
 */
function requireText(value: unknown, method: string): asserts value is string {
  if (typeof value !== 'string') {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new TypeError(`PrivacyManager.${method}: text must be a string, got ${kind}`);
  }
}

/** Throws a TypeError unless `value` is a record (a plain object, not an array or null). */
/** Deepest record the API accepts, as the engine's readers do (see MAX_DEPTH in engine/batch). */
const MAX_RECORD_DEPTH = 1000;

function requireRecord(value: unknown, method: string): asserts value is JsonRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new TypeError(`PrivacyManager.${method}: record must be an object, got ${kind}`);
  }
  const problem = shapeProblem(value);
  if (problem !== undefined) throw new TypeError(`PrivacyManager.${method}: record ${problem}`);
}

/**
 * A copy of a record in which no object or array appears twice. structuredClone keeps sharing: an
 * object referenced from two fields stayed one object, so its string was anonymized twice
 * ("[REDACTED EMAIL]]", round 13). Called after `shapeProblem`, so the depth is bounded.
 */
function copyTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyTree(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Defined, not assigned: a "__proto__" key of parsed JSON stays a plain field.
    Object.defineProperty(out, key, { value: copyTree(item), writable: true, enumerable: true, configurable: true });
  }
  return out as T;
}

/**
 * Why a record cannot be walked: a cycle, or nesting deeper than the engine accepts (round 13:
 * both overflowed the call stack with a bare RangeError). Iterative, so any depth is measured.
 */
function shapeProblem(record: object): string | undefined {
  const onPath = new Set<object>();
  const stack: Array<{ node: object; children: unknown[]; next: number }> = [];
  const enter = (node: object): string | undefined => {
    if (onPath.has(node)) return 'refers to itself (a cycle); records must be trees of JSON values';
    if (stack.length >= MAX_RECORD_DEPTH) return `is nested more than ${MAX_RECORD_DEPTH} levels deep`;
    onPath.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0 });
    return undefined;
  };
  const first = enter(record);
  if (first !== undefined) return first;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: object; children: unknown[]; next: number };
    if (top.next === top.children.length) {
      onPath.delete(top.node);
      stack.pop();
      continue;
    }
    const child = top.children[top.next++];
    if (child !== null && typeof child === 'object') {
      const problem = enter(child);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function listEntities<T extends DetectOptions>(options: T): T {
  return options.entities === undefined || Array.isArray(options.entities)
    ? options
    : { ...options, entities: [...options.entities] };
}

export interface DetectOptions {
  /** Only these entity types (within the analyzer's own). */
  readonly entities?: Iterable<string>;
  /** Attach explanations to the findings. */
  readonly explain?: boolean;
}

export interface AnonymizeTextOptions extends DetectOptions {
  /** Findings to apply instead of detecting (for example from an earlier `detectEntities`). */
  readonly findings?: readonly Finding[];
  /** Operators for this call (replaces the manager's `anonymize` configuration). */
  readonly operators?: AnonymizeConfig;
  /** Data subject, for per-subject operators (`date-shift`). */
  readonly subject?: string;
}

export interface AnonymizeRecordOptions extends DetectOptions {
  /** Fields to scan (dotted paths, `[]` for arrays); every string when absent. */
  readonly fields?: readonly string[];
  /** Fields that are entirely one entity: path -> entity type. */
  readonly wholeFields?: Readonly<Record<string, string>>;
  /** Field whose value identifies the data subject (for `date-shift`). */
  readonly subjectField?: string;
  readonly operators?: AnonymizeConfig;
  /**
   * Field names as evidence, as the pipeline option `field_context`: on by default (`password`,
   * `phone`, `city`... say what their values are); `false` switches it off.
   */
  readonly fieldContext?: boolean | FieldContextOptions;
}

export interface PseudonymizeOptions {
  /** Fields to pseudonymize, as in the `pseudonymize` stage (paths or `{ path, context }`). */
  readonly fields: readonly (
    string | { path: string; context?: string; prefix?: string; length?: number }
  )[];
  /** Key reference (default `env:VEIL_PSEUDONYM_KEY`). */
  readonly key?: string;
  readonly prefix?: string;
  readonly length?: number;
  readonly encoding?: 'base62' | 'base32';
}

/**
 * Compiles a field path of a call's options, naming the option (`fields[0]`) when it cannot be
 * parsed: over HTTP a bad path was an uncaught error, answered 500 (round 13).
 */
function compileOption(text: string, option: string): FieldPath {
  try {
    return compileFieldPath(text);
  } catch (error) {
    if (error instanceof FieldPathError) throw new AnonymizeConfigError(`${option}: ${error.reason}`);
    throw error;
  }
}

export class PrivacyManager {
  private readonly options: PrivacyManagerOptions;
  private readonly secrets: SecretResolver;
  private analyzer: Analyzer | undefined;
  /** The built-in field-name table, resolved per field path across calls. */
  private defaultFieldContext: FieldContext | undefined;
  private defaultAnonymizer: Promise<Anonymizer> | undefined;
  private readonly anonymizers = new WeakMap<AnonymizeConfig, Promise<Anonymizer>>();

  constructor(options: PrivacyManagerOptions = {}) {
    this.options = options;
    this.secrets =
      options.secrets ??
      createSecretResolver({
        baseDir: options.baseDir ?? process.cwd(),
        storePath: this.storePath(),
      });
  }

  private storePath(): string {
    return this.options.storePath ?? defaultStorePath();
  }

  private getAnalyzer(): Analyzer {
    // Built on first use: construction compiles every pattern and loads the gazetteers.
    this.analyzer ??= createAnalyzer(this.options.detect ?? {});
    return this.analyzer;
  }

  private getAnonymizer(config: AnonymizeConfig | undefined): Promise<Anonymizer> {
    const env = {
      secrets: this.secrets,
      baseDir: this.options.baseDir ?? process.cwd(),
      storePath: this.storePath(),
      pipelineName: 'api',
      where: 'PrivacyManager',
    };
    if (config === undefined) {
      this.defaultAnonymizer ??= createAnonymizer(this.options.anonymize ?? {}, env);
      return this.defaultAnonymizer;
    }
    let cached = this.anonymizers.get(config);
    if (cached === undefined)
      this.anonymizers.set(config, (cached = createAnonymizer(config, env)));
    return cached;
  }

  /**
   * Throws for an operator whose entity type nothing of this call reports: with `default: keep`,
   * `CREDITCARD` for CREDIT_CARD left the card numbers in clear (round 13). Known are the
   * analyzer's types and those of the findings, whole fields or items the caller passes.
   */
  private checkOperatorTypes(
    config: AnonymizeConfig | undefined,
    extra: Iterable<string> = [],
  ): void {
    const types = Object.keys((config ?? this.options.anonymize)?.entities ?? {});
    if (types.length === 0) return;
    const analyzerTypes = this.getAnalyzer().knownTypes;
    const known = new Set(extra);
    const at = config === undefined ? 'anonymize.entities' : 'operators.entities';
    for (const type of types) {
      if (analyzerTypes.has(type) || known.has(type)) continue;
      const name = type.slice(0, 64);
      const hint = typeHint(name, [...analyzerTypes, ...known]);
      throw new AnonymizeConfigError(`${at}.${name}: unknown entity type${hint}`);
    }
  }

  /** Finds the personal data in `text`: findings with UTF-16 offsets, sorted by start. */
  detectEntities(text: string, options: DetectOptions = {}): Finding[] {
    requireText(text, 'detectEntities');
    return this.analyzeField(text, options, undefined);
  }

  /** `detectEntities` for a record's field, with what its key says (`hint`). */
  private analyzeField(
    text: string,
    options: DetectOptions,
    hint: FieldHint | undefined,
  ): Finding[] {
    return this.getAnalyzer().analyze(text, {
      ...(options.entities === undefined ? {} : { entities: options.entities }),
      ...(options.explain === undefined ? {} : { explain: options.explain }),
      ...(hint === undefined ? {} : { field: hint }),
    });
  }

  /**
   * The field context of a call: the manager's own for the default, a new one for options. The
   * types of `extra` are checked against the analyzer's, as a pipeline file's are.
   */
  private fieldContextOf(
    option: boolean | FieldContextOptions | undefined,
  ): FieldContext | undefined {
    if (typeof option === 'object' && option !== null) {
      const extraTypes = Object.values(option.extra ?? {});
      checkKnownTypes(extraTypes, this.getAnalyzer().knownTypes, 'fieldContext.extra');
    }
    if (option !== undefined && option !== true) return createFieldContext(option);
    this.defaultFieldContext ??= createFieldContext(true);
    return this.defaultFieldContext;
  }

  /**
   * Finds the personal data inside spans whose operator keeps text (a URL under `keep`), with
   * this manager's analyzer and the call's entity types.
   */
  private innerFinder(options: DetectOptions): InnerFinder {
    return analyzerInnerFinder(this.getAnalyzer(), options.entities);
  }

  /** Detects (unless findings are given) and anonymizes `text`. */
  async anonymizeText(text: string, options: AnonymizeTextOptions = {}): Promise<string> {
    requireText(text, 'anonymizeText');
    options = listEntities(options);
    this.checkOperatorTypes(options.operators, options.findings?.map((f) => f.type));
    const anonymizer = await this.getAnonymizer(options.operators);
    const findings = options.findings ?? this.detectEntities(text, options);
    const inner = this.innerFinder(options);
    return anonymizer.text(
      text,
      findings,
      options.subject === undefined ? { inner } : { subject: options.subject, inner },
    );
  }

  /**
   * Detects and anonymizes every string of a record (or the chosen fields); arrays keep their
   * length and order. Returns a new record; the argument is not modified.
   */
  async anonymizeRecord(
    record: JsonRecord,
    options: AnonymizeRecordOptions = {},
  ): Promise<JsonRecord> {
    requireRecord(record, 'anonymizeRecord');
    options = listEntities(options);
    this.checkOperatorTypes(options.operators, Object.values(options.wholeFields ?? {}));
    const fieldPaths = options.fields?.map((field, i) => compileOption(field, `fields[${i}]`));
    const subjectPath =
      options.subjectField === undefined ? undefined : compileOption(options.subjectField, 'subjectField');
    for (const field of Object.keys(options.wholeFields ?? {})) compileOption(field, `wholeFields.${field.slice(0, 64)}`);
    const anonymizer = await this.getAnonymizer(options.operators);
    const copy = copyTree(record);
    const findings: Finding[] = [];
    const fieldContext = this.fieldContextOf(options.fieldContext);
    const scan = (value: string, path: string): undefined => {
      const hint = fieldContext?.hintFor(path);
      for (const f of this.analyzeField(value, options, hint)) findings.push({ ...f, field: path });
      return undefined;
    };
    // As in the detect stage: whatever a listed field holds is scanned, each string once.
    forEachSelectedString(copy, fieldPaths, scan);
    const subjectValue = subjectPath?.get(copy);
    return anonymizer.record(copy, findings, {
      inner: this.innerFinder(options),
      ...(options.wholeFields === undefined ? {} : { wholeFields: options.wholeFields }),
      ...(subjectValue === undefined || subjectValue === null
        ? {}
        : { subject: String(subjectValue) }),
    });
  }

  /**
   * Replaces the chosen fields of a record (or of each record of an array) with the keyed
   * pseudonyms of the `pseudonymize` stage. Returns new records.
   */
  async pseudonymizeData<T extends JsonRecord | JsonRecord[]>(
    data: T,
    options: PseudonymizeOptions,
  ): Promise<T> {
    const records: JsonRecord[] = Array.isArray(data) ? data : [data];
    records.forEach((r, i) => requireRecord(r, Array.isArray(data) ? `pseudonymizeData (record ${i})` : 'pseudonymizeData'));
    const parsed = pseudonymizeStage.options.safeParse(options);
    if (!parsed.success) {
      const where = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
        .join('; ');
      throw new PipelineError(`PrivacyManager.pseudonymizeData: invalid options: ${where}`);
    }
    const env: StageEnvironment = {
      pipelineName: 'api',
      stageIndex: 0,
      baseDir: this.options.baseDir ?? process.cwd(),
      secrets: this.secrets,
      storePath: this.storePath(),
    };
    const transform = await pseudonymizeStage.create(parsed.data, env, { add: () => undefined });
    const out = records.map((r, index) => transform(copyTree(r), { index }) as JsonRecord);
    return (Array.isArray(data) ? out : out[0]) as T;
  }

  /**
   * Anonymizes `text` and returns the pieces needed to reverse it: pass both to `deanonymizeText`
   * with the same operators (for reversible operators such as `encrypt` and `fpe`).
   */
  async anonymizeTextReversibly(
    text: string,
    options: AnonymizeTextOptions = {},
  ): Promise<{ text: string; items: { type: string; start: number; end: number }[] }> {
    requireText(text, 'anonymizeTextReversibly');
    options = listEntities(options);
    this.checkOperatorTypes(options.operators, options.findings?.map((f) => f.type));
    const anonymizer = await this.getAnonymizer(options.operators);
    const findings = options.findings ?? this.detectEntities(text, options);
    const inner = this.innerFinder(options);
    const result = anonymizer.textWithPieces(text, findings, options.subject === undefined ? { inner } : { subject: options.subject, inner });
    return {
      text: result.text,
      items: result.pieces.map((p) => ({ type: p.finding.type, start: p.outputStart, end: p.outputEnd })),
    };
  }

  /** Reverses the reversible replacements of an anonymized text, given its items. */
  async deanonymizeText(
    text: string,
    items: readonly { type: string; start: number; end: number }[],
    options: Pick<AnonymizeTextOptions, 'operators' | 'subject'> = {},
  ): Promise<string> {
    requireText(text, 'deanonymizeText');
    this.checkOperatorTypes(options.operators, items.map((i) => i.type));
    const anonymizer = await this.getAnonymizer(options.operators);
    return anonymizer.deanonymize(
      text,
      items.map((i) => ({ outputStart: i.start, outputEnd: i.end, finding: { type: i.type, start: i.start, end: i.end, score: 1 } })),
      options.subject === undefined ? {} : { subject: options.subject },
    );
  }

  /**
   * k-anonymizes an in-memory table over its quasi-identifiers (optimal lattice search or
   * Mondrian, with l-diversity / t-closeness and a suppression limit as the options say).
   * Resolves with the generalized records, the report (metrics, risk) and the plan.
   */
  async kAnonymize(records: readonly JsonRecord[], options: KAnonymizeOptions): Promise<KAnonymizeResult> {
    return kAnonymize(records, options);
  }

  /** Re-identification risk (prosecutor, journalist, marketer) without changing the data. */
  assessRisk(records: readonly JsonRecord[], quasiIdentifiers: readonly string[], options: AssessRiskOptions = {}): RiskAssessment {
    return assessRisk(records, quasiIdentifiers, options);
  }

  /** Generates `count` synthetic records from a schema; the same seed gives the same records. */
  generateSyntheticData(schema: SynthSchemaInput | SynthSchema, options: GenerateOptions): JsonRecord[] {
    return generateSyntheticData(schema, options);
  }
}
