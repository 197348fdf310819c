/**
 * The `veil` command line. Each area registers its commands from `commands/index.ts`; this file
 * only builds the program, maps usage errors to exit code 2 and runs it.
 *
 * Only the group that defines the command being run is imported (measured: `veil run` starts at
 * 72 MB RSS instead of 152 MB with every group); help, `--version` and unknown commands load all
 * of them, so help lists every command and a typo still gets its suggestion.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { findPackageRoot } from '../engine/package-root.js';
import { commandGroups } from './commands/index.js';
import {
  EXIT_USAGE,
  endQuietlyOnClosedOutput,
  exitCodeFor,
  isBrokenPipe,
  printError,
} from './output.js';
import { checkCommandPaths } from './path-arguments.js';

function version(): string {
  const manifest = path.join(findPackageRoot(), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Builds the program: with `argv` (as in `process.argv`), only the command group that `argv`
 * names when it names one; otherwise every group.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('veil');
  program
    .description(
      // One paragraph: commander wraps it to the terminal's width (a newline of its own here
      // broke the wrapped line in the middle of the sentence).
      'Veil: privacy pipelines for records. Detect, pseudonymize, anonymize, encrypt, k-anonymize ' +
        'and synthesize NDJSON, JSON and CSV data in streaming pipelines over worker threads.',
    )
    .version(version(), '-V, --version')
    // The program's own options (`--version`, `--help`) count only before a command's name:
    // commander otherwise takes them anywhere, so `keys destroy NAME --version 1 --yes` (meaning
    // `--key-version`) printed the version and exited 0 without destroying anything.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nQuick start:\n' +
        '  veil validate pipelines/adult-pseudonymize.yaml\n' +
        '  veil run pipelines/adult-pseudonymize.yaml --input data/adult/adult.csv --output out/adult.ndjson\n' +
        '  veil stages                      list the stages a pipeline file can use\n' +
        '  veil help <command>              options of one command\n' +
        '\nExit codes: 0 success, 1 failed run, 2 bad usage or bad pipeline file.\n' +
        'Set VEIL_DEBUG=1 to see stack traces.\n',
    );
  const name = argv?.[2];
  const named = commandGroups.filter((group) => name !== undefined && group.commands.includes(name));
  const groups = named.length > 0 ? named : commandGroups;
  // Every path a command is given is checked once, here, before its action runs.
  program.hook('preAction', (_program, action) => checkCommandPaths(action));
  const modules = await Promise.all(groups.map((group) => group.load()));
  for (const module of modules) module.register(program);
  return program;
}

/** Runs the CLI with `argv` (as in `process.argv`). */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  endQuietlyOnClosedOutput();
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; anything else commander reports is usage.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (isBrokenPipe(error)) return;
    printError(error);
    process.exitCode = exitCodeFor(error);
  }
}
