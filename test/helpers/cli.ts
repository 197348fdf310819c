/** Runs the real `bin/veil.js` (compiled build) in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

/**
 * Asserts the refusal of a key file that group or others can access: exit 2 and one line naming
 * `role` (the variable or flag), the file, its octal `mode` and the chmod; never the `secret`.
 */
export function expectKeyFileRefused(
  result: { code: number | null; stdout: string; stderr: string },
  role: string,
  file: string,
  mode: string,
  secret: string,
): void {
  expectCode(result, 2);
  expect(result.stderr).toBe(
    `veil: ${role}: key file ${file} is accessible by group or others ` +
      `(mode ${mode}); run chmod 600 on it\n`,
  );
  expect(result.stdout + result.stderr).not.toContain(secret);
}

/** Writes `p.yaml` in `dir`: NDJSON in, one `anonymize` stage, bad records rejected; its path. */
export function rejectingAnonymizePipeline(dir: string): string {
  const file = path.join(dir, 'p.yaml');
  writeFileSync(file, 'name: p\ninput: { format: ndjson }\non_error: reject\nstages:\n  - type: anonymize\n');
  return file;
}
