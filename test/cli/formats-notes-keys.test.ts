/**
 * `veil detect`: --format is the output's format, as in `veil run` (round 12; it was the input's
 * here, so `-i n.csv -o n.ndjson --format ndjson` read the CSV as JSON and failed), the input's
 * comes from --input-format or the input's extension, and the output's from its extension.
 * `veil eval` on a missing file says it cannot read it, in the words of the other commands;
 * `veil validate` notes the `env:` variables a run would need and this environment lacks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const csv = 'ref,note\nx,mail bob@example.com\n';

/** A fresh directory holding notes.csv (each test's own: directories go after each test). */
function withCsv(): { dir: string; input: string } {
  const dir = tempDir();
  const input = path.join(dir, 'notes.csv');
  writeFileSync(input, csv);
  return { dir, input };
}

describe('veil detect: input and output formats', () => {
  it('--format names the output format, the input being read by its extension', () => {
    const { dir, input } = withCsv();
    const output = path.join(dir, 'out.txt');
    expectCode(veil(['detect', '-i', input, '-o', output, '--format', 'ndjson', '-q']), 0);
    const record = JSON.parse(readFileSync(output, 'utf8').trim()) as { _pii: Array<{ type: string }> };
    expect(record._pii.map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
  });

  it('the output format follows the output extension, else the input format', () => {
    const { dir, input } = withCsv();
    const ndjson = path.join(dir, 'out.ndjson');
    expectCode(veil(['detect', '-i', input, '-o', ndjson, '-q']), 0);
    expect(readFileSync(ndjson, 'utf8').startsWith('{"ref":"x"')).toBe(true);
    const same = path.join(dir, 'out.pii');
    expectCode(veil(['detect', '-i', input, '-o', same, '-q']), 0);
    expect(readFileSync(same, 'utf8').split('\n')[0]).toBe('ref,note,_pii');
  });

  it('--input-format overrides the extension', () => {
    const dir = tempDir();
    const jsonLines = path.join(dir, 'records.txt');
    writeFileSync(jsonLines, '{"note":"mail bob@example.com"}\n');
    const output = path.join(dir, 'from-txt.ndjson');
    expectCode(veil(['detect', '-i', jsonLines, '--input-format', 'ndjson', '-o', output, '-q']), 0);
    expect(readFileSync(output, 'utf8')).toContain('EMAIL_ADDRESS');
  });

  it('its help text wraps whole sentences, not at fixed line ends', () => {
    const help = veil(['detect', '--help']).stdout;
    expect(help).toContain('every string field (or only --field\npaths) is scanned');
    expect(help).not.toMatch(/\[\{field, type, start,\n\s*end/);
  });
});

describe('veil eval: an unreadable gold file', () => {
  it('says it cannot read the file, with the error code, exit 2', () => {
    const missing = path.join(tempDir(), 'missing.jsonl');
    const result = veil(['eval', missing]);
    expectCode(result, 2);
    expect(result.stderr.trim()).toBe(`veil: ${missing}: cannot read the gold file (ENOENT)`);
  });
});

describe('veil validate: env: references not set here', () => {
  it('notes each unset variable by name (exit 0: the file is valid), and says nothing of set ones', () => {
    const result = veil(['validate', 'pipelines/support-tickets.yaml'], {
      env: { VEIL_HASH_KEY: 'x'.repeat(32), VEIL_PSEUDONYM_KEY: undefined, VEIL_SHIFT_KEY: undefined },
    });
    expectCode(result, 0);
    const notes = result.stdout.split('\n').filter((line) => line.includes('note:'));
    expect(notes).toEqual([
      // The CLI's first-run key stands in for this one (src/cli/default-key.ts).
      `pipelines/support-tickets.yaml: note: env:VEIL_PSEUDONYM_KEY is not set in this environment; \`veil run\` will use the key file ${path.resolve('.veil/keys/pseudonym.key')} (created on first use)`,
      'pipelines/support-tickets.yaml: note: env:VEIL_SHIFT_KEY is not set in this environment; `veil run` needs it',
    ]);
    expect(result.stdout).not.toContain('x'.repeat(32));
  });

  it('withholds a name not written as an environment variable name (a secret pasted after env:)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, 'name: p\ninput: { format: ndjson }\nstages:\n  - type: pseudonymize\n    key: env:s3cretValue99\n    fields: [a]\n');
    const result = veil(['validate', file]);
    expectCode(result, 0);
    expect(result.stdout).toContain('note: env: (name withheld: not written as a name) is not set in this environment');
    expect(result.stdout).not.toContain('s3cretValue99');
  });
});

describe('veil run: a pseudonymize stage with no key', () => {
  it('gets the first-run key as a stage naming env:VEIL_PSEUDONYM_KEY does', () => {
    const dir = tempDir();
    const pipelineFile = path.join(dir, 'p.yaml');
    writeFileSync(pipelineFile, 'name: p\ninput: { format: ndjson }\nstages:\n  - type: pseudonymize\n    fields: [email]\n');
    const result = veil(['run', pipelineFile, '-i', '-', '-o', '-', '-q'], {
      input: '{"email":"bob@example.com"}\n',
      env: { VEIL_HOME: path.join(dir, 'home') },
    });
    expectCode(result, 0);
    expect(result.stdout).not.toContain('bob@example.com');
    expect(result.stderr).toContain('created a new random key');
  });
});
