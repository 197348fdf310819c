/**
 * worker pools: a `PoolCache` passed to `pipeline(...).run({ pools })` lends one Piscina pool to
 * consecutive runs of the same pipeline pass (same threads, chain built once per thread), starts a
 * new one when the pipeline changes (closing the old one), and closes idle pools. Real threads:
 * a diagnostic stage stamps each record with its thread id and that thread's build count.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { PoolCache } from '../../src/engine/pool-cache.js';
import { registerStage } from '../../src/engine/registry.js';
import type { StageDefinition } from '../../src/engine/stage.js';

const stageModule = new URL('./fixtures/thread-stamp-stage.mjs', import.meta.url).href;

let dir: string;
let cache: PoolCache | undefined;

beforeAll(async () => {
  // The main thread validates and pre-builds the chain; the worker threads import the module.
  const { threadStamp } = (await import(stageModule)) as { threadStamp: StageDefinition };
  registerStage(threadStamp);
});

afterEach(async () => {
  await cache?.close();
  cache = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function spec(name: string) {
  return {
    name,
    input: { format: 'ndjson' as const },
    batch_size: '1KiB',
    stages: [{ type: 'test-thread-stamp' }],
  };
}

async function stamps(file: string): Promise<Array<{ thread: number; builds: number }>> {
  const text = await readFile(file, 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { thread: number; builds: number });
}

it('worker pools: consecutive runs of one pipeline reuse the same threads and chains', async () => {
  dir = await mkdtemp(join(tmpdir(), 'veil-pool-cache-'));
  const input = join(dir, 'in.ndjson');
  const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: i, text: `r${i}` }));
  await writeFile(input, lines.join('\n') + '\n');
  cache = new PoolCache({ idleMs: 60_000 });
  const stamped = pipeline(spec('stamped'));

  const runs: Array<Array<{ thread: number; builds: number }>> = [];
  for (const name of ['a', 'b', 'c']) {
    const output = join(dir, `${name}.ndjson`);
    const summary = await stamped.run({
      input,
      output,
      threads: 2,
      pools: cache,
      stageModules: [stageModule],
      storePath: join(dir, 'store'),
    });
    expect(summary.recordsOut).toBe(400);
    runs.push(await stamps(output));
  }

  expect(cache.stats()).toEqual({ created: 1, reused: 2, open: 1 });
  const threadsOf = (run: Array<{ thread: number }>) => new Set(run.map((r) => r.thread));
  const first = threadsOf(runs[0] ?? []);
  expect(first.size).toBeGreaterThanOrEqual(1);
  for (const run of runs) {
    // Every record of every run came from one of the first run's threads, each built once.
    for (const thread of threadsOf(run)) expect(first.has(thread)).toBe(true);
    expect(new Set(run.map((r) => r.builds))).toEqual(new Set([1]));
  }

  // Another pipeline is another pool; the idle one of the first pipeline is closed.
  const other = join(dir, 'other.ndjson');
  await pipeline(spec('other')).run({
    input,
    output: other,
    threads: 2,
    pools: cache,
    stageModules: [stageModule],
    storePath: join(dir, 'store'),
  });
  expect(cache.stats()).toEqual({ created: 2, reused: 2, open: 1 });
  for (const thread of new Set((await stamps(other)).map((r) => r.thread))) {
    expect(first.has(thread)).toBe(false);
  }
});

it('worker pools: an idle pool is closed after idleMs; the next run starts a new one', async () => {
  dir = await mkdtemp(join(tmpdir(), 'veil-pool-idle-'));
  const input = join(dir, 'in.ndjson');
  await writeFile(input, '{"id":1}\n{"id":2}\n');
  cache = new PoolCache({ idleMs: 50 });
  const stamped = pipeline(spec('idle'));
  const options = {
    input,
    threads: 1,
    pools: cache,
    stageModules: [stageModule],
    storePath: join(dir, 'store'),
  };

  await stamped.run({ ...options, output: join(dir, 'one.ndjson') });
  expect(cache.stats().open).toBe(1);
  const deadline = Date.now() + 10_000;
  while (cache.stats().open > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(cache.stats().open).toBe(0);

  await stamped.run({ ...options, output: join(dir, 'two.ndjson') });
  expect(cache.stats()).toMatchObject({ created: 2, reused: 0 });
});
