/**
 * Running a pipeline over an input: the passes, the ordered hand-off from the executor to the
 * sink, and the summary.
 *
 *   reader (main thread) --batches of raw bytes--> executor (N worker threads, or inline)
 *        --results, completed in any order--> FIFO of promises awaited in input order --> sink
 *
 * At most `inFlight` batches are read ahead of the sink, so memory is bounded by
 * `inFlight x batch size` whatever the input size. The FIFO is the reorder buffer: results that
 * finish early wait in their promise until every earlier batch has been written.
 *
 * Barrier stages need the whole dataset: for each barrier without a plan, a collect pass runs the
 * stages before it and feeds a collector on the main thread; the final pass applies every plan.
 */
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { lstat, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { PipelineError } from '../errors/pipeline-error.js';
import { HEADER_INDEX, RecordError } from '../errors/record-error.js';
import { RunError } from '../errors/run-error.js';
import { VeilError } from '../errors/veil-error.js';
import { parseCsvRecord } from '../io/csv.js';
import type { NdjsonLineEnds } from '../io/framer.js';
import { openInputChunks, readBatches, type ByteSource, type InputItem } from '../io/reader.js';
import { checkRunPaths } from '../io/path-conflicts.js';
import { checkOutputDirectory, openOutputSink, type OutputSink } from '../io/sink.js';
import { activeTempPaths } from '../io/temp-paths.js';
import type { BatchResult, BatchSettings, BatchTask, RejectEntry } from './batch.js';
import { buildChain, stageEnvironment, type ChainStage } from './chain.js';
import { InlineExecutor, PoolExecutor, type BatchExecutor } from './pool.js';
import { MAX_THREADS, type RecordFormat, type ResolvedPipeline } from './spec.js';
import type { BarrierCollector, BarrierStageDefinition, JsonRecord, JsonValue } from './stage.js';
import type { WorkerSetup } from './worker-setup.js';
import { defaultStorePath } from '../store/environment.js';

/** Options of `pipeline(spec).run(...)`. */
export interface RunOptions {
  /** A file path, `'-'` for stdin, or a readable byte stream. */
  readonly input: string | Readable;
  /** A file path (written atomically), `'-'` for stdout, or a writable stream (not ended). */
  readonly output: string | Writable;
  /** Output format; default the pipeline's `output.format`. */
  readonly format?: RecordFormat;
  /** Worker threads; 0 runs inline. Default the pipeline's `threads`. */
  readonly threads?: number;
  readonly onError?: 'reject' | 'fail';
  /** Reject file; default the pipeline's `reject_file`, else `<output>.rejects.ndjson`. */
  readonly rejectFile?: string;
  /**
   * Process only the bytes `[start, end)` of the input file; both must fall on record boundaries
   * (see `findRecordBoundaries`). A CSV header is still read from the start of the file.
   * `firstIndex`/`firstLine` give the range's position for record indices and messages.
   */
  readonly inputRange?: {
    readonly start: number;
    readonly end: number;
    readonly firstIndex?: number;
    readonly firstLine?: number;
  };
  /** CSV output: write the header line (default the pipeline's `output.header`, true). */
  readonly writeHeader?: boolean;
  /**
   * JSON output: write only the elements, joined by `,\n`, without the enclosing brackets, so
   * that the outputs of consecutive ranges join into one array as
   * `'[\n' + nonEmptyParts.join(',\n') + '\n]\n'`.
   */
  readonly jsonElementsOnly?: boolean;
  /** Plans for barrier stages by stage index: skip their collect pass and apply these. */
  readonly barrierPlans?: Readonly<Record<number, JsonValue>>;
  /** LMDB environment path for stages that use stores (default `$VEIL_HOME/store`). */
  readonly storePath?: string;
  /** Secret reference aliases (see `createSecretResolver`). */
  readonly secretAliases?: Readonly<Record<string, string>>;
  /** Modules (URLs or package names) that register extra stages, imported by every worker. */
  readonly stageModules?: readonly string[];
  /** Called after each batch is written (the CLI draws its progress bar from it). */
  readonly onProgress?: (progress: RunProgress) => void;
  /** Stops the run: output is removed, the promise rejects. */
  readonly signal?: AbortSignal;
  /**
   * Lends the worker pool of each pass (see `PoolCache`), for long-lived callers that run the same
   * pipeline again and again: threads keep their built chain between runs. Default: a new pool
   * per pass, closed when the pass ends.
   */
  readonly pools?: PoolProvider;
}

/** Supplies pools to runs; `close()` on a lent executor gives it back. */
export interface PoolProvider {
  acquire(setup: WorkerSetup, threads: number): BatchExecutor;
}

export interface RunProgress {
  readonly bytesRead: number;
  /** Input size when known (a file or a range), else undefined. */
  readonly totalBytes: number | undefined;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly recordsRejected: number;
  readonly elapsedMs: number;
  /** Which pass: `1..passes`; barrier pipelines make more than one. */
  readonly pass: number;
  readonly passes: number;
}

/** Counters of one stage. */
export interface StageSummary {
  readonly index: number;
  readonly type: string;
  readonly counters: Record<string, number>;
}

/** What a run did. */
export interface RunSummary {
  readonly pipeline: string;
  readonly output: string;
  readonly format: RecordFormat;
  readonly threads: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly recordsRejected: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly elapsedMs: number;
  /** Input megabytes (10^6 bytes) per second over the whole run. */
  readonly mbPerSecond: number;
  readonly recordsPerSecond: number;
  /** Where rejects went, when any file was written. */
  readonly rejectFile: string | undefined;
  /** The first 100 rejects (without record content), for callers without a reject file. */
  readonly rejects: readonly RejectEntry[];
  readonly stages: readonly StageSummary[];
}

/** A pipeline ready to run: validated spec and where it came from. */
export interface RunnablePipeline {
  readonly resolved: ResolvedPipeline;
  readonly baseDir: string;
  /** The pipeline file, for messages; undefined for code-built pipelines. */
  readonly file: string | undefined;
}

const MAX_REJECT_SAMPLES = 100;

interface PassContext {
  readonly runnable: RunnablePipeline;
  readonly options: RunOptions;
  readonly input: string | Readable;
  readonly setup: WorkerSetup;
  readonly threads: number;
  readonly inputName: string;
  readonly totalBytes: number | undefined;
  readonly passNumber: number;
  readonly passes: number;
  readonly startedAt: number;
  /** A chain already built on the main thread (preflight); reused by inline runs. */
  readonly chain: ChainStage[];
  /** A pool started before the preflight, so that workers load while the main thread does. */
  readonly executor?: BatchExecutor;
}

interface PassTotals {
  bytesRead: number;
  recordsIn: number;
  recordsOut: number;
  recordsRejected: number;
  /** CSV input: the columns of its records (the header's, or the pipeline's `columns`). */
  inputColumns?: readonly string[] | undefined;
}

type Completed =
  | { kind: 'batch'; result: BatchResult; bytes: number }
  | { kind: 'reject'; entry: RejectEntry; bytes: number }
  | { kind: 'none' };

/** Consumes the results of a pass in input order. */
interface PassConsumer {
  /** CSV output columns when known up front or chosen by an earlier batch. */
  outputColumns: readonly string[] | undefined;
  needsColumns: boolean;
  batch(result: BatchResult): Promise<void>;
  reject(entry: RejectEntry): Promise<void>;
}

/** Runs a pipeline. See `RunOptions`. */
export async function runPipeline(
  runnable: RunnablePipeline,
  options: RunOptions,
): Promise<RunSummary> {
  const { resolved } = runnable;
  const startedAt = performance.now();
  const threads = options.threads ?? resolved.threads;
  if (!Number.isInteger(threads) || threads < 0 || threads > MAX_THREADS) {
    throw new PipelineError(`threads must be an integer from 0 to ${MAX_THREADS}`);
  }
  const plans: Record<number, JsonValue> = { ...options.barrierPlans };
  const barriers = resolved.stages
    .filter((s) => s.definition.kind === 'barrier')
    .map((s) => s.index);
  const missing = barriers.filter((index) => plans[index] === undefined);

  // Checked before any pass: a barrier's collect pass may take minutes before the output pass,
  // and the reject file is opened at the first reject, which may come at the end of the input.
  const rejectFile = rejectTargetOf(runnable, options);
  await checkRunPaths({
    input: typeof options.input === 'string' ? options.input : undefined,
    output: typeof options.output === 'string' ? options.output : undefined,
    rejectFile,
  });
  if (typeof options.output === 'string') await checkOutputDirectory(options.output);
  if (rejectFile !== undefined) await checkOutputDirectory(rejectFile, 'reject file');

  let spoolDir: string | undefined;
  let input = options.input;
  try {
    if (missing.length > 0 && typeof input !== 'string')
      input = await spool(input, (d) => (spoolDir = d));
    if (missing.length > 0 && input === '-')
      input = await spool(process.stdin, (d) => (spoolDir = d));
    // A FIFO (or /dev/stdin on a pipe) can be read once, like stdin: spooled for a re-read.
    if (missing.length > 0 && typeof input === 'string' && (await isStreamFile(input)))
      input = await spool(createReadStream(input), (d) => (spoolDir = d));

    const passes = missing.length + 1;
    const totalBytes = await inputSize(input, options);
    const base = {
      runnable,
      options,
      input,
      threads,
      // Named as the caller gave it: a spooled stdin is still `stdin` in messages, not the spool.
      inputName: inputNameOf(options.input),
      totalBytes,
      passes,
      startedAt,
    };

    for (const [i, barrier] of missing.entries()) {
      const collector = await createCollector(runnable, options, barrier);
      const setup = workerSetup(runnable, options, barrier, plans, 'collect');
      const { chain, executor } = await prepare(setup, runnable, threads, options.pools);
      await executePass(
        { ...base, setup, chain, executor, passNumber: i + 1 },
        collectConsumer(
          collector,
          options.onError ?? resolved.onError,
          stageLabel(runnable, barrier),
          base.inputName,
        ),
      );
      plans[barrier] = await collector.finish();
    }

    const setup = workerSetup(runnable, options, resolved.stages.length, plans, 'output');
    const { chain, executor } = await prepare(setup, runnable, threads, options.pools);
    const summary = await outputPass({ ...base, setup, chain, executor, passNumber: passes });

    for (const stage of resolved.stages) {
      const definition = stage.definition;
      if (definition.kind === 'barrier' && definition.afterRun !== undefined) {
        const env = stageEnvironment(resolved, stage.index, chainEnv(runnable, options));
        await definition.afterRun(stage.options, plans[stage.index], env);
      }
    }
    return summary;
  } finally {
    if (spoolDir !== undefined) {
      await rm(spoolDir, { recursive: true, force: true });
      activeTempPaths.delete(spoolDir);
    }
  }
}

/**
 * Runs pass 1 for the first barrier stage without a plan, over the input (or a range of it), and
 * returns its collector's partial summary, for distributed runs that merge partials elsewhere.
 */
export async function collectBarrierPartial(
  runnable: RunnablePipeline,
  options: Omit<RunOptions, 'output'>,
): Promise<{ stageIndex: number; partial: JsonValue }> {
  const plans: Record<number, JsonValue> = { ...options.barrierPlans };
  const barrier = runnable.resolved.stages.find(
    (s) => s.definition.kind === 'barrier' && plans[s.index] === undefined,
  );
  if (barrier === undefined)
    throw new PipelineError('the pipeline has no barrier stage left to collect');
  const full: RunOptions = { ...options, output: '-' };
  const collector = await createCollector(runnable, full, barrier.index);
  if (collector.exportPartial === undefined) {
    throw new PipelineError(
      `stage '${barrier.definition.name}' cannot export a partial collection`,
    );
  }
  const setup = workerSetup(runnable, full, barrier.index, plans, 'collect');
  const chain = await preflight(setup, runnable);
  const threads = options.threads ?? runnable.resolved.threads;
  await executePass(
    {
      runnable,
      options: full,
      input: options.input,
      setup,
      chain,
      threads,
      inputName: inputNameOf(options.input),
      totalBytes: await inputSize(options.input, full),
      passNumber: 1,
      passes: 1,
      startedAt: performance.now(),
    },
    collectConsumer(
      collector,
      options.onError ?? runnable.resolved.onError,
      stageLabel(runnable, barrier.index),
      inputNameOf(options.input),
    ),
  );
  return { stageIndex: barrier.index, partial: await collector.exportPartial() };
}

/** Merges partial collections (from `collectBarrierPartial`) into the stage's plan. */
export async function reduceBarrierPartials(
  runnable: RunnablePipeline,
  stageIndex: number,
  partials: readonly JsonValue[],
  options: Pick<RunOptions, 'storePath' | 'secretAliases'> = {},
): Promise<JsonValue> {
  const collector = await createCollector(runnable, options, stageIndex);
  if (collector.absorb === undefined) {
    throw new PipelineError(`stage #${stageIndex + 1} cannot merge partial collections`);
  }
  for (const partial of partials) await collector.absorb(partial);
  return collector.finish();
}

/** The input's name in messages: its path, `stdin`, or `input stream`. */
function inputNameOf(input: string | Readable): string {
  if (typeof input !== 'string') return 'input stream';
  return input === '-' ? 'stdin' : input;
}

function chainEnv(
  runnable: RunnablePipeline,
  options: Pick<RunOptions, 'storePath' | 'secretAliases'>,
) {
  return {
    baseDir: runnable.baseDir,
    storePath: options.storePath ?? defaultStorePath(),
    secretAliases: options.secretAliases ?? {},
  };
}

async function createCollector(
  runnable: RunnablePipeline,
  options: Pick<RunOptions, 'storePath' | 'secretAliases'>,
  index: number,
): Promise<BarrierCollector<JsonValue>> {
  const stage = runnable.resolved.stages[index];
  if (stage === undefined || stage.definition.kind !== 'barrier') {
    throw new PipelineError(`stage #${index + 1} is not a barrier stage`);
  }
  const definition = stage.definition as BarrierStageDefinition<unknown, JsonValue>;
  const env = stageEnvironment(runnable.resolved, index, chainEnv(runnable, options));
  return definition.createCollector(stage.options, env);
}

function workerSetup(
  runnable: RunnablePipeline,
  options: RunOptions,
  upto: number,
  plans: Readonly<Record<number, JsonValue>>,
  mode: 'output' | 'collect',
): WorkerSetup {
  const { resolved } = runnable;
  const onError = options.onError ?? resolved.onError;
  const settings: BatchSettings = {
    input: resolved.input,
    output: { ...resolved.output, format: options.format ?? resolved.output.format },
    stopAtFirstReject: onError === 'fail',
    includeRecord: resolved.rejectIncludeRecord,
    maxRecordBytes: resolved.maxLineBytes,
    mode,
  };
  return {
    spec: resolved.spec,
    ...chainEnv(runnable, options),
    upto,
    plans: { ...plans },
    settings,
    stageModules: options.stageModules ?? [],
  };
}

/**
 * Starts the worker pool, then builds the chain once on the main thread while the workers load,
 * so that a missing key or a bad option fails fast with its own error class (errors crossing a
 * thread lose their class).
 */
async function prepare(
  setup: WorkerSetup,
  runnable: RunnablePipeline,
  threads: number,
  pools: PoolProvider | undefined,
): Promise<{ chain: ChainStage[]; executor: BatchExecutor | undefined }> {
  const executor =
    threads > 0 ? (pools?.acquire(setup, threads) ?? new PoolExecutor(setup, threads)) : undefined;
  try {
    return { chain: await preflight(setup, runnable), executor };
  } catch (error) {
    await executor?.close();
    throw error;
  }
}

/** Builds the chain on the main thread (see `prepare`). */
async function preflight(setup: WorkerSetup, runnable: RunnablePipeline): Promise<ChainStage[]> {
  for (const module of setup.stageModules) await import(module);
  return buildChain(runnable.resolved, setup, setup.upto, setup.plans);
}

async function inputSize(input: string | Readable, options: Pick<RunOptions, 'inputRange'>) {
  if (options.inputRange !== undefined) return options.inputRange.end - options.inputRange.start;
  if (typeof input !== 'string' || input === '-') return undefined;
  let info;
  try {
    info = await stat(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new RunError(`cannot read the input ${input} (${code})`, { cause: error });
  }
  if (info.isDirectory()) throw new RunError(`cannot read the input ${input}: it is a directory`);
  // A FIFO or device has no size to measure progress against.
  return info.isFile() ? info.size : undefined;
}

/** Whether an input path is a FIFO, device or socket: read in order, once, like stdin. */
async function isStreamFile(input: string): Promise<boolean> {
  if (input === '-') return false;
  const info = await stat(input).catch(() => undefined);
  return info !== undefined && !info.isFile() && !info.isDirectory();
}

async function spool(stream: Readable, keep: (dir: string) => void): Promise<string> {
  // A barrier pipeline reads its input twice; a stream can be read once, so it goes to disk.
  // Created synchronously so that no signal can arrive between its creation and its tracking:
  // it holds raw input, which the CLI's signal handler must remove (BR-33).
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-spool-'));
  activeTempPaths.add(dir);
  keep(dir);
  const file = path.join(dir, 'input');
  await streamPipeline(stream, createWriteStream(file, { mode: 0o600 }));
  return file;
}

/**
 * Feeds pass 1's records to a barrier's collector. A record the collector refuses with a Veil
 * error (a k-anonymize record whose quasi-identifier is missing or malformed) ends the run under
 * `on_error: fail`, reported like a record a stage refused in the output pass (input, line,
 * offset, `stage 'name' (#n)`); under `reject` it is left out of the collection, and the final
 * pass, whose applier refuses the same record, writes its one reject entry (see
 * `BarrierCollector.observe`).
 *
 * Under `fail`, an unreadable record (bad JSON, bad CSV row, or a record an earlier stage
 * refused) also ends the run here, in input order: otherwise pass 1 would go on without it and
 * the barrier's plan could fail first, with a message that does not name the record.
 */
function collectConsumer(
  collector: BarrierCollector<JsonValue>,
  onError: 'reject' | 'fail',
  stage: string,
  inputName: string,
): PassConsumer {
  return {
    outputColumns: undefined,
    needsColumns: false,
    async batch(result) {
      const text = Buffer.from(
        result.out.buffer,
        result.out.byteOffset,
        result.out.byteLength,
      ).toString('utf8');
      const positions = result.positions ?? [];
      // The worker stops at a batch's first reject under `fail`: every record it wrote precedes it.
      const firstReject = onError === 'fail' ? result.rejects[0] : undefined;
      let start = 0;
      for (let r = 0; start < text.length; r++) {
        const end = text.indexOf('\n', start);
        const record = JSON.parse(text.slice(start, end)) as JsonRecord;
        const index = positions[r * 3] as number;
        const line = positions[r * 3 + 1] as number;
        try {
          collector.observe(record, { index, line });
        } catch (error) {
          if (!(error instanceof VeilError)) throw error;
          if (onError === 'fail') {
            const offset = positions[r * 3 + 2] as number;
            throw new RecordError({ index, line, offset }, `${stage}: ${error.message}`, inputName);
          }
        }
        start = end + 1;
      }
      if (firstReject !== undefined) {
        throw new RecordError(firstReject, firstReject.reason, inputName);
      }
    },
    async reject(entry) {
      // Under `reject`, rejects are reported once, by the output pass, which meets them again.
      if (onError === 'fail') throw new RecordError(entry, entry.reason, inputName);
    },
  };
}

/** `stage 'name' (#n)`, as the output pass names a stage in a record's error. */
function stageLabel(runnable: RunnablePipeline, index: number): string {
  const name = runnable.resolved.stages[index]?.definition.name ?? 'unknown';
  return `stage '${name}' (#${index + 1})`;
}

/**
 * The keys a record with `columns` has after every stage, when each stage can tell without a
 * record (see `StreamingStageDefinition.columnsAfter`); undefined otherwise.
 */
function columnsAfterStages(
  stages: ResolvedPipeline['stages'],
  columns: readonly string[] | undefined,
): readonly string[] | undefined {
  let current = columns;
  for (const stage of stages) {
    if (current === undefined) return undefined;
    current = stage.definition.columnsAfter?.(stage.options, current);
  }
  return current;
}

/** Where rejects go: the option, else the pipeline's `reject_file`, else beside the output. */
function rejectTargetOf(runnable: RunnablePipeline, options: RunOptions): string | undefined {
  const { resolved } = runnable;
  if ((options.onError ?? resolved.onError) !== 'reject') return undefined;
  if (options.rejectFile !== undefined) return options.rejectFile;
  if (resolved.rejectFile !== undefined) return path.resolve(runnable.baseDir, resolved.rejectFile);
  return typeof options.output === 'string' && options.output !== '-'
    ? `${options.output}.rejects.ndjson`
    : undefined;
}

/** The final pass: writes the output and the reject file, and builds the summary. */
async function outputPass(ctx: PassContext): Promise<RunSummary> {
  const { runnable, options } = ctx;
  const { resolved } = runnable;
  const settings = ctx.setup.settings;
  const format = settings.output.format;
  const onError = options.onError ?? resolved.onError;
  const elementsOnly = format === 'json' && options.jsonElementsOnly === true;
  const writeHeader = options.writeHeader ?? settings.output.header;

  const rejectTarget = rejectTargetOf(runnable, options);
  const sink = openOutputSink(options.output);
  let rejectSink: OutputSink | undefined;
  const counters = new Map<number, Map<string, number>>();
  const samples: RejectEntry[] = [];
  let wroteElement = false;
  let headerWritten = false;

  const writeCsvHeader = async (columns: readonly string[]): Promise<void> => {
    if (headerWritten || !writeHeader) return;
    headerWritten = true;
    const { formatCsvRow } = await import('../io/csv.js');
    await sink.write(formatCsvRow(columns, settings.output.delimiter, settings.output.quote));
  };

  const consumer: PassConsumer = {
    outputColumns: format === 'csv' ? settings.output.columns : undefined,
    needsColumns: format === 'csv' && settings.output.columns === undefined,
    async batch(result) {
      if (result.outputColumns !== undefined && consumer.outputColumns === undefined) {
        consumer.outputColumns = result.outputColumns;
      }
      for (const [index, name, amount] of result.counters) {
        const stage = counters.get(index) ?? new Map<string, number>();
        stage.set(name, (stage.get(name) ?? 0) + amount);
        counters.set(index, stage);
      }
      for (const entry of result.rejects) await consumer.reject(entry);
      if (result.out.length === 0) return;
      if (format === 'csv' && consumer.outputColumns !== undefined)
        await writeCsvHeader(consumer.outputColumns);
      if (format === 'json') {
        await sink.write(wroteElement ? ',\n' : elementsOnly ? '' : '[\n');
        wroteElement = true;
      }
      await sink.write(result.out);
    },
    async reject(entry) {
      if (onError === 'fail') {
        throw new RecordError(entry, entry.reason, ctx.inputName);
      }
      if (samples.length < MAX_REJECT_SAMPLES) {
        const { record: _record, ...withoutRecord } = entry;
        samples.push(withoutRecord);
      }
      if (rejectTarget !== undefined) {
        // 0600 like the queue's assembled reject file: with `reject_include_record` it holds
        // raw records, and a copy of the input must not be more readable than the input.
        rejectSink ??= openOutputSink(rejectTarget, 'reject file', { mode: 0o600 });
        await rejectSink.write(JSON.stringify(entry) + '\n');
      }
    },
  };

  try {
    if (format === 'csv' && settings.output.columns !== undefined)
      await writeCsvHeader(settings.output.columns);
    const totals = await executePass(ctx, consumer);
    // No record chose the columns (all rejected, or none): the header still goes out when the
    // stages tell what a record of the input's columns becomes.
    if (format === 'csv' && consumer.outputColumns === undefined) {
      const columns = columnsAfterStages(resolved.stages, totals.inputColumns);
      if (columns !== undefined && columns.length > 0) await writeCsvHeader(columns);
    }

    if (format === 'json' && !elementsOnly) await sink.write(wroteElement ? '\n]\n' : '[]\n');
    if (rejectSink !== undefined) await rejectSink.commit();
    else if (rejectTarget !== undefined) {
      // No rejects: a reject file left by an earlier run at this path would mislead. Only a
      // regular file is removed: a link or FIFO put there since the start is left alone.
      const left = await lstat(rejectTarget).catch(() => undefined);
      if (left?.isFile() === true) await rm(rejectTarget, { force: true });
    }
    await sink.commit();

    const elapsedMs = performance.now() - ctx.startedAt;
    const seconds = Math.max(elapsedMs / 1000, 1e-9);
    return {
      pipeline: resolved.name,
      output: typeof options.output === 'string' ? options.output : 'stream',
      format,
      threads: ctx.threads,
      recordsIn: totals.recordsIn,
      recordsOut: totals.recordsOut,
      recordsRejected: totals.recordsRejected,
      bytesIn: totals.bytesRead,
      bytesOut: sink.bytesWritten,
      elapsedMs,
      mbPerSecond: totals.bytesRead / 1e6 / seconds,
      recordsPerSecond: totals.recordsIn / seconds,
      rejectFile: rejectSink === undefined ? undefined : rejectTarget,
      rejects: samples,
      stages: resolved.stages.map((stage) => ({
        index: stage.index,
        type: stage.definition.name,
        counters: Object.fromEntries(counters.get(stage.index) ?? []),
      })),
    };
  } catch (error) {
    await sink.abort();
    await rejectSink?.abort();
    throw error;
  }
}

/** Reads the input, runs every batch through the executor and hands results over in order. */
async function executePass(ctx: PassContext, consumer: PassConsumer): Promise<PassTotals> {
  const { runnable, options } = ctx;
  const { resolved } = runnable;
  const range = options.inputRange;
  const totals: PassTotals = { bytesRead: 0, recordsIn: 0, recordsOut: 0, recordsRejected: 0 };

  // A range starts mid-file, where its own first lines may mislead: the file's start decides.
  const rangeOfFile = range !== undefined && typeof ctx.input === 'string' && ctx.input !== '-';
  const lineEnds =
    rangeOfFile && resolved.input.format === 'ndjson'
      ? await readNdjsonLineEnds(ctx.input as string, runnable)
      : undefined;
  const chunks = countBytes(openInputChunks({ input: ctx.input, range }), totals);
  const items = readBatches(chunks, {
    format: resolved.input.format,
    quote: resolved.input.quote,
    batchBytes: resolved.batchBytes,
    maxRecordBytes: resolved.maxLineBytes,
    header: resolved.input.format === 'csv' && resolved.input.header && range === undefined,
    fragment: range !== undefined && resolved.input.format === 'json',
    origin: {
      offset: range?.start ?? 0,
      line: range?.firstLine ?? 1,
      index: range?.firstIndex ?? 0,
    },
    source: ctx.inputName,
    jsonParser: resolved.input.parser,
    lineEnds,
  });

  const executor: BatchExecutor =
    ctx.executor ??
    (ctx.threads === 0
      ? await InlineExecutor.create(ctx.setup, ctx.chain)
      : (options.pools?.acquire(ctx.setup, ctx.threads) ??
        new PoolExecutor(ctx.setup, ctx.threads)));
  // Two batches per thread keep every thread busy while the main thread writes results.
  const inFlight = Math.max(2, ctx.threads * 2);
  const queue: Array<Promise<Completed>> = [];
  let seq = 0;

  const consumeOne = async (): Promise<void> => {
    const done = await (queue.shift() as Promise<Completed>);
    if (done.kind === 'batch') {
      totals.recordsIn += done.result.recordsIn;
      totals.recordsOut += done.result.recordsOut;
      totals.recordsRejected += done.result.rejects.length;
      await consumer.batch(done.result);
    } else if (done.kind === 'reject') {
      totals.recordsIn += 1;
      totals.recordsRejected += 1;
      await consumer.reject(done.entry);
    }
    options.onProgress?.({
      ...totals,
      totalBytes: ctx.totalBytes,
      elapsedMs: performance.now() - ctx.startedAt,
      pass: ctx.passNumber,
      passes: ctx.passes,
    });
  };

  try {
    let inputColumns: string[] | undefined = resolved.input.columns;
    if (range !== undefined && resolved.input.format === 'csv' && resolved.input.header) {
      if (typeof ctx.input !== 'string' || ctx.input === '-') {
        throw new PipelineError('inputRange needs a file input');
      }
      inputColumns = await readCsvHeader(ctx.input, runnable);
    }
    for await (const item of items) {
      if (options.signal?.aborted === true) throw new RunError('the run was cancelled');
      if (item.kind === 'header') {
        inputColumns = parseHeader(item, runnable, ctx.inputName);
        continue;
      }
      // CSV output without configured columns: the first output record chooses them, so
      // batches run one at a time until some batch has produced a record.
      while (consumer.needsColumns && consumer.outputColumns === undefined && queue.length > 0) {
        await consumeOne();
      }
      queue.push(dispatch(item, executor, seq++, inputColumns, consumer.outputColumns));
      while (queue.length >= inFlight) await consumeOne();
    }
    while (queue.length > 0) await consumeOne();
    if (resolved.input.format === 'csv') totals.inputColumns = inputColumns;
  } catch (error) {
    // Leave no promise unobserved, then let the caller clean up its outputs.
    for (const pending of queue) pending.catch(() => undefined);
    await items.return(undefined).catch(() => undefined);
    throw error;
  } finally {
    await executor.close();
  }
  return totals;
}

function dispatch(
  item: Exclude<InputItem, { kind: 'header' }>,
  executor: BatchExecutor,
  seq: number,
  inputColumns: readonly string[] | undefined,
  outputColumns: readonly string[] | undefined,
): Promise<Completed> {
  if (item.kind === 'reject') {
    const { kind: _kind, ...entry } = item;
    return Promise.resolve({ kind: 'reject', entry, bytes: 0 });
  }
  const task: BatchTask = {
    seq,
    bytes: item.bytes,
    byteOffset: item.byteOffset,
    firstIndex: item.firstIndex,
    firstLine: item.firstLine,
    spans: item.spans,
    locations: item.locations,
    lineEnds: item.lineEnds,
    inputColumns,
    outputColumns,
  };
  const bytes = item.bytes.length;
  const promise = executor
    .run(task)
    .then((result): Completed => ({ kind: 'batch', result, bytes }));
  // Observed now so that a failure is never "unhandled" while it waits for its turn.
  promise.catch(() => undefined);
  return promise;
}

function parseHeader(
  header: { bytes: Uint8Array; line: number },
  runnable: RunnablePipeline,
  inputName: string,
): string[] {
  const { input } = runnable.resolved;
  const text = Buffer.from(header.bytes)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const parsed = parseCsvRecord(text, input.delimiter, input.quote);
  const where = { line: header.line, offset: 0, index: HEADER_INDEX };
  if ('error' in parsed) throw new RecordError(where, parsed.error, inputName);
  const seen = new Set<string>();
  for (const [i, name] of parsed.fields.entries()) {
    if (name.length === 0) throw new RecordError(where, `column ${i + 1} has no name`, inputName);
    if (seen.has(name)) throw new RecordError(where, `column ${i + 1} repeats a name`, inputName);
    seen.add(name);
  }
  return parsed.fields;
}

/** Reads the header of a CSV file (for range runs, which start after it). */
async function readCsvHeader(file: string, runnable: RunnablePipeline): Promise<string[]> {
  const { resolved } = runnable;
  const items = readBatches(openInputChunks({ input: file, chunkBytes: 64 * 1024 }), {
    format: 'csv',
    quote: resolved.input.quote,
    batchBytes: 1,
    maxRecordBytes: resolved.maxLineBytes,
    header: true,
    fragment: false,
  });
  try {
    for await (const item of items) {
      if (item.kind === 'header') return parseHeader(item, runnable, file);
    }
  } finally {
    await items.return(undefined);
  }
  throw new RecordError({ line: 1, offset: 0, index: HEADER_INDEX }, 'the file is empty', file);
}

/** How an NDJSON file ends its lines, decided from its start as a whole-file run would. */
async function readNdjsonLineEnds(
  file: string,
  runnable: RunnablePipeline,
): Promise<NdjsonLineEnds> {
  const items = readBatches(openInputChunks({ input: file, chunkBytes: 64 * 1024 }), {
    format: 'ndjson',
    quote: runnable.resolved.input.quote,
    batchBytes: 1,
    maxRecordBytes: runnable.resolved.maxLineBytes,
    header: false,
    fragment: false,
  });
  try {
    for await (const item of items) {
      if (item.kind === 'batch') return item.lineEnds ?? 'lf';
    }
  } finally {
    await items.return(undefined);
  }
  return 'lf';
}

function countBytes(source: ByteSource, totals: PassTotals): ByteSource {
  return {
    chunkBytes: source.chunkBytes,
    async readInto(target, offset, max) {
      const read = await source.readInto(target, offset, max);
      totals.bytesRead += read;
      return read;
    },
    close: () => source.close(),
  };
}
