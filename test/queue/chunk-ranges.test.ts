/**
 * queue chunk ranges: the pre-scan cuts NDJSON, CSV and JSON inputs on record boundaries at any
 * target size (hostile: quoted newlines, multi-byte characters, a BOM, a `records` wrapper, empty
 * inputs), numbers each chunk's first record as the whole run does, and the chunk runs of the
 * engine, joined as the queue joins them, give the local run's bytes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipelineFile, pipelineFromFile } from '../../src/engine/pipeline.js';
import { findChunkRanges } from '../../src/queue/chunk-boundaries.js';
import {
  makeRecords,
  TEST_KEY,
  writeCsv,
  writeJsonArray,
  writeNdjson,
  writePipeline,
} from './helpers/data.js';

let dir = '';
beforeAll(async () => {
  process.env['VEIL_TEST_QUEUE_KEY'] = TEST_KEY;
  dir = await mkdtemp(join(tmpdir(), 'veil-chunks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs each range and joins the parts the way the queue's assembly does. */
async function joinedRangeRuns(
  pipelineFile: string,
  input: string,
  chunkBytes: number,
): Promise<Buffer> {
  const loaded = await loadPipelineFile(pipelineFile);
  const runner = await pipelineFromFile(pipelineFile);
  const ranges = await findChunkRanges(loaded, input, chunkBytes);
  const format = loaded.resolved.output.format;
  const parts: Buffer[] = [];
  for (const [i, [start, end, firstIndex, firstLine]] of ranges.entries()) {
    const out = join(dir, `part-${i}`);
    await runner.run({
      input,
      output: out,
      threads: 0,
      inputRange: { start, end, firstIndex, firstLine },
      writeHeader: i === 0,
      jsonElementsOnly: format === 'json',
    });
    parts.push(await readFile(out));
  }
  if (format !== 'json') return Buffer.concat(parts);
  const nonEmpty = parts.filter((p) => p.length > 0);
  return Buffer.from(
    nonEmpty.length === 0
      ? '[]\n'
      : `[\n${nonEmpty.map((p) => p.toString('utf8')).join(',\n')}\n]\n`,
  );
}

async function localRun(pipelineFile: string, input: string): Promise<Buffer> {
  const out = join(dir, 'local-out');
  await (await pipelineFromFile(pipelineFile)).run({ input, output: out, threads: 0 });
  return readFile(out);
}

describe('queue chunk ranges', () => {
  const records = makeRecords(300, 11);

  for (const format of ['ndjson', 'csv', 'json'] as const) {
    it(`${format}: every target size gives ranges whose joined runs equal the local run`, async () => {
      const input = join(dir, `in-${format}`);
      if (format === 'ndjson') await writeNdjson(input, records);
      if (format === 'csv') await writeCsv(input, records);
      if (format === 'json') await writeJsonArray(input, records);
      const pipelineFile = await writePipeline(dir, `p-${format}`, format);
      const expected = await localRun(pipelineFile, input);
      const loaded = await loadPipelineFile(pipelineFile);

      for (const chunkBytes of [1, 4096, 5000, 9000, 1 << 20]) {
        const ranges = await findChunkRanges(loaded, input, chunkBytes);
        // First records are numbered in sequence and ranges are ordered without overlap.
        expect(ranges[0]?.[2]).toBe(0);
        for (let i = 1; i < ranges.length; i++) {
          expect(ranges[i]![0]).toBeGreaterThanOrEqual(ranges[i - 1]![1]);
          expect(ranges[i]![2]).toBeGreaterThan(ranges[i - 1]![2]);
        }
        const joined = await joinedRangeRuns(pipelineFile, input, chunkBytes);
        expect(joined.equals(expected), `${format} at ${chunkBytes} bytes per chunk`).toBe(true);
      }
    });
  }

  it('handles a byte-order mark, a records wrapper, and empty inputs', async () => {
    const ndjson = join(dir, 'bom.ndjson');
    await writeFile(
      ndjson,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          records
            .slice(0, 50)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        ),
      ]),
    );
    const pNd = await writePipeline(dir, 'bom', 'ndjson');
    expect((await joinedRangeRuns(pNd, ndjson, 1000)).equals(await localRun(pNd, ndjson))).toBe(
      true,
    );

    const wrapped = join(dir, 'wrapped.json');
    await writeFile(
      wrapped,
      JSON.stringify({ meta: { n: 50 }, records: records.slice(0, 50) }, null, 1),
    );
    const pJson = await writePipeline(dir, 'wrapped', 'json');
    expect(
      (await joinedRangeRuns(pJson, wrapped, 1000)).equals(await localRun(pJson, wrapped)),
    ).toBe(true);

    const emptyArray = join(dir, 'empty.json');
    await writeFile(emptyArray, '[ ]\n');
    expect((await joinedRangeRuns(pJson, emptyArray, 1000)).toString()).toBe(
      (await localRun(pJson, emptyArray)).toString(),
    );

    const headerOnly = join(dir, 'header.csv');
    await writeFile(headerOnly, 'id,name,email,city,note,visits\n');
    const pCsv = await writePipeline(dir, 'hdr', 'csv');
    expect(
      (await joinedRangeRuns(pCsv, headerOnly, 1000)).equals(await localRun(pCsv, headerOnly)),
    ).toBe(true);

    const emptyNd = join(dir, 'empty.ndjson');
    await writeFile(emptyNd, '');
    expect((await joinedRangeRuns(pNd, emptyNd, 1000)).equals(await localRun(pNd, emptyNd))).toBe(
      true,
    );
  });
});
