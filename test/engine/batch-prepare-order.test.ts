/**
 * A stage that offers `prepare`, wherever it sits in the chain, gets each batch's records as the
 * stages before it left them (dropped and rejected ones left out), before it transforms any of
 * them; output and rejects still come in record order, and `on_error: fail` stops at the first
 * rejected record as the record-by-record path does.
 */
import { describe, expect, it } from 'vitest';
import { processBatch, type BatchSettings } from '../../src/engine/batch.js';
import { CounterSet, type ChainStage } from '../../src/engine/chain.js';
import type { JsonRecord, RecordTransform } from '../../src/engine/stage.js';
import { ndjsonTask as task } from '../helpers/batch-task.js';

function settings(stopAtFirstReject: boolean): BatchSettings {
  return {
    input: { format: 'ndjson' } as BatchSettings['input'],
    output: { format: 'ndjson' } as BatchSettings['output'],
    stopAtFirstReject,
    includeRecord: false,
    maxRecordBytes: 1 << 20,
    mode: 'output',
  };
}

function stage(name: string, index: number, transform: RecordTransform): ChainStage {
  return { name, index, transform, counters: new CounterSet() };
}

describe('prepare in any stage of the chain', () => {
  const lines = [
    '{"n": 1}',
    '{"n": 2, "drop": true}',
    'not json',
    '{"n": 4, "fail": true}',
    '{"n": 5}',
    '{"n": 6}',
  ];

  function chain(log: string[]): ChainStage[] {
    const first: RecordTransform = (r) => {
      log.push(`first ${String(r.n)}`);
      if (r.drop === true) return null;
      if (r.fail === true) throw new Error('refused');
      return { ...r, seen: true };
    };
    const second = Object.assign(
      (r: JsonRecord): JsonRecord => {
        log.push(`second ${String(r.n)}`);
        return { ...r, second: true };
      },
      {
        prepare: (records: readonly JsonRecord[]): void => {
          log.push(`prepare ${records.map((r) => `${String(r.n)}${r.seen === true ? '+' : ''}`).join(',')}`);
        },
      },
    );
    return [stage('first', 0, first), stage('second', 1, second)];
  }

  it('prepares the second stage with what the first left, then transforms in order', () => {
    const log: string[] = [];
    const result = processBatch(task(lines), chain(log), settings(false));
    expect(log).toEqual([
      'first 1', 'first 2', 'first 4', 'first 5', 'first 6',
      'prepare 1+,5+,6+',
      'second 1', 'second 5', 'second 6',
    ]);
    const out = new TextDecoder().decode(result.out).trim().split('\n').map((l) => JSON.parse(l).n);
    expect(out).toEqual([1, 5, 6]);
    expect(result.recordsIn).toBe(6);
    expect(result.rejects.map((r) => [r.line, r.reason.startsWith("stage 'first'")])).toEqual([
      [3, false],
      [4, true],
    ]);
  });

  it('stops at the first rejected record with on_error fail, working on nothing past it', () => {
    const log: string[] = [];
    const result = processBatch(task(lines), chain(log), settings(true));
    // Line 3 does not parse: records 1 and 2 are handled, then the batch stops.
    expect(log).toEqual(['first 1', 'first 2', 'prepare 1+', 'second 1']);
    expect(result.recordsIn).toBe(3);
    expect(result.rejects.map((r) => r.line)).toEqual([3]);
    expect(new TextDecoder().decode(result.out)).toBe('{"n":1,"seen":true,"second":true}\n');
  });
});
