/**
 * Paths a writer must refuse to rename over (a symbolic link to a file, a FIFO, a directory) and
 * a regular file it may replace, made in a fresh temporary directory. Only files made here are
 * used: never a device node or anything under /dev.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { tempDir } from './temp.js';

export interface NotRegularPaths {
  readonly dir: string;
  /** A symbolic link to `linked/target`, which holds `old\n`. */
  readonly link: string;
  readonly fifo: string;
  /** A directory holding one file, `kept`. */
  readonly folder: string;
  /** A regular file holding `old\n`. */
  readonly regular: string;
}

/** The three kinds a writer refuses, with the word its error uses for each. */
export const refusedKinds = [
  ['link', 'is a symbolic link'],
  ['fifo', 'is a FIFO'],
  ['folder', 'is a directory'],
] as const;

export function notRegularPaths(prefix = 'veil-not-regular-'): NotRegularPaths {
  const dir = tempDir(prefix);
  for (const [name] of refusedKinds) plantNotRegular(path.join(dir, name), name);
  writeFileSync(path.join(dir, 'regular'), 'old\n');
  return {
    dir,
    link: path.join(dir, 'link'),
    fifo: path.join(dir, 'fifo'),
    folder: path.join(dir, 'folder'),
    regular: path.join(dir, 'regular'),
  };
}

/**
 * Makes `file` a symbolic link to `linked/target` beside it (holding `old\n`), a FIFO, or a
 * directory holding one file, `kept`.
 */
export function plantNotRegular(file: string, kind: (typeof refusedKinds)[number][0]): void {
  const dir = path.dirname(file);
  if (kind === 'link') {
    mkdirSync(path.join(dir, 'linked'), { recursive: true });
    writeFileSync(path.join(dir, 'linked', 'target'), 'old\n');
    symlinkSync(path.join('linked', 'target'), file);
  } else if (kind === 'fifo') {
    execFileSync('mkfifo', [file]);
  } else {
    mkdirSync(file);
    writeFileSync(path.join(file, 'kept'), 'kept\n');
  }
}

/** Asserts that `file` is still what {@link plantNotRegular} made. */
export function expectStillPlanted(file: string, kind: (typeof refusedKinds)[number][0]): void {
  const info = lstatSync(file);
  if (kind === 'link') {
    expect(info.isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(path.dirname(file), 'linked', 'target'), 'utf8')).toBe('old\n');
  } else if (kind === 'fifo') {
    expect(info.isFIFO()).toBe(true);
  } else {
    expect(readdirSync(file)).toEqual(['kept']);
  }
}

/**
 * Asserts that the link, the FIFO and the directory are as they were made, and that no temporary
 * file was left beside them. `extra` lists other names the caller made in the directory.
 */
export function expectUntouched(paths: NotRegularPaths, extra: readonly string[] = []): void {
  for (const [name] of refusedKinds) expectStillPlanted(paths[name], name);
  expect(readdirSync(paths.dir).sort()).toEqual(
    ['fifo', 'folder', 'link', 'linked', 'regular', ...extra].sort(),
  );
}
