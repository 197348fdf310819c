/**
 * Where the queue meets the engine: chunk planning, a chunk's run over its byte range, a barrier's
 * map (per-chunk partial) and reduce (absorb in chunk order), and the assembly of chunk outputs
 * into the exact bytes a local `veil run` writes.
 *
 * Byte identity with a local run rests on three engine guarantees: records keep their input
 * order, a range run given its first record index and line numbers every record as the whole run
 * would, and each format's framing is known (NDJSON lines; CSV rows after one header; JSON
 * elements joined by `,\n` inside `[\n` ... `\n]\n`, or `[]\n` when empty).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedPipeline } from '../engine/loader.js';
import { stageEnvironment } from '../engine/chain.js';
import {
  collectBarrierPartial,
  reduceBarrierPartials,
  runPipeline,
  type PoolProvider,
  type RunnablePipeline,
  type RunProgress as EngineProgress,
} from '../engine/run.js';
import type { JsonValue } from '../engine/stage.js';
import { CsvFramer } from '../io/framer.js';
import { checkReplaceable } from '../io/path-conflicts.js';
import { QueueError } from '../errors/queue-error.js';
import { defaultStorePath } from '../store/environment.js';
import type { ChunkJobData, RunJobData } from './job-data.js';
import type { ChunkProgress, ChunkResult } from './progress.js';
import { findChunkRanges, type ChunkRange } from './chunk-boundaries.js';
import { temporaryName } from './shared-storage.js';

/** Records counted by one chunk run. */
export interface ChunkCounts {
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejected: number;
  /** CSV output whose columns the first record chooses: the length of the chunk's header line. */
  readonly csvHeaderBytes?: number;
}

function runnableOf(loaded: LoadedPipeline): RunnablePipeline {
  return { resolved: loaded.resolved, baseDir: loaded.baseDir, file: loaded.file };
}

/** Stage indices of the barrier stages, in pipeline order (barrier n is phase n's map pass). */
export function barrierStageIndices(loaded: LoadedPipeline): number[] {
  return loaded.resolved.stages.filter((s) => s.definition.kind === 'barrier').map((s) => s.index);
}

function plansByStage(
  loaded: LoadedPipeline,
  plans: readonly JsonValue[],
): Record<number, JsonValue> {
  const indices = barrierStageIndices(loaded);
  const out: Record<number, JsonValue> = {};
  plans.forEach((plan, barrier) => {
    out[indices[barrier] as number] = plan;
  });
  return out;
}

/** Cuts the input into chunks of about `chunkBytes`, on record boundaries. */
export function planChunks(
  loaded: LoadedPipeline,
  input: string,
  chunkBytes: number,
): Promise<ChunkRange[]> {
  return findChunkRanges(loaded, input, chunkBytes);
}

/** What a chunk run needs. */
export interface ChunkRunOptions {
  readonly loaded: LoadedPipeline;
  readonly data: ChunkJobData;
  /** Plans of the barriers before this phase, in barrier order. */
  readonly plans: readonly JsonValue[];
  readonly threads?: number;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ChunkProgress) => void;
  /** Secret reference aliases, as a local run of the same pipeline would use. */
  readonly secretAliases: Readonly<Record<string, string>>;
  /** Lends the worker pool (kept between chunks); default a new pool per chunk. */
  readonly pools?: PoolProvider | undefined;
}

function rangeOptions(data: ChunkJobData, onProgress: (p: ChunkProgress) => void) {
  return {
    input: data.input,
    inputRange: {
      start: data.start,
      end: data.end,
      firstIndex: data.firstIndex,
      firstLine: data.firstLine,
    },
    onProgress: (p: EngineProgress) =>
      onProgress({ phase: data.phase, bytesRead: p.bytesRead, records: p.recordsIn }),
  };
}

