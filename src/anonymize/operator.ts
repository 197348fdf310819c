/**
 * What an anonymize operator is. An operator turns one finding's original text into its
 * replacement (`redact` -> "[REDACTED NAME]", `mask` -> "**** **** **** 1111", `hash`, ...).
 *
 * Operators are built once per worker with `create` (keys are resolved there, asynchronously,
 * through the environment's secret resolver) and then applied synchronously per finding, so the
 * hot path never awaits. Each call receives an unmodified substring of the ORIGINAL text, never
 * text that already holds another operator's placeholder (reported failure BR-05).
 *
 * A new operator is one file in `src/anonymize/operators/` and one line in that folder's
 * `index.ts`; nothing else in the anonymizer changes.
 */
import type { z } from 'zod';
import type { Finding } from '../detect/recognizer.js';
import type { SecretResolver } from '../engine/stage.js';

/** What an operator gets when it is built: the same things a stage gets, minus the counters. */
export interface OperatorEnvironment {
  /** Resolves `env:NAME`, `file:PATH` and `keyring:NAME` references to key bytes. */
  readonly secrets: SecretResolver;
  /** Directory against which relative paths in options are resolved. */
  readonly baseDir: string;
  /** Path of the LMDB environment, for operators that keep state (token vault). */
  readonly storePath: string;
  /** Name of the pipeline, for key contexts and messages (`api` for programmatic use). */
  readonly pipelineName: string;
  /** Where the operator is configured, for error messages: "stage 'anonymize' (#2)". */
  readonly where: string;
}

/** Per-call context: where the finding sits, never used to carry secrets. */
export interface OperatorContext {
  /** The whole original string the finding was found in. */
  readonly text: string;
  /** Dotted field path, for records (absent for plain text). */
  readonly field?: string;
  /**
   * Identifier of the data subject the text belongs to (for example the value of a configured
   * subject field), so that per-subject operators such as `date-shift` stay consistent across
   * fields and records. Absent when not configured.
   */
  readonly subject?: string;
}

/** An operator built for one configuration, ready to apply. */
export interface PreparedOperator {
  /**
   * Returns the replacement for `value`, which is `context.text.slice(finding.start,
   * finding.end)` of the original text. Must be deterministic for a given configuration and key.
   */
  anonymize(value: string, finding: Finding, context: OperatorContext): string;
  /**
   * True when the replacement can hold characters of `value` as they were (`keep`, `mask`
   * with `keepLast` or `count`): personal data of other types inside the span is then looked
   * for and replaced on its own (see `nested-findings.ts`). `generalize` and `date-shift` leave
   * it unset: their output is made from the parsed value, not from the span's characters.
   */
  readonly keepsText?: boolean;
  /**
   * Reverses `anonymize` for reversible operators (`encrypt`, vault-backed `pseudonymize`);
   * absent on one-way operators. Rejects when the replacement was not produced under this key.
   */
  deanonymize?(
    replacement: string,
    finding: Finding,
    context: OperatorContext,
  ): string | Promise<string>;
}

/** An operator kind, registered by name in `src/anonymize/operators/index.ts`. */
export interface AnonymizeOperator<Options = unknown> {
  /** Name used in configuration: `operator: mask`. kebab-case. */
  readonly name: string;
  /** One line for the README's operator table. */
  readonly description: string;
  /** True when a prepared operator has a `deanonymize` hook. */
  readonly reversible: boolean;
  /** Validates the operator's options (every key of its entry except `operator`). */
  readonly options: z.ZodType<Options>;
  /** Builds the operator once per worker (or once per PrivacyManager call site). */
  create(options: Options, env: OperatorEnvironment): PreparedOperator | Promise<PreparedOperator>;
}

/** Helper that keeps the option type inferred from the schema. */
export function defineOperator<Schema extends z.ZodType>(
  operator: Omit<AnonymizeOperator<z.infer<Schema>>, 'options'> & { options: Schema },
): AnonymizeOperator<z.infer<Schema>> {
  return operator as unknown as AnonymizeOperator<z.infer<Schema>>;
}
