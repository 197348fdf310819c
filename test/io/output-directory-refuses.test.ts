/**
 * I/O: an output directory that exists but refuses new files. A directory under /proc refuses
 * them with ENOENT, which was reported as "its directory ... does not exist"; a directory without
 * write permission was found only when the run opened its output. Both are now named, with the
 * reason, before the run reads anything; the record values never appear in the message.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { checkOutputDirectory, openOutputSink } from '../../src/io/sink.js';
import { bin } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const onLinux = existsSync('/proc/self/status');
const secret = 'secret-value-4711';
const spec = {
  name: 'refuses',
  input: { format: 'ndjson' as const },
  on_error: 'reject' as const,
  stages: [],
};

function inputFile(dir: string): string {
  const input = path.join(dir, 'in.ndjson');
  writeFileSync(input, `{"a":"${secret}"}\n{"a":\n`);
  return input;
}

describe.skipIf(!onLinux)('io: an output directory under /proc', () => {
  it('checkOutputDirectory says it exists but refuses new files', async () => {
    for (const dir of ['/proc', '/proc/self']) {
      await expect(checkOutputDirectory(`${dir}/out.ndjson`)).rejects.toThrow(
        `cannot write the output ${dir}/out.ndjson: its directory ${dir} exists but refuses ` +
          'new files (ENOENT)',
      );
    }
  });

  it('a threaded run names the output or the reject file and reads nothing', async () => {
    const dir = tempDir();
    const input = inputFile(dir);
    const output = path.join(dir, 'out.ndjson');
    const toProc = pipeline(spec).run({ input, output: '/proc/self/out.ndjson', threads: 1 });
    await expect(toProc).rejects.toThrow(
      'cannot write the output /proc/self/out.ndjson: its directory /proc/self exists but ' +
        'refuses new files (ENOENT)',
    );
    const rejectsToProc = pipeline(spec).run({
      input,
      output,
      rejectFile: '/proc/rejects.ndjson',
      threads: 1,
    });
    const error = await rejectsToProc.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe(
      'cannot write the reject file /proc/rejects.ndjson: its directory /proc exists but ' +
        'refuses new files (ENOENT)',
    );
    expect(error?.message).not.toContain(secret);
    expect(readdirSync(dir)).toEqual(['in.ndjson']);
  });

  it('a sink opened without the check reports the same reason at its first write', async () => {
    const sink = openOutputSink('/proc/self/sink.ndjson');
    await expect(sink.write(`{"a":"${secret}"}\n`).then(() => sink.commit())).rejects.toThrow(
      'its directory /proc/self exists but refuses new files (ENOENT)',
    );
    await sink.abort();
  });
});

/**
 * Root writes anywhere, so as root the CLI runs as `nobody` through setpriv; as another user it
 * runs directly. Either way the directory is 0555 and owned by someone else than the runner.
 */
const asRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => existsSync(file));

describe.skipIf(process.platform === 'win32' || (asRoot && setpriv === undefined))(
  'cli: an output directory without write permission',
  () => {
    it('is named with the reason before the run, and nothing is written', () => {
      const dir = tempDir();
      chmodSync(dir, 0o755);
      const input = inputFile(dir);
      const pipelineFile = path.join(dir, 'p.yaml');
      writeFileSync(pipelineFile, 'name: p\ninput: { format: ndjson }\nstages: []\n');
      const locked = path.join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o555);
      const output = path.join(locked, 'out.ndjson');

      const args = [bin, 'run', pipelineFile, '-i', input, '-o', output, '-t', '1'];
      const command = asRoot
        ? [setpriv as string, '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
        : [process.execPath];
      const result = spawnSync(command[0] as string, [...command.slice(1), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      });

      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toBe(
        `veil: cannot write the output ${output}: its directory ${locked} is not writable by ` +
          'this user (EACCES)\n',
      );
      expect(result.stderr).not.toContain(secret);
      expect(readdirSync(locked)).toEqual([]);
    });
  },
);
