/**
 * The programmatic API: code-built pipelines over streams, the run summary, per-record
 * `transform`, barrier stages (two passes, stdin spooling, plans given up front), and the
 * distributed-run contract: record ranges processed one by one concatenate to the local output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { registerStage } from '../../src/engine/registry.js';
import type { RecordFormat } from '../../src/engine/spec.js';
import type { StageDefinition } from '../../src/engine/stage.js';
import { findRecordBoundaries } from '../../src/io/boundaries.js';
import { tempDir } from '../helpers/temp.js';
import { sampleRecords, setTestKey, toCsv, toJsonArray, toNdjson } from '../helpers/records.js';
// @ts-expect-error: a plain JavaScript fixture without type declarations.
import { countBarrier } from './fixtures/count-barrier.mjs';

registerStage(countBarrier as StageDefinition);
const fixture = pathToFileURL(path.resolve('test/engine/fixtures/count-barrier.mjs')).href;

describe('pipeline API', () => {
  it('runs over streams and reports a summary with stage counters', async () => {
    const key = setTestKey();
    const input = Readable.from([Buffer.from(toNdjson(sampleRecords(50)))]);
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (c: Buffer) => chunks.push(c));
    const summary = await pipeline({
      name: 'streams',
      input: { format: 'ndjson' },
      output: { format: 'json' },
      stages: [{ type: 'pseudonymize', key, fields: ['email', 'name'] }],
    }).run({ input, output, threads: 0 });
    const records = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Array<{ email: string }>;
    expect(records).toHaveLength(50);
    expect(summary).toMatchObject({
      pipeline: 'streams',
      output: 'stream',
      format: 'json',
      recordsIn: 50,
      recordsOut: 50,
      recordsRejected: 0,
      stages: [{ index: 0, type: 'pseudonymize', counters: { values: 100 } }],
    });
    expect(summary.bytesIn).toBeGreaterThan(1000);
    expect(summary.bytesOut).toBe(Buffer.concat(chunks).length);
    expect(summary.mbPerSecond).toBeGreaterThan(0);
  });

  it('transform runs the stages inline, one record at a time', async () => {
    const p = pipeline({
      name: 't',
      input: { format: 'ndjson' },
      stages: [{ type: 'keep', fields: ['a'] }],
    });
    expect(await p.transform({ a: 1, b: 2 })).toEqual({ a: 1 });
  });

  it('a barrier stage runs two passes, at any thread count, also from a stream', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, toNdjson(sampleRecords(120)));
    const p = pipeline({
      name: 'barrier',
      input: { format: 'ndjson' },
      batch_size: 2048,
      stages: [
        { type: 'keep', fields: ['id'] },
        { type: 'test-count', field: 'count' },
      ],
    });
    const outputs: string[] = [];
    for (const threads of [0, 2]) {
      const output = path.join(dir, `out-${threads}.ndjson`);
      await p.run({ input, output, threads, stageModules: [fixture] });
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]?.split('\n')[0]).toBe('{"id":"c-0","count":120,"last":120}');

    const streamed = path.join(dir, 'streamed.ndjson');
    await p.run({ input: Readable.from([readFileSync(input)]), output: streamed, threads: 0 });
    expect(readFileSync(streamed, 'utf8')).toBe(outputs[0]);

    // Partial collections over ranges, merged, give the same plan and output.
    const ranges = await findRecordBoundaries(input, 'ndjson', 3000);
    expect(ranges.length).toBeGreaterThan(2);
    const partials = [];
    for (const r of ranges) {
      const inputRange = {
        start: r.start,
        end: r.end,
        firstIndex: r.firstIndex,
        firstLine: r.firstLine,
      };
      partials.push((await p.collectBarrier({ input, inputRange, threads: 0 })).partial);
    }
    const plan = await p.reduceBarrier(1, partials);
    expect(plan).toEqual({ total: 120, lastLine: 120 });
    const planned = path.join(dir, 'planned.ndjson');
    await p.run({ input, output: planned, threads: 0, barrierPlans: { 1: plan } });
    expect(readFileSync(planned, 'utf8')).toBe(outputs[0]);
  });
});

describe('record ranges (distributed runs)', () => {
  const records = sampleRecords(400);
  const texts: Record<RecordFormat, string> = {
    // A bad line in the middle: the range that holds it reports the same line as a local run.
    ndjson: toNdjson(records).replace('{"id":"c-200"', '{"id":"c-200",'),
    csv: toCsv(records),
    json: `{"records": ${toJsonArray(records)}}`,
  };

  for (const format of ['ndjson', 'csv', 'json'] as const) {
    it(`${format}: ranges processed separately concatenate to the local output`, async () => {
      const dir = tempDir();
      const input = path.join(dir, `in.${format}`);
      writeFileSync(input, texts[format]);
      const key = setTestKey();
      const p = pipeline({
        name: 'ranges',
        input: { format },
        on_error: 'reject',
        stages: [{ type: 'pseudonymize', key, fields: ['email'] }],
      });
      const local = await p.run({ input, output: path.join(dir, 'local'), threads: 0 });
      const expected = readFileSync(path.join(dir, 'local'), 'utf8');

      const ranges = await findRecordBoundaries(input, format, 2048);
      expect(ranges.length).toBeGreaterThan(5);
      expect(ranges.reduce((n, r) => n + r.records, 0)).toBe(400);

      const parts: string[] = [];
      const rejects = [];
      for (const [i, r] of ranges.entries()) {
        const output = path.join(dir, `part-${i}`);
        const summary = await p.run({
          input,
          output,
          threads: i % 2,
          inputRange: {
            start: r.start,
            end: r.end,
            firstIndex: r.firstIndex,
            firstLine: r.firstLine,
          },
          writeHeader: i === 0,
          jsonElementsOnly: true,
        });
        rejects.push(...summary.rejects);
        parts.push(readFileSync(output, 'utf8'));
      }
      const joined =
        format === 'json'
          ? `[\n${parts.filter((s) => s.length > 0).join(',\n')}\n]\n`
          : parts.join('');
      expect(joined).toBe(expected);
      expect(rejects).toEqual(local.rejects);
      if (format === 'ndjson') expect(rejects).toMatchObject([{ line: 201, index: 200 }]);
    });
  }
});
