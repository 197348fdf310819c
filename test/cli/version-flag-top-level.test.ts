/**
 * CLI: `--version` / `-V` belong to the program, not to its commands. Commander took them
 * anywhere on the line, so `veil keys destroy customers --version 1 --yes` (the option is
 * `--key-version`) printed the version and exited 0 with nothing destroyed, and `veil users
 * disable ada -V` left the user enabled. A command given either now fails as an unknown option
 * and changes nothing in the store.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../audit/cli-helpers.js';

const cli = useCliEnvironment('veil-cli-version-');
const withMasterKey = (): void => {
  cli.env = { ...cli.env, VEIL_MASTER_KEY: randomBytes(32).toString('hex') };
};

describe('veil --version: top level only', () => {
  it('prints the version before a command name, and nowhere else', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await cli.veil([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('keys destroy NAME --version 1 --yes is refused and the key keeps its version', async () => {
    withMasterKey();
    expect((await cli.veil(['keys', 'create', 'customers'])).code).toBe(0);

    const result = await cli.veil(['keys', 'destroy', 'customers', '--version', '1', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown option '--version'");

    const listed = await cli.veil(['keys', 'list', '--json']);
    const keys = JSON.parse(listed.stdout) as { name: string; versions: { state: string }[] }[];
    expect(keys.find((k) => k.name === 'customers')?.versions.map((v) => v.state)).toEqual(['enabled']);
  });

  it('users disable NAME -V is refused and the user stays enabled', async () => {
    const created = await cli.veil(
      ['users', 'create', 'ada', '--email', 'ada@example.com'],
      'copper-lantern-83-fjord\n',
    );
    expect(created.code, created.stderr).toBe(0);

    const result = await cli.veil(['users', 'disable', 'ada', '-V']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown option '-V'");

    const listed = await cli.veil(['users', 'list', '--json']);
    const users = JSON.parse(listed.stdout) as { username: string; state: string }[];
    expect(users.find((u) => u.username === 'ada')?.state).toBe('active');
  });
});
