/**
 * CLI `veil synth` and `veil synth-fit` through the real `bin/veil.js` (compiled build): output
 * identical at 1 and 2 threads, the replay line (seed, refDate, faker version), exit code 2 with
 * file:line for a bad schema without echoing it, a schema streamed through a pipeline, and a fit
 * with its quality report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = path.resolve('bin/veil.js');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function veil(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('veil synth CLI', () => {
  it('writes the same bytes with 1 and 2 threads and prints what replays the run', () => {
    const one = path.join(dir, 'one.csv');
    const two = path.join(dir, 'two.csv');
    const a = veil(['synth', 'pipelines/schemas/customers.schema.yaml', '-n', '3000', '-s', '42', '-t', '1', '-o', one]);
    const b = veil(['synth', 'pipelines/schemas/customers.schema.yaml', '-n', '3000', '-s', '42', '-t', '2', '-o', two]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    const lines = readFileSync(one, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,first_name,last_name,email,age,plan,vip,signup,last_login,iban,card,address.street,address.city,address.zip,phones,note');
    expect(lines).toHaveLength(3001);
    expect(a.stderr).toMatch(/3000 records.*seed=42 refDate=2024-01-01T00:00:00.000Z faker=\d+\.\d+\.\d+/);
    // No temporary file is left beside the output.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 on a bad schema with file:line:column, without echoing the value', () => {
    const schema = path.join(dir, 'bad.yaml');
    writeFileSync(schema, 'fields:\n  n: { type: integer, min: "TOP-SECRET-42" }\n');
    const out = path.join(dir, 'never.ndjson');
    const result = veil(['synth', schema, '-n', '10', '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${schema}:2:`);
    expect(result.stderr).toContain('fields.n.min');
    expect(result.stderr).not.toContain('TOP-SECRET-42');
    expect(existsSync(out)).toBe(false);
    expect(veil(['synth', 'pipelines/schemas/customers.schema.yaml', '-n', 'lots', '-o', out]).code).toBe(2);
  });

  it('streams a schema through a pipeline (schema as the source)', () => {
    const out = path.join(dir, 'faked.ndjson');
    const result = veil(
      ['synth', 'pipelines/schemas/customers.schema.yaml', '-n', '300', '-s', '9', '-o', out, '--pipeline', 'pipelines/synth-fake.yaml'],
      { VEIL_SYNTH_KEY: 'cli-test-key-'.repeat(3) },
    );
    expect(result.code, result.stderr).toBe(0);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(300);
    expect(result.stderr).toMatch(/synthesize\.replaced=\d+/);
    // The note's name and the replaced name fields agree: one surrogate per person.
    for (const r of records.slice(0, 50)) {
      expect(r['note'] as string).toContain(`${r['first_name'] as string} ${r['last_name'] as string}`);
    }
  });

  it('synth-fit writes synthetic rows and a quality report', () => {
    const input = path.join(dir, 'adult-2000.csv');
    writeFileSync(input, readFileSync('data/adult/adult.csv', 'utf8').split('\n').slice(0, 2001).join('\n') + '\n');
    const out = path.join(dir, 'fit.csv');
    const report = path.join(dir, 'fit.html');
    const result = veil(['synth-fit', input, '-d', ';', '-o', out, '-n', '500', '-r', report]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(501);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
    expect(result.stderr).toMatch(/mean TVD 0\.\d+ \(baseline 0\.\d+\)/);
  });
});
