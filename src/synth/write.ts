/**
 * Schema generation to a file over a worker pool: `veil synth SCHEMA --count N --output PATH`.
 *
 * The main thread hands out fixed-size index ranges, keeps a bounded window of them in flight
 * (memory does not grow with the count) and writes results in index order to a temporary file
 * that is renamed when complete. Because record i depends only on (seed, i), the output is
 * identical for any thread count; unique fields are admitted on the main thread in order.
 */
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { SynthError } from '../errors/synth-error.js';
import { VeilError } from '../errors/veil-error.js';
import { esmWorkerOptions } from '../engine/worker-entry.js';
import { discardTemporary, renameOver, temporaryPathBeside } from '../io/replace-file.js';
import { generateBatch, type SynthBatchResult, type SynthBatchTask } from './batch.js';
import { resolveSeed, toSchema } from './generate.js';
import { RecordGenerator, type SynthRunInfo } from './generator.js';
import type { SynthSchema, SynthSchemaInput } from './schema.js';
import { recordSerializer, type SynthFormat } from './serialize.js';
import { UniqueGuard } from './unique-guard.js';

export interface WriteSyntheticOptions {
  count: number;
  seed?: number | string | undefined;
  /**
   * Output file (written to a temporary file, renamed when complete), `-` for standard output,
   * or a writable stream (ended when done), for example a pipeline's input (`schemaSource`).
   */
  output: string | Writable;
  format?: SynthFormat | undefined;
  /** Worker threads; 0 generates on the main thread. Default 2. */
  threads?: number | undefined;
  /** Records per batch (default 4096); does not change the output, only the granularity. */
  batchRecords?: number | undefined;
  /** Called after each written batch with the number of records written so far. */
  onProgress?: ((written: number) => void) | undefined;
}

export interface SynthWriteSummary {
  records: number;
  bytes: number;
  seconds: number;
  threads: number;
  /** Records redrawn by the unique-field guard. */
  redraws: number;
  info: SynthRunInfo;
}

/** The compiled worker, next to this module in `dist/` (or in `dist/` when running from sources). */
export function synthWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const relative = here.endsWith('.js') ? '../../workers/synth-worker.js' : '../../dist/workers/synth-worker.js';
  return path.resolve(path.dirname(here), relative);
}

interface Sink {
  /** True when a chunk's memory is free again once `write` resolves (no queue holds it). */
  readonly releases: boolean;
  write(text: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

function streamSink(stream: Writable, end: boolean): Sink {
  // Waits for 'drain' when the stream's buffer is full, so memory stays bounded.
  const write = (chunk: string | Uint8Array): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.destroyed) return reject(new SynthError('output stream closed before the end of the data'));
      if (stream.write(chunk)) return resolve();
      const onDrain = (): void => {
        stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        stream.off('drain', onDrain);
        reject(error);
      };
      stream.once('drain', onDrain);
      stream.once('error', onError);
    });
  return {
    releases: false,
    write,
    commit: async () => {
      if (end) await new Promise<void>((resolve) => stream.end(resolve));
    },
    abort: async () => {
      if (end) stream.destroy(new SynthError('synthetic data generation failed'));
    },
  };
}

