/**
 * I/O: output paths. Veil creates no directories: an output whose directory is missing or is a
 * file fails naming that directory, before and during a run; an input that is a directory is
 * named as one.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { checkOutputDirectory } from '../../src/io/sink.js';
import { tempDir } from '../helpers/temp.js';

const spec = { name: 'out-dir', input: { format: 'ndjson' as const }, stages: [] };

describe('io: output directories', () => {
  it('checkOutputDirectory names a missing directory and a file in the way', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'afile'), 'x');
    await expect(checkOutputDirectory(path.join(dir, 'out.ndjson'))).resolves.toBeUndefined();
    await expect(checkOutputDirectory('-')).resolves.toBeUndefined();
    await expect(checkOutputDirectory(path.join(dir, 'missing', 'o'))).rejects.toThrow(
      `its directory ${path.join(dir, 'missing')} does not exist`,
    );
    await expect(checkOutputDirectory(path.join(dir, 'afile', 'o'))).rejects.toThrow(
      `its directory ${path.join(dir, 'afile')} is not a directory`,
    );
    await expect(checkOutputDirectory('/proc/nope/x')).rejects.toThrow('/proc/nope does not exist');
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('a run into a missing directory fails naming it and creates nothing', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n');
    const output = path.join(dir, 'missing', 'out.ndjson');
    await expect(pipeline(spec).run({ input, output, threads: 0 })).rejects.toThrow(
      `cannot write the output ${output}: its directory ${path.join(dir, 'missing')} does not exist`,
    );
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('an input that is a directory is named as one', async () => {
    const dir = tempDir();
    await expect(
      pipeline(spec).run({ input: dir, output: path.join(dir, 'o.ndjson'), threads: 0 }),
    ).rejects.toThrow(`cannot read the input ${dir}: it is a directory`);
  });
});
