/**
 * CLI: `veil detect` (one-stage detect pipeline through the engine) and `veil eval` (per-type
 * table on a labelled file), through the real `bin/veil.js` (compiled build). Exit codes 0/2,
 * and errors that name the line without echoing its content.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const bin = path.resolve('bin/veil.js');
const veil = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('veil detect / veil eval', () => {
  it('veil detect writes _pii findings for the chosen field', () => {
    const dir = tempDir('veil-cli-detect-');
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(input, JSON.stringify({ id: 1, body: 'mail bob@example.com', other: 'carol@example.com' }) + '\n');
    const r = veil(['detect', '--input', input, '--output', output, '--field', 'body', '--threads', '0']);
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(output, 'utf8')) as { _pii: unknown[] };
    expect(out._pii).toEqual([{ field: 'body', type: 'EMAIL_ADDRESS', start: 5, end: 20, score: 1 }]);
    expect(r.stderr).toContain('findings.EMAIL_ADDRESS=1');
    // The same end-of-run lines as `veil run`.
    expect(r.stderr).toContain(`veil: output written to ${output}\n`);
    const piped = veil(['detect', '--input', input, '--output', '-', '--threads', '0']);
    expect(piped.stderr).toContain('veil: output written to stdout\n');
    const quiet = veil(['detect', '--input', input, '--output', path.join(dir, 'q.ndjson'), '--threads', '0', '--quiet']);
    expect(quiet.stderr).toBe('');
  });

  it('veil eval prints precision, recall and F1 per type', () => {
    const dir = tempDir('veil-cli-eval-');
    const gold = path.join(dir, 'gold.jsonl');
    const rows = [
      { id: 'a', text: 'mail bob@example.com now', entities: [{ type: 'EMAIL_ADDRESS', start: 5, end: 20 }] },
      { id: 'b', text: 'SSN 536-90-4399', entities: [{ type: 'US_SSN', start: 4, end: 15 }] },
    ];
    writeFileSync(gold, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = veil(['eval', gold, '--entities', 'EMAIL_ADDRESS,US_SSN']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/EMAIL_ADDRESS\s+1\s+1 \|\s+1\.000\s+1\.000\s+1\.000/);
    expect(r.stdout).toMatch(/US_SSN\s+1\s+1 \|/);
    const json = veil(['eval', gold, '--json']);
    expect((JSON.parse(json.stdout) as { micro: { overlap: { f1: number } } }).micro.overlap.f1).toBe(1);
  });

  it('a malformed gold line exits 2 naming the line, without echoing its content', () => {
    const dir = tempDir('veil-cli-eval-bad-');
    const gold = path.join(dir, 'gold.jsonl');
    writeFileSync(gold, '{"id":"a","text":"ok","entities":[]}\n{"id":"b","text":"secret 536-90-4399"\n');
    const r = veil(['eval', gold]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gold.jsonl:2');
    expect(r.stderr).not.toContain('536-90-4399');
  });

  it('an impossible gold span exits 2 naming the file, line and entity, without the text', () => {
    const dir = tempDir('veil-cli-eval-span-');
    const gold = path.join(dir, 'gold.jsonl');
    const text = 'secret 536-90-4399';
    const good = { type: 'US_SSN', start: 7, end: 18 };
    const cases: Array<[unknown, string]> = [
      [{ type: 'PERSON', start: 5, end: 2 }, 'ends at or before its start'],
      [{ type: 'PERSON', start: 3, end: 3 }, 'ends at or before its start'],
      [{ type: 'PERSON', start: -1, end: 2 }, 'negative start'],
      [{ type: 'PERSON', start: 7, end: 19 }, 'ends past the text (18 code units)'],
      [{ type: 'PERSON', start: 1.5, end: 4 }, 'integer start and end'],
      [{ type: 'PERSON', start: '1', end: 4 }, 'integer start and end'],
      [{ type: '', start: 1, end: 4 }, 'non-empty type'],
      [{ start: 1, end: 4 }, 'non-empty type'],
    ];
    for (const [entity, problem] of cases) {
      const rows = [
        { id: 'a', text, entities: [good] },
        { id: 'b', text, entities: [good, entity] },
      ];
      writeFileSync(gold, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const r = veil(['eval', gold]);
      expect(r.code, JSON.stringify(entity)).toBe(2);
      expect(r.stderr).toContain(`${gold}:2: entity 2 `);
      expect(r.stderr).toContain(problem);
      expect(r.stderr).not.toContain('536-90-4399');
      expect(r.stdout).toBe('');
    }
  });

  it('bad usage exits 2', () => {
    expect(veil(['detect', '--output', '-']).code).toBe(2);
    expect(veil(['eval', '/nonexistent/x.jsonl', '--entities', 'lower']).code).toBe(2);
  });
});
