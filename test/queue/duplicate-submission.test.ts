/**
 * queue idempotence: the same run submitted several times (at once, and again after it finished)
 * is queued once and runs once; a finished run whose output was deleted since is queued again
 * rather than reported done; and what the queue stores in Redis holds paths and ids only:
 * no record value and no key bytes appear anywhere under the run's key prefix.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { waitForRun } from '../../src/queue/progress.js';
import { submitPipelineRun, type SubmitOptions } from '../../src/queue/submit.js';
import { runVeil } from './helpers/cli.js';
import { makeRecords, TEST_KEY } from './helpers/data.js';
import { createScenario, type Scenario } from './helpers/run.js';
import { testConnection } from './helpers/redis.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.cleanup();
  scenario = undefined;
});

/** Every value stored under a prefix, as text. */
async function dumpPrefix(prefix: string): Promise<string> {
  const client = new Redis(testConnection());
  const parts: string[] = [];
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    for (const key of keys) {
      const type = await client.type(key);
      if (type === 'string') parts.push(String(await client.get(key)));
      if (type === 'hash') parts.push(JSON.stringify(await client.hgetall(key)));
      if (type === 'list') parts.push(JSON.stringify(await client.lrange(key, 0, -1)));
      if (type === 'set') parts.push(JSON.stringify(await client.smembers(key)));
      if (type === 'zset') parts.push(JSON.stringify(await client.zrange(key, 0, -1)));
      if (type === 'stream') parts.push(JSON.stringify(await client.xrange(key, '-', '+')));
    }
  } finally {
    client.disconnect();
  }
  return parts.join('\n');
}

it('the same run submitted three times at once, and once more after it finished, runs once', async () => {
  scenario = await createScenario({ label: 'dup', format: 'ndjson', records: 800 });
  process.env['VEIL_TEST_QUEUE_KEY'] = TEST_KEY;
  const options: SubmitOptions = {
    connection: testConnection(),
    prefix: scenario.prefix,
    pipeline: scenario.pipeline,
    input: scenario.input,
    output: join(scenario.dir, 'queued.ndjson'),
    chunkBytes: 16 * 1024,
  };
  const results = await Promise.all([
    submitPipelineRun(options),
    submitPipelineRun(options),
    submitPipelineRun(options),
  ]);
  const runId = results[0]!.runId;
  expect(results.map((r) => r.runId)).toEqual([runId, runId, runId]);
  expect(results.filter((r) => !r.duplicate)).toHaveLength(1);

  await scenario.startWorker('w1', ['--threads', '0']);
  await waitForRun(scenario.queue, runId, { timeoutMs: 180_000 });

  const again = await runVeil(
    [
      'submit',
      scenario.pipeline,
      '--input',
      scenario.input,
      '--output',
      options.output,
      '--redis',
      scenario.redisUrl,
      '--prefix',
      scenario.prefix,
    ],
    scenario.env,
  );
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout.trim()).toBe(runId);
  expect(again.stderr).toContain('already submitted; not queued again');

  const chunks = await scenario.chunkJobs(runId);
  expect(chunks.length).toBe(results[0]!.chunks);
  for (const chunk of chunks) {
    expect(chunk.attemptsStarted).toBe(1);
    expect(await chunk.getState()).toBe('completed');
  }
  const runs = (
    await scenario.queue.getJobs(['completed', 'waiting', 'active', 'waiting-children'])
  ).filter((j) => j?.name === 'run');
  expect(runs).toHaveLength(1);

  // A different key is a different run.
  const otherKey = await runVeil(
    [
      'submit',
      scenario.pipeline,
      '--input',
      scenario.input,
      '--output',
      options.output,
      '--redis',
      scenario.redisUrl,
      '--prefix',
      scenario.prefix,
    ],
    { ...scenario.env, VEIL_TEST_QUEUE_KEY: `${TEST_KEY}-rotated` },
  );
  expect(otherKey.code, otherKey.stderr).toBe(0);
  expect(otherKey.stdout.trim()).not.toBe(runId);

  const stored = await dumpPrefix(scenario.prefix);
  expect(stored).toContain(scenario.input);
  expect(stored).not.toContain(TEST_KEY);
  expect(stored).not.toContain(Buffer.from(TEST_KEY).toString('hex'));
  expect(stored).not.toContain(Buffer.from(TEST_KEY).toString('base64').slice(0, 20));
  for (const record of makeRecords(800).slice(0, 50)) {
    expect(stored).not.toContain(record.email);
    expect(stored).not.toContain(record.name);
  }
  const output = await readFile(options.output, 'utf8');
  expect(output.split('\n').filter(Boolean)).toHaveLength(800);
});

it('a finished run whose output was deleted since is queued again, and --wait writes the output', async () => {
  scenario = await createScenario({ label: 'gone', format: 'ndjson', records: 300 });
  process.env['VEIL_TEST_QUEUE_KEY'] = TEST_KEY;
  const output = join(scenario.dir, 'queued.ndjson');
  const submit = (): ReturnType<typeof runVeil> =>
    runVeil(
      [
        'submit',
        scenario!.pipeline,
        '--input',
        scenario!.input,
        '--output',
        output,
        '--redis',
        scenario!.redisUrl,
        '--prefix',
        scenario!.prefix,
        '--wait',
      ],
      scenario!.env,
    );
  await scenario.startWorker('w1', ['--threads', '0']);

  const first = await submit();
  expect(first.code, first.stderr).toBe(0);
  const runId = first.stdout.trim();
  const expected = await readFile(output, 'utf8');
  await rm(output);

  const again = await submit();
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout.trim()).toBe(runId);
  expect(again.stderr).not.toContain('not queued again');
  expect(again.stderr).toContain(`run ${runId} completed earlier but its output ${output} is gone; queued again`);
  expect(await readFile(output, 'utf8')).toBe(expected);

  // With the output back in place, the next identical submission is a plain duplicate again.
  const third = await submit();
  expect(third.code, third.stderr).toBe(0);
  expect(third.stderr).toContain('already submitted; not queued again');
  const runs = (await scenario.queue.getJobs(['completed', 'waiting', 'active'])).filter(
    (j) => j?.name === 'run',
  );
  expect(runs).toHaveLength(1);
});
