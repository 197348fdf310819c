/**
 * k-anonymize and `veil risk` with a quasi-identifier the input does not have (a misspelt name):
 * under `on_error: reject` a column absent from every record fails the run as a configuration
 * error before any output, and a column absent from some records rejects those records naming
 * that column (round 13: they were rejected as holding an unseen value of another column).
 * `veil risk` names the file and line. Runs the compiled CLI on real files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const VEIL = path.join(ROOT, 'bin/veil.js');

const pipeline = (format: 'csv' | 'ndjson') =>
  [
    'name: k',
    'input:',
    `  format: ${format}`,
    'output:',
    '  format: ndjson',
    'on_error: reject',
    'stages:',
    '  - type: k-anonymize',
    '    k: 2',
    '    quasi_identifiers:',
    "      age: { interval: [5, 10, 20, '*'] }",
    '      nosuch: { mask: right, levels: 5 }',
    '',
  ].join('\n');

describe('k-anonymize: a quasi-identifier the input lacks', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const workDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-absent-'));
    dirs.push(dir);
    return dir;
  };
  const veil = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [VEIL, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, VEIL_HOME: path.join(dir, '.veil') } });

  it('fails the run naming the column when no record has it', () => {
    const dir = workDir();
    writeFileSync(path.join(dir, 'k.yaml'), pipeline('csv'));
    writeFileSync(path.join(dir, 'in.csv'), 'name,age,zip,disease\nann,34,12345,flu\nbob,36,12346,cold\ncid,45,12347,flu\ndan,47,12348,cold\n');
    const r = veil(dir, 'run', 'k.yaml', '-i', 'in.csv', '-o', 'out.ndjson');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("quasi-identifier 'nosuch' is missing from every record (4)");
    expect(r.stderr).not.toContain('pass 1 did not see');
    expect(r.stderr).not.toContain('ann');
    expect(existsSync(path.join(dir, 'out.ndjson'))).toBe(false);
  });

  it('rejects the records without it, naming that column, and keeps the others', () => {
    const dir = workDir();
    writeFileSync(path.join(dir, 'k.yaml'), pipeline('ndjson'));
    const rows = [{ age: 34, nosuch: '12345' }, { age: 36, nosuch: '12346' }, { age: 45 }, { age: 47 }];
    writeFileSync(path.join(dir, 'in.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = veil(dir, 'run', 'k.yaml', '-i', 'in.ndjson', '-o', 'out.ndjson');
    expect(r.status).toBe(0);
    const out = readFileSync(path.join(dir, 'out.ndjson'), 'utf8').trim().split('\n');
    expect(out).toHaveLength(2);
    const rejects = readFileSync(path.join(dir, 'out.ndjson.rejects.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejects.map((e) => e.reason)).toEqual([
      "stage 'k-anonymize' (#1): record 2 (line 3): field 'nosuch' is missing or not a scalar",
      "stage 'k-anonymize' (#1): record 3 (line 4): field 'nosuch' is missing or not a scalar",
    ]);
  });

  it('veil risk names the file and line of a record without the column', () => {
    const dir = workDir();
    writeFileSync(path.join(dir, 'in.csv'), 'name,age\nann,34\n"bo\nb",\n');
    writeFileSync(path.join(dir, 'in.ndjson'), '{"age":34}\n\n{"name":"cid"}\n');
    const csv = veil(dir, 'risk', '--input', 'in.csv', '--qi', 'age,nosuch');
    expect(csv.status).toBe(1);
    expect(csv.stderr).toContain("in.csv:2: record 0: quasi-identifier 'nosuch' is missing or not a scalar");
    const ndjson = veil(dir, 'risk', '--input', 'in.ndjson', '--qi', 'name');
    expect(ndjson.status).toBe(1);
    expect(ndjson.stderr).toContain("in.ndjson:1: record 0: quasi-identifier 'name' is missing or not a scalar");
    expect(veil(dir, 'risk', '--input', 'in.ndjson', '--qi', 'age').stderr).toContain("in.ndjson:3: record 1: quasi-identifier 'age'");
  });
});
