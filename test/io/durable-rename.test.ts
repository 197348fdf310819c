/**
 * I/O: a file written through a temporary file is flushed to disk before its rename, and its
 * directory after it. The system calls are watched with strace (skipped where strace cannot run):
 * before round 12 the output and reject file were renamed without any fsync, so after a power
 * loss the name could point at an empty or short file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const straceWorks =
  process.platform === 'linux' &&
  spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8' }).status === 0;

/**
 * Runs node with `args` under strace, with file descriptors shown as paths (`-y`), and returns
 * the fsync and rename calls of every thread in the order they happened.
 */
function traceSyncs(dir: string, args: string[]): string[] {
  const log = path.join(dir, 'strace.log');
  const result = spawnSync(
    'strace',
    [
      '-f',
      '-qq',
      '-y',
      '-o',
      log,
      '-e',
      'trace=fsync,fdatasync,rename,renameat,renameat2',
      process.execPath,
      ...args,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n');
}

/** The index of the first line that matches, asserting there is one. */
function lineOf(lines: string[], test: (line: string) => boolean, what: string): number {
  const index = lines.findIndex(test);
  expect(index, `${what} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** Asserts: fsync of the temporary file, then its rename to `target`, then fsync of the dir. */
function expectDurableRename(lines: string[], target: string): void {
  const dir = path.dirname(target);
  const hidden = `${dir}/.${path.basename(target)}.`;
  const rename = lineOf(
    lines,
    (l) => /rename/.test(l) && l.includes(`"${hidden}`) && l.includes(`"${target}"`),
    `the rename to ${target}`,
  );
  const fileSync = lineOf(
    lines,
    (l) => /fsync\(\d+</.test(l) && l.includes(`<${hidden}`),
    `an fsync of the temporary file of ${target}`,
  );
  expect(fileSync).toBeLessThan(rename);
  const dirSync = lines.findIndex(
    (l, i) => i > rename && /fsync\(\d+</.test(l) && l.includes(`<${dir}>`),
  );
  expect(dirSync, `an fsync of ${dir} after the rename`).toBeGreaterThan(rename);
}

describe.skipIf(!straceWorks)('io: durable renames', () => {
  it('a threaded run flushes its output and reject file before renaming them', () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n{"a":\n{"a":2}\n');
    const pipelineFile = path.join(dir, 'p.yaml');
    writeFileSync(
      pipelineFile,
      'name: p\ninput: { format: ndjson }\non_error: reject\nstages: []\n',
    );
    const output = path.join(dir, 'out.ndjson');
    const rejects = path.join(dir, 'rejects.ndjson');

    const lines = traceSyncs(dir, [
      bin,
      'run',
      pipelineFile,
      '-i',
      input,
      '-o',
      output,
      '--reject-file',
      rejects,
      '-t',
      '1',
    ]);

    expectDurableRename(lines, output);
    expectDurableRename(lines, rejects);
    expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('writeFileReplacing (reports, exports) flushes the same way', () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.json');
    const module = path.resolve('dist/src/io/replace-file.js');
    const script =
      `import(${JSON.stringify(module)}).then((m) => m.writeFileReplacing(` +
      `${JSON.stringify(target)}, '{}\\n', { role: 'report', mode: 0o644 }))`;

    const lines = traceSyncs(dir, ['-e', script]);

    expectDurableRename(lines, target);
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
  });
});
