/**
 * Queue commands: `veil worker`, `veil submit`, `veil jobs list|show|cancel|retry`.
 *
 * Exit codes follow the rest of the CLI: 0 success, 1 a failed run, 2 bad usage (including no
 * Redis configured or a bad pipeline file).
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import type { RedisOptions } from 'bullmq';
import { loadPipelineFile } from '../../engine/loader.js';
import { parseByteSize } from '../../engine/spec.js';
import { resolveRedisSettings, type RedisSettings } from '../../queue/connection.js';
import { cancelRun, listRuns, retryRun, showRun } from '../../queue/jobs.js';
import { DEFAULT_PREFIX, parseQueueKinds } from '../../queue/names.js';
import { waitForRun, type RunProgress } from '../../queue/progress.js';
import { DEFAULT_CHUNK_BYTES, submitPipelineRun } from '../../queue/submit.js';
import { openQueue, startQueueWorker } from '../../queue/worker.js';
import { defaultKeyAliases, pipelineReferenceText } from '../default-key.js';
import {
  cliAction,
  EXIT_USAGE,
  exitCodeFor,
  printError,
  printLine,
  printStatus,
  UsageError,
} from '../output.js';
import { createProgressView } from '../progress.js';

interface ConnectionFlags {
  redis?: string;
  redisCa?: string;
  prefix: string;
}

function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--redis <url>',
      'Redis URL (redis:// or rediss:// for TLS; password in the URL); default $REDIS_URL',
    )
    .option(
      '--redis-ca <file>',
      'PEM file of CA certificates to trust for rediss:// (default $VEIL_REDIS_CA)',
    )
    .option(
      '--prefix <name>',
      'BullMQ key prefix shared by the workers of one deployment',
      DEFAULT_PREFIX,
    );
}

/** Client commands give up on an unreachable server instead of retrying forever. */
function clientConnection(settings: RedisSettings): RedisOptions {
  return {
    ...settings.options,
    retryStrategy: (times: number) => (times > 5 ? null : Math.min(times * 200, 1000)),
  };
}

function settingsFrom(flags: ConnectionFlags): RedisSettings {
  return resolveRedisSettings({ flag: flags.redis, caFile: flags.redisCa });
}

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
    }
    return value;
  };
}

/**
 * The engine's progress bar, fed from a queued run: one bar per phase (pass), filled by the input
 * bytes finished in that phase, so a queued run looks like a local one.
 */
function showProgress(view: ReturnType<typeof createProgressView>, p: RunProgress): void {
  view.update({
    bytesRead: p.phaseBytesDone,
    totalBytes: p.data.inputSize,
    recordsIn: p.recordsOut,
    recordsOut: p.recordsOut,
    recordsRejected: 0,
    elapsedMs: p.elapsedMs,
    pass: Math.min(p.data.phase + 1, p.phases),
    passes: p.phases,
  });
}

function formatProgress(p: RunProgress): string {
  const pct = p.bytesTotal === 0 ? 100 : Math.floor((100 * p.bytesDone) / p.bytesTotal);
  return (
    `${p.runId}  ${p.state.padEnd(16)} ${String(pct).padStart(3)}%  ` +
    `chunks ${p.chunksDone}/${p.chunksTotal}  records ${p.recordsOut}  ` +
    `${p.mbPerSecond.toFixed(1)} MB/s  ${p.data.input} -> ${p.data.output}`
  );
}

