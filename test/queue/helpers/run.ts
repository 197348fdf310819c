/**
 * One queued-run scenario: a temp directory with input and pipeline, a private key prefix, the
 * local reference output (a real `veil run`), and cleanup of processes, keys and files.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, type Queue } from 'bullmq';
import { openQueue } from '../../../src/queue/worker.js';
import { JOB_RUN } from '../../../src/queue/names.js';
import { runVeil, spawnWorker, stopWorker, type WorkerProcess } from './cli.js';
import {
  makeRecords,
  TEST_KEY,
  writeCsv,
  writeJsonArray,
  writeNdjson,
  writePipeline,
  type TestRecord,
} from './data.js';
import { dropPrefix, testConnection, testRedisUrl, uniquePrefix } from './redis.js';

export interface Scenario {
  readonly dir: string;
  readonly prefix: string;
  readonly redisUrl: string;
  readonly env: Record<string, string>;
  readonly queue: Queue;
  readonly workers: WorkerProcess[];
  input: string;
  pipeline: string;
  startWorker(name: string, args?: readonly string[]): Promise<WorkerProcess>;
  /** `veil run` of the pipeline: the bytes a queued run must reproduce. */
  localOutput(): Promise<Buffer>;
  /** Chunk jobs of the run (all phases), by id. */
  chunkJobs(runId: string): Promise<Job[]>;
  cleanup(): Promise<void>;
}

export interface ScenarioOptions {
  readonly label: string;
  readonly format: 'ndjson' | 'csv' | 'json';
  readonly outputFormat?: 'ndjson' | 'csv' | 'json';
  readonly records?: number;
  readonly recordsList?: readonly TestRecord[];
  readonly pipelineExtra?: string;
}

export async function createScenario(options: ScenarioOptions): Promise<Scenario> {
  const dir = await mkdtemp(join(tmpdir(), `veil-${options.label}-`));
  const prefix = uniquePrefix(options.label);
  const env = { VEIL_TEST_QUEUE_KEY: TEST_KEY, VEIL_HOME: join(dir, 'veil-home') };
  const records = options.recordsList ?? makeRecords(options.records ?? 2000);
  const input = join(dir, `input.${options.format}`);
  if (options.format === 'ndjson') await writeNdjson(input, records);
  if (options.format === 'csv') await writeCsv(input, records);
  if (options.format === 'json') await writeJsonArray(input, records);
  const pipeline = await writePipeline(
    dir,
    options.label,
    options.format,
    options.outputFormat,
    options.pipelineExtra,
  );
  const queue = openQueue('pipelines', testConnection(), prefix);
  const workers: WorkerProcess[] = [];

  const scenario: Scenario = {
    dir,
    prefix,
    redisUrl: testRedisUrl(),
    env,
    queue,
    workers,
    input,
    pipeline,
    async startWorker(name, args = []) {
      const worker = spawnWorker({
        redisUrl: testRedisUrl(),
        prefix,
        name,
        args: ['--stalled-interval', '1000', ...args],
        env,
      });
      workers.push(worker);
      await worker.waitForLog((line) => line['msg'] === 'worker ready');
      return worker;
    },
    async localOutput() {
      const out = join(dir, 'local.out');
      const result = await runVeil(
        ['run', scenario.pipeline, '--input', scenario.input, '--output', out, '--threads', '0'],
        env,
      );
      if (result.code !== 0) throw new Error(`local veil run failed: ${result.stderr}`);
      return readFile(out);
    },
    async chunkJobs(runId) {
      const jobs = await queue.getJobs(
        ['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized'],
        0,
        -1,
      );
      return jobs.filter(
        (job): job is Job =>
          job !== undefined && job.name !== JOB_RUN && job.id?.startsWith(`${runId}.`) === true,
      );
    },
    async cleanup() {
      await Promise.all(workers.map((worker) => stopWorker(worker)));
      await queue.close();
      await dropPrefix(prefix);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return scenario;
}