/** A chunk's reject file in the work directory (rejects are merged in order at assembly). */
export function chunkRejectPath(data: Pick<ChunkJobData, 'workDir' | 'phase' | 'index'>): string {
  return path.join(data.workDir, `p${data.phase}-c${data.index}.rejects.ndjson`);
}

function csvColumnsChosenByData(loaded: LoadedPipeline): boolean {
  const { output } = loaded.resolved;
  return output.format === 'csv' && output.columns === undefined;
}

/** Length of the first CSV record (the header) at the start of a file. */
async function csvHeaderLength(file: string, quote: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const framer = new CsvFramer(quote);
    let buffer = Buffer.alloc(0);
    for (let offset = 0; ;) {
      const chunk = Buffer.alloc(1 << 16);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      offset += bytesRead;
      buffer = Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      if (bytesRead === 0) framer.finish(buffer, buffer.length);
      else framer.scan(buffer, buffer.length);
      if (framer.firstBoundary >= 0) return framer.firstBoundary;
      if (bytesRead === 0) return buffer.length;
    }
  } finally {
    await handle.close();
  }
}

/** The final pass over one chunk: every stage, every plan, output to `output`. */
export async function runApplyChunk(
  options: ChunkRunOptions & { output: string },
): Promise<ChunkCounts> {
  const { loaded, data } = options;
  const { resolved } = loaded;
  const format = resolved.output.format;
  const chosenColumns = csvColumnsChosenByData(loaded);
  // CSV columns chosen by the data: every chunk writes its header so assembly can check that
  // all chunks chose the same columns; assembly keeps one header (or none, as configured).
  const writeHeader =
    format === 'csv' ? chosenColumns || (data.index === 0 && resolved.output.header) : undefined;

  const summary = await runPipeline(runnableOf(loaded), {
    ...rangeOptions(data, options.onProgress),
    output: options.output,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(writeHeader === undefined ? {} : { writeHeader }),
    jsonElementsOnly: format === 'json',
    barrierPlans: plansByStage(loaded, options.plans),
    ...(resolved.onError === 'reject' ? { rejectFile: chunkRejectPath(data) } : {}),
    secretAliases: options.secretAliases,
    storePath: defaultStorePath(),
    signal: options.signal,
    ...(options.pools === undefined ? {} : { pools: options.pools }),
  });

  const counts = {
    recordsIn: summary.recordsIn,
    recordsOut: summary.recordsOut,
    rejected: summary.recordsRejected,
  };
  if (chosenColumns && summary.recordsOut > 0) {
    return {
      ...counts,
      csvHeaderBytes: await csvHeaderLength(options.output, resolved.output.quote),
    };
  }
  return counts;
}

/** A barrier's map pass over one chunk: the stages before it, then its collector's partial. */
export async function collectChunkPartial(
  options: ChunkRunOptions,
): Promise<{ partial: JsonValue; counts: ChunkCounts }> {
  const { loaded, data } = options;
  let records = 0;
  const { partial } = await collectBarrierPartial(runnableOf(loaded), {
    ...rangeOptions(data, (p) => {
      records = p.records;
      options.onProgress(p);
    }),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    barrierPlans: plansByStage(loaded, options.plans),
    secretAliases: options.secretAliases,
    storePath: defaultStorePath(),
    signal: options.signal,
    ...(options.pools === undefined ? {} : { pools: options.pools }),
  });
  return { partial, counts: { recordsIn: records, recordsOut: 0, rejected: 0 } };
}

/** Reduces barrier `barrier`'s partials (absorbed in chunk order, so the plan is deterministic). */
export async function reduceBarrier(
  loaded: LoadedPipeline,
  barrier: number,
  partials: readonly JsonValue[],
  secretAliases: Readonly<Record<string, string>>,
): Promise<JsonValue> {
  const stageIndex = barrierStageIndices(loaded)[barrier];
  if (stageIndex === undefined)
    throw new QueueError(`pipeline has no barrier number ${barrier + 1}`);
  return reduceBarrierPartials(runnableOf(loaded), stageIndex, partials, {
    secretAliases,
    storePath: defaultStorePath(),
  });
}

