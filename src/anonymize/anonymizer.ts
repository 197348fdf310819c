/**
 * The anonymizer's public face: `createAnonymizer(config, env)` validates a configuration and
 * builds its operators once; the returned object anonymizes strings and records synchronously.
 *
 * @example
 * ```ts
 * const anonymizer = await createAnonymizer({ default: { operator: 'redact' } });
 * anonymizer.text("John Doe's phone is (555) 123-4567.", [
 *   { type: 'PERSON', start: 0, end: 8, score: 0.9 },
 *   { type: 'PHONE_NUMBER', start: 20, end: 34, score: 0.9 },
 * ]); // "[REDACTED NAME]'s phone is [REDACTED PHONE]."
 * ```
 */
import type { Finding } from '../detect/recognizer.js';
import { createSecretResolver } from '../engine/secrets.js';
import type { JsonRecord } from '../engine/stage.js';
import { AnonymizeConfigError } from '../errors/anonymize-error.js';
import { applyOperatorsToRecord, type RecordAnonymizeOptions } from './anonymize-record.js';
import { applyOperators, type AnonymizedText } from './anonymize-text.js';
import { anonymizeConfigSchema, compileOperators, type AnonymizeConfig } from './config.js';
import type { InnerFinder } from './nested-findings.js';
import type { OperatorEnvironment } from './operator.js';

/**
 * Where a text is anonymized: its field path and data subject, and optionally the finder of
 * personal data inside spans whose operator keeps text (`analyzerInnerFinder`).
 */
export interface TextAnonymizeContext {
  field?: string;
  subject?: string;
  inner?: InnerFinder;
}

export interface Anonymizer {
  /** The anonymized text. */
  text(
    text: string,
    findings: readonly Finding[],
    context?: TextAnonymizeContext,
  ): string;
  /** The anonymized text with the replaced pieces (for explanations and round trips). */
  textWithPieces(
    text: string,
    findings: readonly Finding[],
    context?: TextAnonymizeContext,
  ): AnonymizedText;
  /**
   * Reverses the reversible pieces (`encrypt`, `fpe`...) of an anonymized text, given the pieces
   * `textWithPieces` returned; pieces whose operator is one-way stay as they are. Rejects when a
   * replacement was not produced under this configuration's key.
   */
  deanonymize(
    anonymized: string,
    pieces: readonly DeanonymizePiece[],
    context?: { field?: string; subject?: string },
  ): Promise<string>;
  /** Anonymizes the record's strings in place (findings carry their field path) and returns it. */
  record(
    record: JsonRecord,
    findings: readonly Finding[],
    options?: RecordAnonymizeOptions,
  ): JsonRecord;
}

/** What `deanonymize` needs of each piece: where the replacement sits and the finding's type. */
export interface DeanonymizePiece {
  readonly outputStart: number;
  readonly outputEnd: number;
  readonly finding: Finding;
}

/** Fills in an operator environment for programmatic use. */
export function operatorEnvironment(
  partial: Partial<OperatorEnvironment> = {},
): OperatorEnvironment {
  return {
    // The engine's resolver (env:, file:, and keyring: once the keyring module is loaded).
    secrets:
      partial.secrets ??
      createSecretResolver({
        baseDir: partial.baseDir ?? process.cwd(),
        storePath: partial.storePath ?? '',
      }),
    baseDir: partial.baseDir ?? process.cwd(),
    storePath: partial.storePath ?? '',
    pipelineName: partial.pipelineName ?? 'api',
    where: partial.where ?? 'anonymize',
  };
}

/** Validates `config` and builds its operators. Rejects with an `AnonymizeConfigError`. */
export async function createAnonymizer(
  config: AnonymizeConfig = {},
  env: Partial<OperatorEnvironment> = {},
): Promise<Anonymizer> {
  const full = operatorEnvironment(env);
  const parsed = anonymizeConfigSchema.safeParse(config);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(config)').join(', ');
    throw new AnonymizeConfigError(`${full.where}: invalid configuration at ${where}`);
  }
  const operators = await compileOperators(parsed.data, full);
  return {
    text: (text, findings, context = {}) => {
      const { inner, ...where } = context;
      return applyOperators(text, findings, operators, where, inner).text;
    },
    textWithPieces: (text, findings, context = {}) => {
      const { inner, ...where } = context;
      return applyOperators(text, findings, operators, where, inner);
    },
    record: (record, findings, options) =>
      applyOperatorsToRecord(record, findings, operators, options),
    async deanonymize(anonymized, pieces, context = {}) {
      // Right to left, so earlier offsets stay valid as replacements change length.
      const ordered = [...pieces].sort((a, b) => b.outputStart - a.outputStart);
      let out = anonymized;
      let limit = anonymized.length;
      for (const piece of ordered) {
        if (!(Number.isInteger(piece.outputStart) && Number.isInteger(piece.outputEnd) && piece.outputStart >= 0 && piece.outputStart <= piece.outputEnd && piece.outputEnd <= limit)) {
          throw new AnonymizeConfigError(`${full.where}: deanonymize: piece at ${String(piece.outputStart)} is out of order or out of range`);
        }
        limit = piece.outputStart;
        const operator = operators.forType(piece.finding.type);
        if (operator.deanonymize === undefined) continue;
        const replacement = out.slice(piece.outputStart, piece.outputEnd);
        const original = await operator.deanonymize(replacement, piece.finding, { text: anonymized, ...context });
        out = out.slice(0, piece.outputStart) + original + out.slice(piece.outputEnd);
      }
      return out;
    },
  };
}

/** One-shot convenience: anonymizes `text` with `findings` under `config`. */
export async function anonymizeText(
  text: string,
  findings: readonly Finding[],
  config: AnonymizeConfig = {},
  env: Partial<OperatorEnvironment> = {},
): Promise<string> {
  return (await createAnonymizer(config, env)).text(text, findings);
}

/** One-shot convenience: anonymizes `record` in place with `findings` under `config`. */
export async function anonymizeRecord(
  record: JsonRecord,
  findings: readonly Finding[],
  config: AnonymizeConfig = {},
  options: RecordAnonymizeOptions & { env?: Partial<OperatorEnvironment> } = {},
): Promise<JsonRecord> {
  const { env, ...recordOptions } = options;
  return (await createAnonymizer(config, env)).record(record, findings, recordOptions);
}
