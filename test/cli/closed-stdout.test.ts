/**
 * CLI: a reader that closes stdout early (`veil ... | head -1`) ends the command quietly: exit 0,
 * nothing on stderr, no stack trace, no unhandled 'error' event.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStore } from '../../src/store/environment.js';
import { cliAuditLogger, makeCliEnvironment } from '../audit/cli-helpers.js';
import { bin } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

interface Cut {
  code: number | null;
  firstLine: string;
  stderr: string;
}

/**
 * Runs `veil ARGS` with stdout piped into a reader that closes the pipe after the first line
 * (or, with `at: 'start'`, before reading anything, so the first write already fails).
 */
function veilIntoHead(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; at?: 'first-line' | 'start' } = {},
): Promise<Cut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: options.env ?? { PATH: process.env.PATH },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    if (options.at === 'start') child.stdout.destroy();
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, firstLine: out.split('\n')[0]!, stderr }));
  });
}

function expectQuiet(result: Cut): void {
  expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

describe('veil with a closed stdout', () => {
  it('--help into a reader that is already gone exits 0 without a word', async () => {
    const result = await veilIntoHead(['--help'], { at: 'start' });
    expectQuiet(result);
  });

  it('--help | head -1 prints the first line and exits 0', async () => {
    const result = await veilIntoHead(['--help']);
    expect(result.firstLine).toMatch(/^Usage: veil /);
    expectQuiet(result);
  });

  it('synth -o - | head -1 stops the run quietly', async () => {
    const dir = tempDir();
    const schema = path.resolve('pipelines/schemas/customers.schema.yaml');
    const args = [schema, '-n', '100000', '--seed', '1', '-t', '0', '-o', '-', '-q'];
    const result = await veilIntoHead(['synth', ...args], { cwd: dir });
    expect(JSON.parse(result.firstLine)).toHaveProperty('id');
    expectQuiet(result);
  });

  it('audit search | head -1 stops quietly', async () => {
    const { dir, env } = makeCliEnvironment('veil-closed-stdout-');
    // The store is filled through the library, with the key the CLI reads from its key file.
    const storePath = path.join(dir, 'home', 'store');
    const logger = cliAuditLogger(env, storePath);
    await logger.logEvents(
      Array.from({ length: 1000 }, (_, i) => ({
        type: 'data_access' as const,
        resource: `documents/${'x'.repeat(200)}/${i}`,
      })),
    );
    await logger.flush();
    await closeStore(storePath);

    try {
      const args = ['audit', 'search', '--limit', '1000'];
      const result = await veilIntoHead(args, { env, cwd: dir });
      expect(JSON.parse(result.firstLine)).toMatchObject({ seq: 1 });
      expectQuiet(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
