/**
 * queue barrier stages: a pipeline with a barrier runs as a map pass (each chunk exports its
 * collector's partial statistics), a reduce in the parent (partials absorbed in chunk order into
 * the plan), and a second fan-out that applies the plan; the output equals a local run's.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { runVeil } from './helpers/cli.js';
import { createScenario, type Scenario } from './helpers/run.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

it('map, reduce and apply give the local output, in two phases', async () => {
  scenario = await createScenario({ label: 'barrier', format: 'ndjson', records: 1500 });
  // The module imports the compiled engine by a path relative to the fixtures folder.
  const pipeline = fileURLToPath(new URL('./fixtures/city-totals.pipeline.mjs', import.meta.url));
  scenario.pipeline = pipeline;
  const input = join(scenario.dir, 'input-copy.ndjson');
  await copyFile(scenario.input, input);
  scenario.input = input;

  await scenario.startWorker('w1', ['--threads', '0']);
  await scenario.startWorker('w2', ['--threads', '0']);
  const expected = await scenario.localOutput();
  expect(expected.toString('utf8')).toContain('"city_total":');

  const output = join(scenario.dir, 'queued.ndjson');
  const submitted = await runVeil(
    [
      'submit',
      pipeline,
      '--input',
      input,
      '--output',
      output,
      '--chunk-size',
      '24KiB',
      '--wait',
      '--redis',
      scenario.redisUrl,
      '--prefix',
      scenario.prefix,
    ],
    scenario.env,
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  expect(submitted.stderr).toMatch(/: (\d+) chunks, 2 phase\(s\)/);
  const runId = submitted.stdout.trim();

  const jobs = await scenario.chunkJobs(runId);
  const maps = jobs.filter((job) => job.name === 'map');
  const applies = jobs.filter((job) => job.name === 'apply');
  expect(maps.length).toBeGreaterThan(2);
  expect(applies.length).toBe(maps.length);
  // Every apply chunk started after the reduce, i.e. after every map chunk had finished.
  const lastMap = Math.max(...maps.map((job) => job.finishedOn ?? 0));
  expect(Math.min(...applies.map((job) => job.processedOn ?? 0))).toBeGreaterThanOrEqual(lastMap);

  expect((await readFile(output)).equals(expected)).toBe(true);
});
