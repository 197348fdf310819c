import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the compiled CLI (npm test builds dist first).
const ROOT = new URL('../../', import.meta.url).pathname;
const VEIL = path.join(ROOT, 'bin/veil.js');

describe('veil risk', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reports the risk of an NDJSON file as JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-cli-'));
    dirs.push(dir);
    const input = path.join(dir, 'people.ndjson');
    const rows = [
      { zip: '100', age: 30 },
      { zip: '100', age: 30 },
      { zip: '200', age: 40 },
    ];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = execFileSync(process.execPath, [VEIL, 'risk', '--input', input, '--qi', 'zip,age', '--json'], { encoding: 'utf8' });
    const result = JSON.parse(out);
    expect(result.records).toBe(3);
    expect(result.classes).toBe(2);
    expect(result.prosecutor.highest).toBe(1);
    expect(result.prosecutor.average).toBeCloseTo(2 / 3, 12);
  });

  it('a missing field exits 1 naming the record and field; a bad flag exits 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-cli-'));
    dirs.push(dir);
    const input = path.join(dir, 'people.ndjson');
    writeFileSync(input, '{"zip":"100","age":31}\n{"zip":"200"}\n');
    const missing = spawnSync(process.execPath, [VEIL, 'risk', '--input', input, '--qi', 'zip,age'], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("record 1: quasi-identifier 'age' is missing");
    expect(missing.stderr).not.toContain('200');
    const bad = spawnSync(process.execPath, [VEIL, 'risk', '--input', input, '--qi', 'zip', '--threshold', '3'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
