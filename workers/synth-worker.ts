/**
 * Piscina entry point for schema generation: builds the record generator once per schema and
 * seed in this thread, then serves batches. The batch's bytes are transferred, not cloned.
 */
import { Piscina } from 'piscina';
import { generateBatch, type SynthBatchResult, type SynthBatchTask } from '../src/synth/batch.js';
import { RecordGenerator } from '../src/synth/generator.js';
import type { SynthSchema } from '../src/synth/schema.js';
import { recordSerializer, type RecordSerializer } from '../src/synth/serialize.js';

let cacheKey = '';
let cached: { generator: RecordGenerator; serializer: RecordSerializer } | undefined;

/**
 * Returns the batch's bytes (moved to the main thread) or, when the schema has unique fields,
 * its lines and unique values (cloned: the main thread needs them as strings anyway).
 */
export default function synthBatch(task: SynthBatchTask): Uint8Array | SynthBatchResult {
  const key = `${task.format}\u0000${String(task.seed)}\u0000${typeof task.seed}\u0000${task.schemaJson}`;
  if (cached === undefined || key !== cacheKey) {
    const schema = JSON.parse(task.schemaJson) as SynthSchema;
    cached = { generator: new RecordGenerator(schema, task.seed), serializer: recordSerializer(schema, task.format) };
    cacheKey = key;
  }
  const result = generateBatch(cached.generator, cached.serializer, task.start, task.end, task.reuse);
  if (result.kind === 'bytes') {
    const buffer = result.bytes.buffer as ArrayBuffer;
    // The byte writer's batches own their memory; Buffer.from (CSV) may hand out a slice of
    // Node's shared pool, so such small batches are copied and the transfer moves only them.
    const own =
      result.owned === true || (result.bytes.byteOffset === 0 && result.bytes.byteLength === buffer.byteLength)
        ? result.bytes
        : new Uint8Array(result.bytes);
    return Piscina.move(own) as Uint8Array;
  }
  return result;
}
