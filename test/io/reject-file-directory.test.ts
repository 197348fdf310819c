/**
 * I/O: a reject file whose directory is missing fails the run before any record is read, naming
 * it as the reject file. It used to be found only at the first reject (which may come at the
 * end of the input, after all the work), and a pipeline's `reject_file:` was not checked by
 * `veil run` at all; the message called it "the output".
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('io: reject file directory', () => {
  it('the API refuses a reject_file in a missing directory before reading, and writes nothing', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(input, '{"a":1}\n{"a":2}\n');
    const rejectFile = path.join(dir, 'missing', 'rejects.ndjson');
    let seen = 0;
    const run = pipeline({
      name: 'rejects',
      input: { format: 'ndjson' },
      on_error: 'reject',
      reject_file: rejectFile,
      stages: [],
    }).run({ input, output, threads: 0, onProgress: (p) => (seen = p.recordsIn) });
    await expect(run).rejects.toThrow(
      `cannot write the reject file ${rejectFile}: its directory ${path.join(dir, 'missing')} does not exist`,
    );
    expect(seen).toBe(0);
    expect(existsSync(output)).toBe(false);
  });

  it('veil run names a pipeline file reject_file and a --reject-file as the reject file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'in.ndjson'), '{"a":1}\n{bad\n');
    writeFileSync(
      path.join(dir, 'p.yaml'),
      'name: p\ninput:\n  format: ndjson\non_error: reject\nreject_file: nowhere/r.ndjson\nstages: []\n',
    );
    const fromFile = veil(['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'out.ndjson'], { cwd: dir });
    expectCode(fromFile, 1);
    expect(fromFile.stderr).toBe(
      `veil: cannot write the reject file ${path.join(dir, 'nowhere', 'r.ndjson')}: its directory ${path.join(dir, 'nowhere')} does not exist\n`,
    );
    const fromFlag = veil(['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'out.ndjson', '--reject-file', 'gone/r.ndjson'], {
      cwd: dir,
    });
    expect(fromFlag.stderr).toContain(`cannot write the reject file gone/r.ndjson: its directory ${path.join(dir, 'gone')}`);
    expect(existsSync(path.join(dir, 'out.ndjson'))).toBe(false);
  });
});
