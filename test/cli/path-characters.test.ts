/**
 * CLI: a path holding a control character (U+0001-U+001F, U+007F; NUL cannot reach argv) is a
 * usage error (exit 2) naming the path's role and the rule, never the path, whichever command
 * and flag or argument carries it; nothing is written.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const RULE = 'must not contain control characters (U+0000 to U+001F or U+007F)';

function setUp() {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'p.yaml'), 'name: p\ninput:\n  format: ndjson\nstages: []\n');
  writeFileSync(path.join(dir, 'in.ndjson'), '{"a":1}\n');
  return dir;
}

describe('veil: paths with control characters', () => {
  it('refuses them in --input, --output, --reject-file and the pipeline argument of run', () => {
    const dir = setUp();
    const cases: Array<[string[], string]> = [
      [['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'o\nx.ndjson'], 'output path'],
      [['run', 'p.yaml', '-i', 'in.ndjson', '--output', 'o\rx.ndjson'], 'output path'],
      [['run', 'p.yaml', '-i', 'in\u001b.ndjson', '-o', 'o.ndjson'], 'input path'],
      [['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'o.ndjson', '--reject-file', 'r\tx'], 'reject file path'],
      [['run', 'p\u007f.yaml', '-i', 'in.ndjson', '-o', 'o.ndjson'], 'pipeline path'],
      [['detect', '--input', 'in.ndjson', '--output', 'd\n.ndjson'], 'output path'],
      [['synth', 'schema\n.yaml', '--count', '1', '--output', 's.ndjson'], 'schema path'],
      [['audit', 'verify', '--store', 'st\nore'], 'store path'],
      [['audit', 'export', '--output', 'a\n.jsonl'], 'output path'],
      // The argument is called path: its role is not doubled into "path path".
      [['dsar', 'datasets', 'add', 'c', 'a\nb', '--format', 'ndjson', '--identifier', 'email=email'], 'path'],
    ];
    for (const [args, role] of cases) {
      const result = veil(args, { cwd: dir, env: { VEIL_HOME: path.join(dir, 'home') } });
      expectCode(result, 2);
      expect(result.stderr).toBe(`veil: ${role} ${RULE}\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['in.ndjson', 'p.yaml']);
  });

  it('leaves a field path alone: --field names a record field, not a file', () => {
    const dir = setUp();
    const result = veil(['detect', '--input', 'in.ndjson', '--output', 'o.ndjson', '--field', 'a\tb'], { cwd: dir });
    expectCode(result, 0);
  });

  it('refuses them through the library run too, and in a pipeline reject_file', async () => {
    const dir = setUp();
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'o\nx.ndjson');
    const run = pipeline({ name: 'p', input: { format: 'ndjson' }, stages: [] }).run({ input, output, threads: 0 });
    await expect(run).rejects.toMatchObject({ code: 'VEIL_PATH_CHARACTERS', message: `output path ${RULE}` });
    const rejects = pipeline({
      name: 'p',
      input: { format: 'ndjson' },
      on_error: 'reject',
      reject_file: path.join(dir, 'r\u0000.ndjson'),
      stages: [],
    }).run({ input, output: path.join(dir, 'o.ndjson'), threads: 0 });
    await expect(rejects).rejects.toMatchObject({ code: 'VEIL_PATH_CHARACTERS', message: `reject file path ${RULE}` });
    expect(readdirSync(dir).sort()).toEqual(['in.ndjson', 'p.yaml']);
  });
});
