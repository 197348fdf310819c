/**
 * A batch whose chain has a stage with `prepare` goes through the chain in groups of records, so
 * that a group's parsed records and findings die young; each group's output is encoded when the
 * group is done. The result must be what the record-by-record path gives for the whole batch:
 * every record in order, in every output format, the separators between groups included, and
 * `on_error: fail` stopping at the first rejected record whichever group it falls in.
 */
import { describe, expect, it } from 'vitest';
import { processBatch, type BatchSettings, type BatchTask } from '../../src/engine/batch.js';
import { CounterSet, type ChainStage } from '../../src/engine/chain.js';
import type { JsonRecord, RecordTransform } from '../../src/engine/stage.js';
import { ndjsonTask } from '../helpers/batch-task.js';

/** Records 0..count-1; `bad` lines are not JSON, `failing` records are refused by the stage. */
function task(count: number, bad: ReadonlySet<number>, failing: ReadonlySet<number>): BatchTask {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (bad.has(i)) lines.push('{"n": ');
    else lines.push(JSON.stringify({ n: i, text: `record ${i} é`, ...(failing.has(i) ? { fail: true } : {}) }));
  }
  return ndjsonTask(lines);
}

function settings(format: 'ndjson' | 'json' | 'csv', stopAtFirstReject: boolean): BatchSettings {
  return {
    input: { format: 'ndjson' } as BatchSettings['input'],
    output: { format, delimiter: ',', quote: '"' } as BatchSettings['output'],
    stopAtFirstReject,
    includeRecord: false,
    maxRecordBytes: 1 << 20,
    mode: 'output',
  };
}

/** One stage that marks records and refuses those with `fail`; with `prepare` when `sizes` is given. */
function chain(sizes?: number[]): ChainStage[] {
  const mark = (r: JsonRecord): JsonRecord => {
    if (r.fail === true) throw new Error('refused');
    return { n: r.n ?? null, text: `${String(r.text)}!` };
  };
  const transform: RecordTransform =
    sizes === undefined ? mark : Object.assign(mark, { prepare: (records: readonly JsonRecord[]) => void sizes.push(records.length) });
  return [{ name: 'mark', index: 0, transform, counters: new CounterSet() }];
}

describe('prepared batches in groups', () => {
  const count = 300;
  const bad = new Set([3, 64, 130, 250]);
  const failing = new Set([70, 199]);

  for (const format of ['ndjson', 'json', 'csv'] as const) {
    it(`writes what the record-by-record path writes: ${format}`, () => {
      const sizes: number[] = [];
      const grouped = processBatch(task(count, bad, failing), chain(sizes), settings(format, false));
      const plain = processBatch(task(count, bad, failing), chain(), settings(format, false));

      // Several groups, none larger than the group size, together every readable record.
      expect(sizes.length).toBeGreaterThan(3);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(count - bad.size);

      expect(Buffer.from(grouped.out).toString('utf8')).toBe(Buffer.from(plain.out).toString('utf8'));
      expect(grouped.recordsOut).toBe(count - bad.size - failing.size);
      expect(grouped.recordsIn).toBe(count);
      expect(grouped.rejects).toEqual(plain.rejects);
      if (format === 'json') {
        const parsed = JSON.parse(`[${Buffer.from(grouped.out).toString('utf8')}]`) as JsonRecord[];
        expect(parsed.map((r) => r.n)).toEqual(
          [...Array(count).keys()].filter((i) => !bad.has(i) && !failing.has(i)),
        );
      }
    });
  }

  it('stops at the first rejected record with on_error fail, in a later group', () => {
    const sizes: number[] = [];
    const result = processBatch(task(count, new Set(), failing), chain(sizes), settings('ndjson', true));
    // Record 70 is in the second group: the first group is written, the second up to it.
    expect(sizes).toEqual([64, 64]);
    expect(result.recordsIn).toBe(71);
    expect(result.recordsOut).toBe(70);
    expect(result.rejects.map((r) => r.index)).toEqual([70]);
    const out = Buffer.from(result.out).toString('utf8').trim().split('\n');
    expect(out.map((line) => (JSON.parse(line) as JsonRecord).n)).toEqual([...Array(70).keys()]);
  });
});
