/**
 * Piscina worker entry: builds the stage chain once per thread (keys and compiled patterns are
 * loaded once, not per batch) and processes raw-byte batches.
 */
import { workerData } from 'node:worker_threads';
import { processBatch, type BatchResult, type BatchTask } from '../src/engine/batch.js';
import type { ChainStage } from '../src/engine/chain.js';
import { buildChainFromSetup, type WorkerSetup } from '../src/engine/worker-setup.js';

const setup = workerData as WorkerSetup;
let chain: Promise<ChainStage[]> | undefined;

export default async function runBatch(task: BatchTask): Promise<BatchResult> {
  chain ??= buildChainFromSetup(setup);
  return processBatch(task, await chain, setup.settings);
}