function registerWorker(program: Command): void {
  addConnectionOptions(
    program
      .command('worker')
      .description('serve queued pipeline chunks and data-subject requests from Redis'),
  )
    .option(
      '--queues <list>',
      'queues to serve: pipelines, dsar (comma-separated)',
      'pipelines,dsar',
    )
    .option(
      '--concurrency <n>',
      'jobs processed at once per queue',
      integer('concurrency', 1, 64),
      1,
    )
    .option(
      '--threads <n>',
      "worker threads per pipeline chunk (default: the pipeline's setting)",
      integer('threads', 0, 256),
    )
    .option(
      '--lock-duration <ms>',
      "job lock lifetime; a dead worker's job is retried after this",
      integer('lock-duration', 1000),
      30_000,
    )
    .option(
      '--stalled-interval <ms>',
      'how often to look for jobs of dead workers',
      integer('stalled-interval', 500),
      30_000,
    )
    .option(
      '--max-stalled <n>',
      'times a job may stall before it fails',
      integer('max-stalled', 0, 100),
      2,
    )
    .option(
      '--grace-period <ms>',
      'on SIGTERM, how long current jobs may finish before they are handed back',
      integer('grace-period', 0),
      60_000,
    )
    .option('--isolate', 'run each job in a child process (a crash takes down only that job)')
    .option('--name <name>', 'worker name recorded on the jobs it processes')
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(
      async (
        flags: ConnectionFlags & {
          queues: string;
          concurrency: number;
          threads?: number;
          lockDuration: number;
          stalledInterval: number;
          maxStalled: number;
          gracePeriod: number;
          isolate?: boolean;
          name?: string;
          logLevel: string;
        },
      ) => {
        const logger = pino({
          name: 'veil-worker',
          level: flags.logLevel,
          // Nothing secret is logged on purpose; this catches a connection object by mistake.
          redact: {
            paths: ['password', '*.password', 'connection.password', 'redis.password'],
            censor: '***',
          },
        });
        let handle;
        try {
          const settings = settingsFrom(flags);
          const queues = parseQueueKinds(flags.queues);
          logger.info({ redis: settings.display, queues }, 'connecting');
          handle = await startQueueWorker({
            connection: settings.options,
            prefix: flags.prefix,
            queues,
            concurrency: flags.concurrency,
            ...(flags.threads === undefined ? {} : { threads: flags.threads }),
            lockDuration: flags.lockDuration,
            stalledInterval: flags.stalledInterval,
            maxStalledCount: flags.maxStalled,
            gracePeriod: flags.gracePeriod,
            isolate: flags.isolate === true,
            ...(flags.name === undefined ? {} : { name: flags.name }),
            logger,
          });
        } catch (error) {
          printError(error);
          process.exitCode = error instanceof RangeError ? EXIT_USAGE : exitCodeFor(error);
          return;
        }

        const running = handle;
        await new Promise<void>((resolve) => {
          let signals = 0;
          const stop = (signal: NodeJS.Signals): void => {
            signals++;
            if (signals > 1) {
              logger.warn(
                { signal },
                'second signal: exiting now; running jobs return to the queue when their locks expire',
              );
              process.exit(1);
            }
            logger.info({ signal }, 'shutting down: finishing current jobs');
            running.close().then(resolve, (error: unknown) => {
              logger.error({ reason: (error as Error).message }, 'shutdown error');
              resolve();
            });
          };
          process.on('SIGTERM', stop);
          process.on('SIGINT', stop);
        });
        process.exit(0);
      },
    );
}

function registerSubmit(program: Command): void {
  addConnectionOptions(
    program
      .command('submit')
      .description(
        'queue a pipeline run: the input is cut into chunks that any `veil worker` can process',
      )
      .argument(
        '<pipeline>',
        'pipeline file (.yaml, .yml, .ts) on storage every worker reads at the same path',
      ),
  )
    .requiredOption('-i, --input <path>', 'input file (on shared storage)')
    .requiredOption(
      '-o, --output <path>',
      'output file (on shared storage); written when every chunk is done',
    )
    .option(
      '--chunk-size <size>',
      'target input bytes per chunk, e.g. 16MiB',
      String(DEFAULT_CHUNK_BYTES),
    )
    .option(
      '--work-dir <dir>',
      'shared directory for chunk files (default: .veil-work beside the output)',
    )
    .option('--threads <n>', 'worker threads per chunk on each worker', integer('threads', 0, 256))
    .option(
      '--attempts <n>',
      'attempts per chunk before the run fails',
      integer('attempts', 1, 100),
      3,
    )
    .option(
      '--backoff <ms>',
      'first retry delay, doubled on each further attempt',
      integer('backoff', 0),
      1000,
    )
    .option('--wait', 'wait for the run to finish, with live progress on stderr')
    .action(
      cliAction(
        async (
          pipelineFile: string,
          flags: ConnectionFlags & {
            input: string;
            output: string;
            chunkSize: string;
            workDir?: string;
            threads?: number;
            attempts: number;
            backoff: number;
            wait?: boolean;
          },
        ) => {
          let chunkBytes: number;
          try {
            chunkBytes = parseByteSize(flags.chunkSize);
          } catch {
            throw new UsageError('--chunk-size must be a size such as 16MiB or 1048576');
          }
          const settings = settingsFrom(flags);
          const connection = clientConnection(settings);
          // The same stand-in for an unset default key as a local `veil run`, so both agree.
          const loaded = await loadPipelineFile(pipelineFile);
          const secretAliases = defaultKeyAliases(pipelineReferenceText(loaded), printStatus);
          const submitted = await submitPipelineRun({
            connection,
            prefix: flags.prefix,
            pipeline: pipelineFile,
            input: flags.input,
            output: flags.output,
            chunkBytes,
            secretAliases,
            ...(flags.workDir === undefined ? {} : { workDir: flags.workDir }),
            ...(flags.threads === undefined ? {} : { threads: flags.threads }),
            attempts: flags.attempts,
            backoffMs: flags.backoff,
          });
          printLine(submitted.runId);
          const counts = `${submitted.chunks} chunks, ${submitted.phases} phase(s)`;
          printStatus(
            submitted.duplicate
              ? `veil: run ${submitted.runId} was already submitted; not queued again`
              : submitted.requeued
                ? `veil: run ${submitted.runId} completed earlier but its output ` +
                  `${path.resolve(flags.output)} is gone; queued again: ${counts}`
                : `veil: queued run ${submitted.runId}: ${counts}`,
          );
          if (flags.wait !== true) return;

          const queue = openQueue('pipelines', connection, flags.prefix);
          const view = createProgressView();
          try {
            const result = await waitForRun(queue, submitted.runId, {
              onProgress: (p) => showProgress(view, p),
            });
            view.stop();
            const seconds = result.ms / 1000;
            printStatus(
              `veil: ${result.recordsIn} records in, ${result.recordsOut} out, ${result.rejected} rejected; ` +
                `${result.chunks} chunks in ${seconds.toFixed(1)} s ` +
                `(${(result.bytes / 1e6 / Math.max(seconds, 0.001)).toFixed(1)} MB/s); output ${result.output}`,
            );
          } finally {
            view.stop();
            await queue.close();
          }
        },
      ),
    );
}

