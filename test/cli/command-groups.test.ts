/**
 * CLI: the command-group table. `main.ts` imports only the group whose list names the command
 * being run, so each group's list must be exactly the top-level commands its module registers;
 * otherwise a command would be missing, or load the wrong module.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandGroups } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/main.js';

describe('CLI command groups', () => {
  it('each group lists exactly the top-level commands its module registers', async () => {
    for (const group of commandGroups) {
      const program = new Command('veil');
      (await group.load()).register(program);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...group.commands].sort());
    }
    const all = commandGroups.flatMap((group) => group.commands);
    expect(new Set(all).size).toBe(all.length);
  });

  it('builds only the named group for a command, every group for help', async () => {
    const run = await buildProgram(['node', 'veil', 'run', 'p.yaml']);
    expect(run.commands.map((c) => c.name()).sort()).toEqual(['run', 'stages', 'validate']);
    const help = await buildProgram(['node', 'veil', '--help']);
    expect(help.commands.map((c) => c.name()).sort()).toEqual(
      commandGroups.flatMap((group) => group.commands).sort(),
    );
  });
});
