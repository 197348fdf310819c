/**
 * k-anonymize: a record without a quasi-identifier (or the sensitive field) under
 * `on_error: reject` is rejected, named by record, line and field but never by value, and left
 * out of both the plan and the output: the output equals a run over the input without those
 * records, and is k-anonymous. Under `on_error: fail` the run still fails and writes nothing.
 * Both algorithms, through the real engine on 2 worker threads.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/engine/pipeline.js';
import { closeStore } from '../../src/store/environment.js';
import { ADULT_QI, adultHierarchies, checkModels, readAdult } from './helpers/checker.js';

type Row = Record<string, unknown>;

/** Index -> how the record is damaged; each damaged record also carries a sentinel value. */
const DAMAGE: Record<number, { field: string; apply: (row: Row) => void }> = {
  31: { field: 'age', apply: (row) => delete row['age'] },
  120: { field: 'sex', apply: (row) => (row['sex'] = null) },
  400: { field: 'education', apply: (row) => (row['education'] = { secret: 'SENTINEL-OBJECT' }) },
  777: { field: 'occupation', apply: (row) => delete row['occupation'] },
};

const ALGORITHMS = {
  optimal: { quasi_identifiers: adultHierarchies(), algorithm: 'optimal' },
  mondrian: { quasi_identifiers: { ...adultHierarchies(), age: true }, algorithm: 'mondrian', mondrian_mode: 'strict' },
} as const;

describe('k-anonymize: records without a quasi-identifier', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) {
      await closeStore(path.join(d, 'store'));
      rmSync(d, { recursive: true, force: true });
    }
  });

  const setup = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-missing-'));
    dirs.push(dir);
    const { rows } = readAdult(1500);
    const damaged = rows.map((row, i) => {
      const copy: Row = { ...row };
      const damage = DAMAGE[i];
      if (damage !== undefined) {
        copy['note'] = 'SENTINEL-NOTE';
        damage.apply(copy);
      }
      return copy;
    });
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, damaged.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const clean = path.join(dir, 'clean.ndjson');
    const kept = damaged.filter((_, i) => DAMAGE[i] === undefined);
    writeFileSync(clean, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return { dir, input, clean, rows };
  };

  const run = (dir: string, algorithm: keyof typeof ALGORITHMS, onError: 'reject' | 'fail', input: string, output: string) =>
    new Pipeline(
      {
        name: `missing-qi-${algorithm}`,
        input: { format: 'ndjson' },
        on_error: onError,
        stages: [
          {
            type: 'k-anonymize',
            ...ALGORITHMS[algorithm],
            sensitive: 'occupation',
            k: 5,
            l_diversity: { variant: 'distinct', l: 2 },
            suppression_limit: 0.05,
          },
        ],
      },
      { storePath: path.join(dir, 'store') },
    ).run({ input, output, threads: 2 });

  const lines = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');

  for (const algorithm of ['optimal', 'mondrian'] as const) {
    it(`${algorithm}, on_error: reject: rejects them and plans without them`, async () => {
      const { dir, input, clean, rows } = setup();
      const output = path.join(dir, 'out.ndjson');
      const summary = await run(dir, algorithm, 'reject', input, output);

      expect(summary.recordsRejected).toBe(4);
      expect(summary.recordsOut).toBe(rows.length - 4);
      const rejects = lines(`${output}.rejects.ndjson`).map((l) => JSON.parse(l) as { index: number; line: number; reason: string });
      expect(rejects.map((r) => r.index)).toEqual([31, 120, 400, 777]);
      for (const reject of rejects) {
        const field = DAMAGE[reject.index]!.field;
        expect(reject.line).toBe(reject.index + 1);
        expect(reject.reason).toContain(`record ${reject.index} (line ${reject.index + 1})`);
        expect(reject.reason).toContain(`field '${field}' is missing or not a scalar`);
        expect(reject.reason).not.toContain('SENTINEL');
      }

      // The rejected records weigh nothing in the plan: same output as without them.
      const cleanOutput = path.join(dir, 'clean-out.ndjson');
      await run(dir, algorithm, 'fail', clean, cleanOutput);
      const out = lines(output);
      expect(out).toEqual(lines(cleanOutput));
      expect(out.some((l) => l.includes('SENTINEL'))).toBe(false);

      const published = out.map((l) => JSON.parse(l) as Row);
      const check = checkModels(published, ADULT_QI, { k: 5, sensitive: 'occupation', l: { variant: 'distinct', l: 2 } });
      expect(check.violations).toEqual([]);
    });
  }

  it('on_error: fail still fails on the first such record and writes no output', async () => {
    const { dir, input } = setup();
    for (const algorithm of ['optimal', 'mondrian'] as const) {
      const output = path.join(dir, `fail-${algorithm}.ndjson`);
      await expect(run(dir, algorithm, 'fail', input, output)).rejects.toThrow(
        "record 31 (line 32): field 'age' is missing or not a scalar",
      );
      expect(existsSync(output)).toBe(false);
    }
  });
});