function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('inspect and manage queued pipeline runs');

  addConnectionOptions(jobs.command('list').description('list runs, newest first'))
    .option('--limit <n>', 'at most this many runs', integer('limit', 1, 10_000), 50)
    .option('--json', 'one JSON object per line')
    .action(
      cliAction(async (flags: ConnectionFlags & { limit: number; json?: boolean }) => {
        const connection = clientConnection(settingsFrom(flags));
        const queue = openQueue('pipelines', connection, flags.prefix);
        try {
          for (const run of await listRuns(queue, flags.limit)) {
            printLine(flags.json === true ? JSON.stringify(run) : formatProgress(run));
          }
        } finally {
          await queue.close();
        }
      }),
    );

  addConnectionOptions(jobs.command('show').description('show one run').argument('<run-id>'))
    .option('--json', 'as JSON')
    .action(
      cliAction(async (runId: string, flags: ConnectionFlags & { json?: boolean }) => {
        const connection = clientConnection(settingsFrom(flags));
        const queue = openQueue('pipelines', connection, flags.prefix);
        try {
          const run = await showRun(queue, runId);
          if (flags.json === true) {
            process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
            return;
          }
          process.stdout.write(`${formatProgress(run)}\n`);
          process.stdout.write(
            `  pipeline  ${run.data.pipeline}\n  work dir  ${run.data.workDir}\n`,
          );
          process.stdout.write(
            `  phase     ${Math.min(run.data.phase + 1, run.phases)}/${run.phases}\n`,
          );
          if (run.failedReason !== undefined)
            process.stdout.write(`  failed    ${run.failedReason}\n`);
          for (const chunk of run.failedChunks)
            process.stdout.write(`  chunk     ${chunk.job}: ${chunk.reason}\n`);
        } finally {
          await queue.close();
        }
      }),
    );

  addConnectionOptions(
    jobs
      .command('cancel')
      .description('cancel a run (running chunks stop within a second)')
      .argument('<run-id>'),
  ).action(
    cliAction(async (runId: string, flags: ConnectionFlags) => {
      const connection = clientConnection(settingsFrom(flags));
      const queue = openQueue('pipelines', connection, flags.prefix);
      try {
        const outcome = await cancelRun(queue, connection, flags.prefix, runId);
        process.stderr.write(
          outcome.removed
            ? `veil: run ${runId} cancelled and removed\n`
            : `veil: run ${runId} cancelled; ${outcome.stillActive} running chunk(s) will stop shortly\n`,
        );
      } finally {
        await queue.close();
      }
    }),
  );

  addConnectionOptions(
    jobs
      .command('retry')
      .description('retry a failed run (finished chunks are kept)')
      .argument('<run-id>'),
  ).action(
    cliAction(async (runId: string, flags: ConnectionFlags) => {
      const connection = clientConnection(settingsFrom(flags));
      const queue = openQueue('pipelines', connection, flags.prefix);
      try {
        await retryRun(queue, connection, flags.prefix, runId);
        process.stderr.write(`veil: run ${runId} queued again\n`);
      } finally {
        await queue.close();
      }
    }),
  );
}

/** Registers `worker`, `submit` and `jobs`. */
export function register(program: Command): void {
  registerWorker(program);
  registerSubmit(program);
  registerJobs(program);
}
