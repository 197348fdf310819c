/**
 * An input that is a FIFO (or /dev/stdin on a pipe) cannot seek: positioned reads failed with
 * `ESPIPE: invalid seek` and no input name. It is now read in order like stdin, and spooled to a
 * temporary file when a barrier stage needs to read it twice.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const records = '{"age":31}\n{"age":33}\n{"age":47}\n{"age":45}\n';
const plain = 'name: p\ninput:\n  format: ndjson\nstages: []\n';
const barrier =
  'name: ka\ninput:\n  format: ndjson\nstages:\n  - type: k-anonymize\n' +
  "    quasi_identifiers:\n      age: { interval: [5, 10, 20, '*'] }\n    k: 2\n";

/** Writes the records into a new FIFO from a shell job while veil reads it. */
function runFromFifo(pipelineText: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.yaml'), pipelineText);
  writeFileSync(path.join(dir, 'in.ndjson'), records);
  const script =
    'mkfifo fifo && (cat in.ndjson > fifo &) && ' +
    `exec "${process.execPath}" "${bin}" run p.yaml -i fifo -o out.ndjson -q`;
  const result = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { dir, code: result.status, stderr: result.stderr };
}

describe('input: a FIFO is read as a stream', () => {
  it('reads a FIFO in order', () => {
    const { dir, ...result } = runFromFifo(plain);
    expectCode(result, 0);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(records);
  });

  it('spools a FIFO for a barrier stage, which reads the input twice', () => {
    const { dir, ...result } = runFromFifo(barrier);
    expectCode(result, 0);
    const fromFile = veil(['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'ref.ndjson', '-q'], {
      cwd: dir,
    });
    expectCode(fromFile, 0);
    const output = readFileSync(path.join(dir, 'out.ndjson'), 'utf8');
    expect(output.trim().split('\n')).toHaveLength(4);
    expect(output).toBe(readFileSync(path.join(dir, 'ref.ndjson'), 'utf8'));
  });

  it('reads /dev/stdin when stdin is a pipe', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), plain);
    writeFileSync(path.join(dir, 'in.ndjson'), records);
    // A shell pipe: spawnSync's own stdin is a socket, which /dev/stdin cannot reopen (ENXIO).
    const script =
      `cat in.ndjson | "${process.execPath}" "${bin}" ` +
      'run p.yaml -i /dev/stdin -o out.ndjson -q';
    const result = spawnSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expectCode({ code: result.status, stderr: result.stderr }, 0);
    expect(readFileSync(path.join(dir, 'out.ndjson'), 'utf8')).toBe(records);
  });
});
