/**
 * Schema generation in one thread: `generateSyntheticData` for arrays that fit in memory, and
 * `syntheticRecords` for a lazy stream. Both admit records through the same unique-field guard as
 * the multi-threaded writer (`write.ts`), so all three give identical records for one seed.
 */
import { randomInt } from 'node:crypto';
import type { JsonRecord } from '../engine/stage.js';
import { SynthError } from '../errors/synth-error.js';
import { RecordGenerator, type SynthRunInfo } from './generator.js';
import { parseSynthSchema, type SynthSchema, type SynthSchemaInput } from './schema.js';
import { UniqueGuard } from './unique-guard.js';

export interface GenerateOptions {
  /** Number of records. */
  count: number;
  /**
   * Seed (safe integer or string). The same seed, schema, count and faker version give the same
   * records, whatever the clock or thread count. Defaults to the schema's `seed`, else random
   * (read it back from `info.seed` to replay the run).
   */
  seed?: number | string | undefined;
}

/** Arrays above this size should be streamed (`syntheticRecords`) or written (`writeSyntheticData`). */
export const IN_MEMORY_LIMIT = 5_000_000;

function validateCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new SynthError('count must be a non-negative safe integer');
  }
}

/** Accepts a raw schema object or an already parsed one. */
export function toSchema(schema: SynthSchemaInput | SynthSchema): SynthSchema {
  return parseSynthSchema(schema);
}

/** The seed a run uses: explicit, else the schema's, else a fresh random one. */
export function resolveSeed(schema: SynthSchema, seed: number | string | undefined): number | string {
  if (seed !== undefined) return seed;
  if (schema.seed !== undefined) return schema.seed;
  return randomInt(0, 2 ** 47);
}

/** A lazy stream of records with the run's replay information. */
export interface SyntheticStream extends Iterable<JsonRecord> {
  readonly info: SynthRunInfo;
}

/** Streams `count` records, one at a time, in constant memory (except unique fields' filters). */
export function syntheticRecords(schema: SynthSchemaInput | SynthSchema, options: GenerateOptions): SyntheticStream {
  validateCount(options.count);
  const parsed = toSchema(schema);
  const generator = new RecordGenerator(parsed, resolveSeed(parsed, options.seed));
  const count = options.count;
  return {
    info: generator.info,
    *[Symbol.iterator]() {
      const guard = new UniqueGuard(generator, count);
      for (let i = 0; i < count; i++) {
        const record = generator.record(i);
        yield guard.active ? (guard.admit(i, generator.uniqueValues(record)) ?? record) : record;
      }
    },
  };
}

/**
 * Generates `count` records from `schema` (the seed API `generate_synthetic_data(schema, count)`).
 *
 * @example
 * const people = generateSyntheticData(
 *   { fields: { name: { type: 'fullName' }, email: { type: 'email', from: 'name', unique: true } } },
 *   { count: 3, seed: 42 },
 * );
 */
export function generateSyntheticData(schema: SynthSchemaInput | SynthSchema, options: GenerateOptions): JsonRecord[] {
  validateCount(options.count);
  if (options.count > IN_MEMORY_LIMIT) {
    throw new SynthError(
      `count ${options.count} is above the in-memory limit of ${IN_MEMORY_LIMIT}; use writeSyntheticData or syntheticRecords`,
    );
  }
  return [...syntheticRecords(schema, options)];
}
