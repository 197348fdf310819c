/**
 * queue output identity: runs queued with `veil submit --wait` and processed by a real
 * `veil worker` process write the same bytes as a local `veil run`, for NDJSON, CSV and JSON
 * arrays (and NDJSON to CSV, whose columns the first record chooses), over many chunks. The
 * NDJSON run's chunks use the worker's Piscina pool (`--threads 1`); the others run inline to keep
 * the suite short, since the engine's output is the same at any thread count.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVeil } from './helpers/cli.js';
import {
  writeCsv,
  writeJsonArray,
  writeNdjson,
  writePipeline,
  makeRecords,
} from './helpers/data.js';
import { createScenario, type Scenario } from './helpers/run.js';

let scenario: Scenario;
beforeAll(async () => {
  scenario = await createScenario({ label: 'equal', format: 'ndjson', records: 10 });
  await scenario.startWorker('w1', ['--threads', '0']);
});
afterAll(async () => {
  await scenario.cleanup();
});

const cases = [
  { format: 'ndjson', outputFormat: 'ndjson', threads: '1' },
  { format: 'csv', outputFormat: 'csv', threads: '0' },
  { format: 'json', outputFormat: 'json', threads: '0' },
  { format: 'ndjson', outputFormat: 'csv', threads: '0' },
] as const;

describe('queue: queued output equals local output byte for byte', () => {
  for (const { format, outputFormat, threads } of cases) {
    it(`${format} -> ${outputFormat}`, async () => {
      const records = makeRecords(1200, format.length + outputFormat.length);
      const input = join(scenario.dir, `in-${format}-${outputFormat}.${format}`);
      if (format === 'ndjson') await writeNdjson(input, records);
      if (format === 'csv') await writeCsv(input, records);
      if (format === 'json') await writeJsonArray(input, records);
      const pipeline = await writePipeline(
        scenario.dir,
        `p-${format}-${outputFormat}`,
        format,
        outputFormat,
      );

      const local = join(scenario.dir, `local-${format}-${outputFormat}.out`);
      const ran = await runVeil(
        ['run', pipeline, '--input', input, '--output', local, '--threads', '0'],
        scenario.env,
      );
      expect(ran.code, ran.stderr).toBe(0);

      const output = join(scenario.dir, `queued-${format}-${outputFormat}.out`);
      const submitted = await runVeil(
        [
          'submit',
          pipeline,
          '--input',
          input,
          '--output',
          output,
          '--chunk-size',
          '12KiB',
          '--threads',
          threads,
          '--wait',
          '--redis',
          scenario.redisUrl,
          '--prefix',
          scenario.prefix,
        ],
        scenario.env,
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stderr).toMatch(/queued run run-[0-9a-f]{32}: \d+ chunks, 1 phase/);
      expect(submitted.stderr).toContain('1200 records in, 1200 out, 0 rejected');
      const runId = submitted.stdout.trim();

      expect((await scenario.chunkJobs(runId)).length).toBeGreaterThanOrEqual(3);
      expect((await readFile(output)).equals(await readFile(local))).toBe(true);
      // The run's work files are gone; only its small result record stays.
      expect(await readdir(join(scenario.dir, '.veil-work'))).toContain(`${runId}.result.json`);
      expect(await readdir(join(scenario.dir, '.veil-work'))).not.toContain(runId);
    });
  }
});