type Writer = (bytes: string | Buffer) => Promise<void>;

async function readPrefix(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file through a temporary name beside it: `fill` streams the content, then the file is
 * flushed to disk and renamed into place. On any failure the temporary file is removed.
 */
async function writeAtomically(
  target: string,
  role: 'output' | 'reject file',
  mode: number,
  fill: (write: Writer) => Promise<void>,
): Promise<void> {
  const temp = temporaryName(target);
  const out = createWriteStream(temp, { mode, flags: 'wx' });
  const write = (bytes: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) =>
      out.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
  try {
    await fill(write);
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Like a local run's sink: never rename over a link, FIFO or device (see checkReplaceable).
    await checkReplaceable(target, role);
    await rename(temp, target);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** Copies `file` from byte `start` through `write`, one read buffer at a time (backpressure). */
async function appendFile(write: Writer, file: string, start: number): Promise<void> {
  if ((await stat(file)).size <= start) return;
  for await (const chunk of createReadStream(file, { start, highWaterMark: 1 << 20 })) {
    await write(chunk as Buffer);
  }
}

/**
 * Joins the chunk outputs in order into the run's output (temporary file, flushed, renamed), then
 * the chunk reject files into the reject file, and runs the barrier stages' `afterRun` hooks.
 */
export async function assembleRun(
  loaded: LoadedPipeline,
  data: RunJobData,
  parts: readonly string[],
  summaries: readonly ChunkResult[],
  plans: readonly JsonValue[],
  secretAliases: Readonly<Record<string, string>>,
): Promise<void> {
  const { resolved } = loaded;
  const format = resolved.output.format;
  await writeAtomically(data.output, 'output', 0o644, async (write) => {
    if (format === 'json') {
      let first = true;
      for (const part of parts) {
        if ((await stat(part)).size === 0) continue;
        await write(first ? '[\n' : ',\n');
        first = false;
        await appendFile(write, part, 0);
      }
      await write(first ? '[]\n' : '\n]\n');
    } else if (format === 'csv' && csvColumnsChosenByData(loaded)) {
      let header: Buffer | undefined;
      for (const [index, part] of parts.entries()) {
        const headerBytes = summaries[index]?.csvHeaderBytes;
        if (headerBytes === undefined) continue;
        const own = await readPrefix(part, headerBytes);
        if (header === undefined) {
          header = own;
          if (resolved.output.header) await write(header);
        } else if (!header.equals(own)) {
          throw new QueueError(
            `run ${data.runId}: chunk ${index + 1}/${parts.length} chose other CSV columns than the first ` +
              `chunk (its first record has other fields); set output.columns in the pipeline`,
          );
        }
        await appendFile(write, part, headerBytes);
      }
    } else {
      for (const part of parts) await appendFile(write, part, 0);
    }
  });

  if (resolved.onError === 'reject') {
    const target =
      resolved.rejectFile !== undefined
        ? path.resolve(loaded.baseDir, resolved.rejectFile)
        : `${data.output}.rejects.ndjson`;
    await writeAtomically(target, 'reject file', 0o600, async (write) => {
      for (let index = 0; index < parts.length; index++) {
        const file = chunkRejectPath({ workDir: data.workDir, phase: data.barriers, index });
        if (
          await stat(file).then(
            () => true,
            () => false,
          )
        )
          await appendFile(write, file, 0);
      }
    });
  }

  const byStage = plansByStage(loaded, plans);
  for (const stage of resolved.stages) {
    const definition = stage.definition;
    if (definition.kind === 'barrier' && definition.afterRun !== undefined) {
      const env = stageEnvironment(resolved, stage.index, {
        baseDir: loaded.baseDir,
        storePath: defaultStorePath(),
        secretAliases,
      });
      await definition.afterRun(stage.options, byStage[stage.index], env);
    }
  }
}
