/**
 * JSON framer: a single-line array of many short records frames in linear time. The backslash
 * and newline searches once ran to the end of the pending buffer for every string (12.6 s of CPU
 * for 6 MB); the ceiling here is generous for a shared 2-core machine.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInputChunks, readBatches } from '../../src/io/reader.js';
import { tempDir } from '../helpers/temp.js';

describe('json framer: long lines', () => {
  it('frames a 6 MB single-line array of 100k records in well under 4 s of CPU', async () => {
    const file = path.join(tempDir(), 'one-line.json');
    const records = Array.from({ length: 100_000 }, (_, i) => ({
      id: i,
      name: `P${i}`,
      a: i % 60,
    }));
    writeFileSync(file, JSON.stringify(records));
    const before = process.cpuUsage();
    let count = 0;
    for await (const item of readBatches(openInputChunks({ input: file }), {
      format: 'json',
      quote: '"',
      batchBytes: 512 * 1024,
      maxRecordBytes: 64 << 20,
      header: false,
      fragment: false,
    })) {
      if (item.kind === 'batch') count += item.records;
    }
    const used = process.cpuUsage(before);
    expect(count).toBe(100_000);
    expect((used.user + used.system) / 1e6).toBeLessThan(4);
  });
});
