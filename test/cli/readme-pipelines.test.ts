/**
 * docs: every pipeline file that docs/readme names (`pipelines/NAME.yaml`) is in the repository
 * and passes `veil validate`, so the README's commands run as written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const bin = path.resolve('bin/veil.js');
// engine.md shows the messages a broken file gets: that file is meant not to exist.
const ILLUSTRATIONS = new Set(['pipelines/x.yaml']);

it('every pipeline file named in docs/readme exists and validates', () => {
  const named = new Set<string>();
  for (const file of readdirSync('docs/readme').filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(path.join('docs/readme', file), 'utf8');
    for (const match of text.matchAll(/pipelines\/[A-Za-z0-9_.-]+\.(?:yaml|yml|ts)/g)) named.add(match[0]);
  }
  expect(named.has('pipelines/support-tickets.yaml')).toBe(true);
  const files = [...named].filter((p) => !ILLUSTRATIONS.has(p)).sort();
  expect(files.filter((p) => !existsSync(p))).toEqual([]);
  const result = spawnSync(process.execPath, [bin, 'validate', ...files], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
});
