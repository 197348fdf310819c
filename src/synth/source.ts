/**
 * A schema as a pipeline's source: the generated NDJSON streams straight into a pipeline run
 * (`pipeline(spec).run({ input: schemaSource(...) })`), produced by the synth worker pool with
 * bounded buffering, so a run over ten million synthetic records uses constant memory.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { SynthSchema, SynthSchemaInput } from './schema.js';
import { writeSyntheticData, type SynthWriteSummary } from './write.js';

export interface SchemaSourceOptions {
  count: number;
  seed?: number | string | undefined;
  /** Generator threads (default 1: the pipeline's own workers need the cores). */
  threads?: number | undefined;
}

/** A readable NDJSON stream of synthetic records, and a promise of the generation summary. */
export function schemaSource(
  schema: SynthSchemaInput | SynthSchema,
  options: SchemaSourceOptions,
): { stream: Readable; done: Promise<SynthWriteSummary> } {
  // 1 MiB of buffered NDJSON at most between the generator and the pipeline reader.
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  const done = writeSyntheticData(schema, {
    count: options.count,
    seed: options.seed,
    threads: options.threads ?? 1,
    output: stream,
    format: 'ndjson',
  });
  // The pipeline reports a broken stream on its side; the caller awaits `done` for ours.
  done.catch(() => {});
  return { stream, done };
}
