/** A batch task for `processBatch` holding NDJSON lines, as the main thread would send it. */
import type { BatchTask } from '../../src/engine/batch.js';

export function ndjsonTask(lines: readonly string[]): BatchTask {
  return {
    seq: 0,
    bytes: new TextEncoder().encode(lines.join('\n') + '\n'),
    byteOffset: 0,
    firstIndex: 0,
    firstLine: 1,
    spans: undefined,
    inputColumns: undefined,
    outputColumns: undefined,
  };
}
