/**
 * CLI: every command that writes a file the user names (audit export and checkpoint, compliance
 * report, synth and synth-fit output and quality report) refuses a path that is a symbolic link,
 * a FIFO or a directory with exit 2, a message naming the file's role and kind, and the path left
 * as it was. They renamed a temporary file over the path, replacing the link (its target left
 * stale) or the FIFO. A regular file is still replaced.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, veil } from '../helpers/cli.js';
import { expectUntouched, notRegularPaths, refusedKinds } from '../helpers/not-regular.js';
import { tempDir } from '../helpers/temp.js';

/** A store and the audit keys the security commands need, away from the paths under test. */
function securityEnvironment(): { store: string; env: Record<string, string> } {
  const dir = tempDir('veil-writers-');
  const signing = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  return {
    store: path.join(dir, 'store'),
    env: {
      VEIL_HOME: path.join(dir, 'home'),
      VEIL_AUDIT_HMAC_KEY: `hex:${randomBytes(32).toString('hex')}`,
      VEIL_AUDIT_SIGNING_KEY: signing,
    },
  };
}

const schema = 'fields:\n  n: { type: integer, min: 1, max: 9 }\n';

/** A small table for synth-fit, in a directory of its own. */
function fitInput(): string {
  const file = path.join(tempDir('veil-writers-fit-'), 'in.csv');
  const rows = Array.from({ length: 60 }, (_, i) => `${20 + (i % 40)},${i % 3 === 0 ? 'a' : 'b'}`);
  writeFileSync(file, ['age,kind', ...rows].join('\n') + '\n');
  return file;
}

/**
 * Runs `args(target)` for a link, a FIFO and a directory (each refused with exit 2 and
 * `the ROLE PATH is a KIND`), then for a regular file, which must be replaced.
 */
function expectRefusedThenReplaced(
  role: string,
  args: (target: string) => string[],
  env: Record<string, string> = {},
): void {
  const paths = notRegularPaths();
  for (const [name, kind] of refusedKinds) {
    const result = veil(args(paths[name]), { env, cwd: paths.dir });
    expectCode(result, 2);
    expect(result.stderr).toContain(
      `veil: the ${role} ${paths[name]} ${kind}: Veil writes only to regular files`,
    );
  }
  expectUntouched(paths);

  const result = veil(args(paths.regular), { env, cwd: paths.dir });
  expectCode(result, 0);
  expect(readFileSync(paths.regular, 'utf8')).not.toBe('old\n');
}

describe('CLI writers: a path that is not a regular file', () => {
  const securityCommands: [string, (target: string, store: string) => string[]][] = [
    ['audit export', (target, store) => ['audit', 'export', '--output', target, '--store', store]],
    ['checkpoint file', (target, store) => ['audit', 'checkpoint', '--output', target, '--store', store]],
    ['compliance report', (target, store) => ['compliance', 'report', 'gdpr', '--output', target, '--store', store]],
  ];
  it.each(securityCommands)('the %s (--output)', (role, args) => {
    const { store, env } = securityEnvironment();
    expectRefusedThenReplaced(role, (target) => args(target, store), env);
  });

  it('veil synth --output', () => {
    const file = path.join(tempDir('veil-writers-schema-'), 'schema.yaml');
    writeFileSync(file, schema);
    expectRefusedThenReplaced('output', (target) => ['synth', file, '-n', '20', '-t', '0', '-q', '-o', target]);
  });

  it('veil synth-fit --output and --report', () => {
    const input = fitInput();
    const scratch = tempDir('veil-writers-out-');
    const fit = ['synth-fit', input, '-n', '20', '-q'];
    expectRefusedThenReplaced('synthetic output', (target) => [...fit, '-o', target]);
    expectRefusedThenReplaced('quality report', (target) => [
      ...fit,
      ...['-o', path.join(scratch, 'out.csv'), '-r', target],
    ]);
  });
});
