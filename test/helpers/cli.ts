/** Runs the real `bin/veil.js` (compiled build) in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';

export const bin = path.resolve('bin/veil.js');

/** Runs `veil ...args` to completion; key and debug variables unset unless given. */
export function veil(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {},
) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VEIL_PSEUDONYM_KEY: undefined,
    VEIL_DEBUG: undefined,
    ...options.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const result = spawnSync(process.execPath, [bin, ...args], {
    env,
    input: options.input,
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts the exit code, showing stderr when it differs. */
export function expectCode(result: { code: number | null; stderr: string }, code: number): void {
  expect(result.code, result.stderr).toBe(code);
}
