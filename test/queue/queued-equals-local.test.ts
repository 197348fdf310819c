/**
 * queue output identity: a run queued with `veil submit --wait` and processed by a real
 * `veil worker` process writes the same bytes as a local `veil run`, for NDJSON, CSV and JSON
 * arrays (and NDJSON to CSV, whose columns the first record chooses), over many chunks.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runVeil } from './helpers/cli.js';
import { createScenario, type Scenario } from './helpers/run.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

const cases = [
  { format: 'ndjson', outputFormat: 'ndjson' },
  { format: 'csv', outputFormat: 'csv' },
  { format: 'json', outputFormat: 'json' },
  { format: 'ndjson', outputFormat: 'csv' },
] as const;

describe('queue: queued output equals local output byte for byte', () => {
  for (const { format, outputFormat } of cases) {
    it(`${format} -> ${outputFormat}`, async () => {
      scenario = await createScenario({ label: `eq-${format}-${outputFormat}`, format, outputFormat, records: 1500 });
      await scenario.startWorker('w1');
      const expected = await scenario.localOutput();

      const output = join(scenario.dir, 'queued.out');
      const submitted = await runVeil(
        ['submit', scenario.pipeline, '--input', scenario.input, '--output', output, '--chunk-size', '24KiB',
          '--wait', '--redis', scenario.redisUrl, '--prefix', scenario.prefix],
        scenario.env,
      );
      expect(submitted.stderr).toMatch(/queued run run-[0-9a-f]{32}: \d+ chunks/);
      expect(submitted.code, submitted.stderr).toBe(0);
      const runId = submitted.stdout.trim();
      expect(submitted.stderr).toContain('1500 records in, 1500 out, 0 rejected');

      const chunks = await scenario.chunkJobs(runId);
      expect(chunks.length).toBeGreaterThan(4);
      expect((await readFile(output)).equals(expected)).toBe(true);

      // Work files are gone; only the small result record stays beside them.
      const work = await readdir(join(scenario.dir, '.veil-work'));
      expect(work).toEqual([`${runId}.result.json`]);
    });
  }
});
