/**
 * Pools load their ES-module workers through `dist/workers/esm-entry.cjs` (an asynchronous
 * `import()`), not by Piscina's `require()`: a pool destroyed while its threads were still
 * loading the worker synchronously made Node 20.19+ abort the process (a fatal V8 error, exit by
 * SIGABRT). Each child process here starts a two-thread pool on the serve worker and destroys it
 * at a different moment of the threads' start-up; every one must exit normally. With the worker
 * given to Piscina directly, about one start in nine aborted on this machine.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/engine/package-root.js';
import { esmWorkerOptions } from '../../src/engine/worker-entry.js';

const root = findPackageRoot();
const serveWorker = path.join(root, 'dist', 'workers', 'serve-privacy-worker.js');

/** Runs `code` as an ES module in a child with the package root as its directory. */
function runChild(code: string): Promise<{ exit: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code, signal) => resolve({ exit: `code ${code}, signal ${signal}`, output }));
  });
}

function poolCode(body: string): string {
  const options = JSON.stringify(esmWorkerOptions(serveWorker));
  return `import { Piscina } from 'piscina';
const pool = new Piscina({ ...${options}, minThreads: 2, maxThreads: 2 });
${body}`;
}

describe('esm-entry: ES-module workers loaded asynchronously', () => {
  it('names the compiled entry beside the worker and passes the worker as the last argv entry', () => {
    const options = esmWorkerOptions(serveWorker);
    expect(options.filename).toBe(path.join(root, 'dist', 'workers', 'esm-entry.cjs'));
    expect(options.argv).toEqual([serveWorker]);
  });

  it('runs tasks through the entry: the worker answers as it does when loaded directly', async () => {
    const { exit, output } = await runChild(
      poolCode(`const [outcome] = await pool.run([{ op: 'detect', text: 'mail jane.roe@example.com now' }]);
console.log(JSON.stringify(outcome));
await pool.destroy();`),
    );
    expect(exit, output).toBe('code 0, signal null');
    const outcome = JSON.parse(output.trim().split('\n').at(-1)!) as {
      ok: boolean;
      value: { findings: { type: string; start: number; end: number; score: number }[] };
    };
    expect(outcome.ok).toBe(true);
    expect(outcome.value.findings).toEqual([{ type: 'EMAIL_ADDRESS', start: 5, end: 25, score: 1 }]);
  });

  it('a pool destroyed at any moment of its threads start-up ends the process normally', async () => {
    const delays = Array.from({ length: 24 }, (_, i) => 20 + i * 25);
    const failures: string[] = [];
    for (const delay of delays) {
      const { exit, output } = await runChild(
        poolCode(`setTimeout(async () => { await pool.destroy(); console.log('destroyed'); }, ${delay});`),
      );
      if (exit !== 'code 0, signal null' || !output.includes('destroyed')) {
        failures.push(`after ${delay} ms: ${exit}\n${output.slice(-600)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a worker module without a default export is reported by the first task, naming the module', async () => {
    const { exit, output } = await runChild(`import { Piscina } from 'piscina';
const pool = new Piscina({ filename: ${JSON.stringify(esmWorkerOptions(serveWorker).filename)}, argv: [${JSON.stringify(path.join(root, 'dist', 'src', 'engine', 'worker-entry.js'))}] });
try { await pool.run(1); console.log('no error'); } catch (error) { console.log('error: ' + error.message); }
await pool.destroy();`);
    expect(exit, output).toBe('code 0, signal null');
    expect(output).toContain('error: esm-entry:');
    expect(output).toContain('worker-entry.js has no default export function');
  });
});
