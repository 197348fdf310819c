/**
 * Worker of the `scaling` benchmark: warms up on its task, reports ready, waits for the common
 * start signal, then times `passes` passes and posts the wall milliseconds of each.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer } from '../../src/detect/analyzer.js';

interface ScalingTask {
  readonly kind: 'analyze' | 'spin';
  readonly corpusFile: string;
  readonly passes: number;
  /** [0]: workers ready; [1]: 1 once the main thread says go. */
  readonly signal: Int32Array;
}

const task = workerData as ScalingTask;

function notesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { notes: string }).notes);
}

/** One unit of work; returns a value so that nothing is optimized away. */
const work: () => number =
  task.kind === 'analyze'
    ? (() => {
        const notes = notesOf(task.corpusFile);
        const analyzer = createAnalyzer({});
        return () => {
          let found = 0;
          for (const note of notes) found += analyzer.analyze(note).length;
          return found;
        };
      })()
    : () => {
        // Integer arithmetic in registers: no memory traffic, the machine's own scaling.
        let x = 0;
        for (let i = 0; i < 200_000_000; i++) x = (x * 31 + i) | 0;
        return x & 1;
      };

// Two warm-up passes: JIT tiers and lazily built tables are not what this measures.
let sink = work() + work();
Atomics.add(task.signal, 0, 1);
Atomics.notify(task.signal, 0);
Atomics.wait(task.signal, 1, 0);
const wallMs: number[] = [];
for (let p = 0; p < task.passes; p++) {
  const started = performance.now();
  sink += work();
  wallMs.push(performance.now() - started);
}
parentPort?.postMessage({ wallMs, sink });