async function fileSink(output: string | Writable): Promise<Sink> {
  if (typeof output !== 'string') return streamSink(output, true);
  if (output === '-') return streamSink(process.stdout, false);
  const temp = temporaryPathBeside(output);
  // The name ends in the output's own name, for messages; the file is only renamed when complete.
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', 0o644);
  } catch (error) {
    await discardTemporary(temp).catch(() => {});
    throw new SynthError(`cannot create output next to ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return {
    releases: true,
    write: async (chunk) => {
      await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
    },
    commit: async () => {
      await handle.close();
      // Refuses an output that became a link, FIFO or directory while the records were written.
      await renameOver(temp, output, 'output');
    },
    abort: async () => {
      await handle.close().catch(() => {});
      await discardTemporary(temp).catch(() => {});
    },
  };
}

/**
 * Generates `count` records from `schema` into `output`, spread over `threads` workers.
 * Resolves with the run's summary (including seed, reference date and faker version to replay
 * it); rejects with a `SynthError`, leaving no partial output file, or with a `RunError` (code
 * `VEIL_OUTPUT_NOT_FILE`) when the output path is a link, FIFO or directory.
 */
export async function writeSyntheticData(
  schema: SynthSchemaInput | SynthSchema,
  options: WriteSyntheticOptions,
): Promise<SynthWriteSummary> {
  const parsed = toSchema(schema);
  const { count } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new SynthError('count must be a non-negative safe integer');
  const threads = options.threads ?? 2;
  if (!Number.isInteger(threads) || threads < 0 || threads > 64) throw new SynthError('threads must be 0 to 64');
  const batchRecords = options.batchRecords ?? 4096;
  const format = options.format ?? 'ndjson';
  const seed = resolveSeed(parsed, options.seed);

  // The main thread's own generator: admits unique fields and generates when threads = 0.
  const generator = new RecordGenerator(parsed, seed);
  const serializer = recordSerializer(parsed, format);
  const guard = new UniqueGuard(generator, count);
  const schemaJson = JSON.stringify(parsed);
  const task = (start: number): SynthBatchTask => ({
    schemaJson,
    seed,
    format,
    start,
    end: Math.min(count, start + batchRecords),
  });

  let pool: Piscina | undefined;
  if (threads > 0 && count > 0) {
    const filename = synthWorkerFile();
    if (!existsSync(filename)) throw new SynthError(`synth worker not built (${filename}); run npm run build`);
    pool = new Piscina({ ...esmWorkerOptions(filename), minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  }
  // Buffers whose batch has been written, handed back to a worker for a later batch.
  const spare: ArrayBuffer[] = [];
  const run = async (start: number): Promise<SynthBatchResult> => {
    if (pool === undefined) return generateBatch(generator, serializer, start, Math.min(count, start + batchRecords));
    const reuse = spare.pop();
    const job = task(start);
    const result = (await (reuse === undefined
      ? pool.run(job)
      : pool.run({ ...job, reuse }, { transferList: [reuse] }))) as Uint8Array | SynthBatchResult;
    return result instanceof Uint8Array ? { kind: 'bytes', start, bytes: result } : result;
  };

  const started = performance.now();
  const sink = await fileSink(options.output);
  let bytes = 0;
  const write = async (chunk: string | Uint8Array): Promise<void> => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    await sink.write(chunk);
  };

  try {
    await write(serializer.head);
    // A window of batches in flight: enough to keep every worker busy, bounded for memory.
    const window = Math.max(2, threads * 4);
    const inFlight: Promise<SynthBatchResult>[] = [];
    let next = 0;
    const fill = (): void => {
      while (inFlight.length < window && next < count) {
        const promise = run(next);
        // Results are awaited in order below; mark early rejections as handled meanwhile.
        promise.catch(() => {});
        inFlight.push(promise);
        next += batchRecords;
      }
    };

    fill();
    let written = 0;
    while (inFlight.length > 0) {
      const result = await inFlight.shift()!;
      fill();
      if (written > 0) await write(serializer.separator);
      if (result.kind === 'bytes') {
        await write(result.bytes);
        // Written (the sink has copied or flushed it): the memory can carry another batch.
        if (pool !== undefined && sink.releases && result.bytes.byteOffset === 0 && spare.length < window) {
          spare.push(result.bytes.buffer as ArrayBuffer);
        }
        written = Math.min(count, result.start + batchRecords);
      } else {
        const lines = result.lines;
        if (guard.active) {
          for (let j = 0; j < lines.length; j++) {
            const replacement = guard.admit(result.start + j, result.uniques[j]!);
            if (replacement !== null) lines[j] = serializer.line(replacement);
          }
        }
        await write(lines.join(serializer.separator));
        written = result.start + lines.length;
      }
      options.onProgress?.(written);
    }
    await write(count > 0 ? serializer.tail : format === 'json' ? ']\n' : '');
    await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error instanceof VeilError ? error : new SynthError(`synthetic data generation failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await pool?.destroy();
  }

  return {
    records: count,
    bytes,
    seconds: (performance.now() - started) / 1000,
    threads,
    redraws: guard.redraws,
    info: generator.info,
  };
}
