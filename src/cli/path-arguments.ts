/**
 * Checks every file path a command was given before its action runs: the options whose value
 * is a file or directory (`--input <path>`, `--checkpoint <file>`, `--out-dir <dir>`, ...) and
 * the arguments that name one (`veil run <pipeline>`, `veil synth <schema>`, ...). One hook on
 * the program rather than a check per command, so a command added later is covered when its
 * placeholder says it takes a path. A field path (`--field <path...>`) is not a file and is left
 * alone.
 */
import type { Command } from 'commander';
import { checkPathCharacters } from '../io/path-characters.js';

// Value placeholders of options that name a file or directory.
const FILE_PLACEHOLDER = /<(?:path|file|dir|file\.[a-z]+|name=dir)>$/;

// Argument names that name a file.
const FILE_ARGUMENTS = new Set(['pipeline', 'gold', 'schema', 'input', 'path']);

/**
 * `output path` for `--output`, `reject file path` for `--reject-file`; a name that already says
 * path (the `<path>` argument of `dsar datasets add`) is not doubled into `path path`.
 */
const role = (name: string): string => {
  const words = name.replaceAll('-', ' ');
  return /(?:^| )path$/.test(words) ? words : `${words} path`;
};

function check(value: unknown, name: string): void {
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === 'string') checkPathCharacters(item, role(name));
  }
}

/** Throws a usage error naming the first path (by role) that holds a control character. */
export function checkCommandPaths(command: Command): void {
  const values = command.opts();
  for (const option of command.options) {
    if (option.long === undefined || !FILE_PLACEHOLDER.test(option.flags)) continue;
    check(values[option.attributeName()], option.long.replace(/^--/, ''));
  }
  command.registeredArguments.forEach((argument, i) => {
    if (FILE_ARGUMENTS.has(argument.name())) check(command.processedArgs[i], argument.name());
  });
}
