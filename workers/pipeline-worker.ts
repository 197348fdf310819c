/**
 * Piscina worker entry: builds the stage chain once per thread (keys and compiled patterns are
 * loaded once, not per batch) and processes raw-byte batches.
 *
 * The engine is imported lazily, inside the handler. Piscina first tries to `require()` the
 * worker file; with Node's require(esm), a failure anywhere in a large ES module graph (a syntax
 * error in one stage module) then makes the fallback `import()` trip an internal assertion that
 * hides the real error. A worker file without static imports keeps that path trivial, and the
 * real error reaches the main thread.
 */
import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { BatchResult, BatchTask } from '../src/engine/batch.js';
import type { ChainStage } from '../src/engine/chain.js';
import type { WorkerSetup } from '../src/engine/worker-setup.js';

const setup = workerData as WorkerSetup;

interface Engine {
  chain: ChainStage[];
  process: (
    task: BatchTask,
    chain: readonly ChainStage[],
    settings: WorkerSetup['settings'],
  ) => BatchResult;
}

async function load(): Promise<Engine> {
  const [{ processBatch }, { buildChainFromSetup }] = await Promise.all([
    import('../src/engine/batch.js'),
    import('../src/engine/worker-setup.js'),
  ]);
  return { chain: await buildChainFromSetup(setup), process: processBatch };
}

// Start loading as soon as the thread starts, while the main thread is still reading the first
// batch; the handler awaits the same promise. The no-op catch keeps an early failure from being
// reported as unhandled before the first task observes it.
const engine = load();
engine.catch(() => undefined);

/**
 * The output bytes go back transferred, not cloned: a clone would leave one garbage copy in each
 * thread, and V8 collects ArrayBuffers lazily (measured: ~100 MB of them in the main thread on an
 * 82 MB input). A view into Node's shared Buffer pool is copied first: that pool must stay here.
 */
export default async function runBatch(task: BatchTask): Promise<unknown> {
  const { chain, process } = await engine;
  const result = process(task, chain, setup.settings);
  const own =
    result.out.byteOffset === 0 && result.out.buffer.byteLength === result.out.byteLength
      ? result.out
      : result.out.slice();
  const value: BatchResult = { ...result, out: own };
  return move({ [transferableSymbol]: own.buffer, [valueSymbol]: value });
}
