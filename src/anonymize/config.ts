/**
 * Anonymize configuration: one operator per entity type, with a default, as written in a
 * pipeline file or passed to the API:
 *
 * ```yaml
 * default: { operator: redact }
 * entities:
 *   CREDIT_CARD: { operator: mask, keepLast: 4 }
 *   EMAIL_ADDRESS: { operator: hash, key: env:VEIL_HASH_KEY }
 * ```
 *
 * `compileOperators` validates every entry against its operator's schema (so an unknown
 * operator or option fails when the pipeline is loaded, not on the first record) and builds the
 * operators once.
 */
import { z } from 'zod';
import { AnonymizeConfigError } from '../errors/anonymize-error.js';
import type { OperatorEnvironment, PreparedOperator } from './operator.js';
import { findOperator, operatorNames } from './operators/index.js';

/** One operator entry: its name and its options side by side. */
export const operatorSpecSchema = z.object({ operator: z.string().min(1) }).catchall(z.unknown());
export type OperatorSpec = z.infer<typeof operatorSpecSchema>;

export const anonymizeConfigSchema = z
  .object({
    /** Operator for types without their own entry (default: `redact`). */
    default: operatorSpecSchema.optional(),
    /** Operator per entity type. */
    entities: z.record(z.string(), operatorSpecSchema).optional(),
  })
  .strict();
export type AnonymizeConfig = z.infer<typeof anonymizeConfigSchema>;

/** Operators built for one configuration. */
export interface CompiledOperators {
  /** The prepared operator for an entity type (its own entry, else the default). */
  forType(type: string): PreparedOperator;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(options)'}: ${issue.message}`,
    )
    .join('; ');
}

/**
 * Checks an operator entry and returns its validated options. Errors name `where` and the entry
 * (`entities.PERSON`), list the valid operator names, and never echo option values.
 */
export function validateOperatorSpec(spec: OperatorSpec, where: string, entry: string): unknown {
  const operator = findOperator(spec.operator);
  if (operator === undefined) {
    throw new AnonymizeConfigError(
      `${where}: ${entry}: unknown operator '${spec.operator.slice(0, 40)}'; expected one of ${operatorNames().join(', ')}`,
    );
  }
  const { operator: _name, ...rest } = spec;
  const parsed = operator.options.safeParse(rest);
  if (!parsed.success) {
    throw new AnonymizeConfigError(
      `${where}: ${entry}: invalid options for operator '${operator.name}': ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Validates the whole configuration without building anything (no keys are read). */
export function validateAnonymizeConfig(config: AnonymizeConfig, where: string): void {
  validateOperatorSpec(config.default ?? { operator: 'redact' }, where, 'default');
  for (const [type, spec] of Object.entries(config.entities ?? {})) {
    validateOperatorSpec(spec, where, `entities.${type}`);
  }
}

/** Validates and builds every operator of `config` once. */
export async function compileOperators(
  config: AnonymizeConfig,
  env: OperatorEnvironment,
): Promise<CompiledOperators> {
  async function build(spec: OperatorSpec, entry: string): Promise<PreparedOperator> {
    const options = validateOperatorSpec(spec, env.where, entry);
    const operator = findOperator(spec.operator);
    if (operator === undefined)
      throw new AnonymizeConfigError(`${env.where}: ${entry}: unknown operator`);
    try {
      return await operator.create(options, env);
    } catch (cause) {
      if (cause instanceof AnonymizeConfigError) throw cause;
      // The cause (for example a secret resolver's error naming the reference) is kept for
      // debugging; the message itself carries no value.
      const reason = cause instanceof Error ? cause.message : 'unknown error';
      throw new AnonymizeConfigError(
        `${env.where}: ${entry}: cannot build operator '${operator.name}': ${reason}`,
        { cause },
      );
    }
  }

  const fallback = await build(config.default ?? { operator: 'redact' }, 'default');
  const perType = new Map<string, PreparedOperator>();
  for (const [type, spec] of Object.entries(config.entities ?? {})) {
    perType.set(type, await build(spec, `entities.${type}`));
  }
  return { forType: (type) => perType.get(type) ?? fallback };
}
