/**
 * k-anonymize: a quasi-identifier that is an array (`[33]`, `[1, 2]`, `["Bachelors"]`), a
 * sensitive field that is an array, an empty value (an empty CSV cell), a boolean, or a value
 * of the wrong form for its hierarchy (not a number for `interval`, not an ISO date for `date`)
 * is rejected under `on_error: reject` like a missing one, named by record, line and field but
 * never by value, and the output equals a run without those records. Under `on_error: fail` the
 * run fails naming the input, line and stage. A well-formed value missing from a file hierarchy
 * stays a configuration error (BR-25) under both modes. Real engine, 0 and 2 worker threads.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/engine/pipeline.js';
import { closeStore } from '../../src/store/environment.js';
import { ADULT, checkModels, readAdult } from './helpers/checker.js';

type Row = Record<string, unknown>;

/** Index -> field and damage; values that must never appear in a message hold `SENTINEL`. */
const DAMAGE: Record<number, { field: string; why: string; apply: (row: Row) => void }> = {
  10: { field: 'age', why: 'is missing or not a scalar', apply: (row) => (row['age'] = [33]) },
  20: { field: 'age', why: 'is missing or not a scalar', apply: (row) => (row['age'] = [1, 2]) },
  30: { field: 'education', why: 'is missing or not a scalar', apply: (row) => (row['education'] = ['Bachelors']) },
  40: { field: 'occupation', why: 'is missing or not a scalar', apply: (row) => (row['occupation'] = ['SENTINEL-A']) },
  50: { field: 'age', why: 'is empty', apply: (row) => (row['age'] = '') },
  60: { field: 'age', why: 'is a boolean', apply: (row) => (row['age'] = true) },
  70: { field: 'age', why: 'is not a number', apply: (row) => (row['age'] = 'SENTINEL-AGE') },
  80: { field: 'visit', why: 'is not an ISO date', apply: (row) => (row['visit'] = 'SENTINEL-2020-13') },
  90: { field: 'sex', why: 'is empty', apply: (row) => (row['sex'] = '') },
  95: { field: 'education', why: 'is missing or not a scalar', apply: (row) => (row['education'] = []) },
};
const DAMAGED = Object.keys(DAMAGE).map(Number);

const QUASI_IDENTIFIERS = {
  age: { interval: [5, 10, 20, '*'] },
  sex: { file: `${ADULT}/adult_hierarchy_sex.csv` },
  education: { file: `${ADULT}/adult_hierarchy_education.csv` },
  visit: { date: ['month', 'year', '*'] },
};
const QI = Object.keys(QUASI_IDENTIFIERS);

const ALGORITHMS = {
  optimal: { algorithm: 'optimal' },
  mondrian: { algorithm: 'mondrian', mondrian_mode: 'strict' },
} as const;

/** Adult's first rows with an ISO visit date, so that every hierarchy type is exercised. */
function adultRows(count: number): Row[] {
  return readAdult(count).rows.map((row, i) => {
    const { sex, age, education, occupation } = row;
    const visit = `20${10 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`;
    return { sex, age: Number(age), education, occupation, visit };
  });
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await closeStore(path.join(d, 'store'));
    rmSync(d, { recursive: true, force: true });
  }
});

/** A directory for one test's files and LMDB store, removed after it. */
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-malformed-'));
  dirs.push(dir);
  return dir;
}

describe('k-anonymize: quasi-identifiers that are arrays, empty or malformed', () => {

  const ndjson = (file: string, rows: Row[]): string => {
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };

  const run = (
    dir: string,
    options: { algorithm: keyof typeof ALGORITHMS; onError: 'reject' | 'fail'; threads: number; format?: 'csv' },
    input: string,
    output: string,
  ) =>
    new Pipeline(
      {
        name: `malformed-qi-${options.algorithm}`,
        input: options.format === 'csv' ? { format: 'csv', delimiter: ';' } : { format: 'ndjson' },
        output: { format: 'ndjson' },
        on_error: options.onError,
        stages: [
          {
            type: 'k-anonymize',
            ...ALGORITHMS[options.algorithm],
            quasi_identifiers: QUASI_IDENTIFIERS,
            sensitive: 'occupation',
            k: 5,
            l_diversity: { variant: 'distinct', l: 2 },
            suppression_limit: 0.05,
          },
        ],
      },
      { storePath: path.join(dir, 'store') },
    ).run({ input, output, threads: options.threads });

  const lines = (file: string): string[] => readFileSync(file, 'utf8').trim().split('\n');

  for (const algorithm of ['optimal', 'mondrian'] as const) {
    for (const threads of [0, 2]) {
      it(`${algorithm}, ${threads} threads, on_error: reject: rejects them, output as without them`, async () => {
        const dir = tempDir();
        const rows = adultRows(800);
        const damaged = rows.map((row, i) => {
          const copy = { ...row };
          DAMAGE[i]?.apply(copy);
          return copy;
        });
        const input = ndjson(path.join(dir, 'in.ndjson'), damaged);
        const clean = ndjson(path.join(dir, 'clean.ndjson'), damaged.filter((_, i) => DAMAGE[i] === undefined));

        const output = path.join(dir, 'out.ndjson');
        const summary = await run(dir, { algorithm, onError: 'reject', threads }, input, output);
        expect(summary.recordsRejected).toBe(DAMAGED.length);
        const rejects = lines(`${output}.rejects.ndjson`).map((l) => JSON.parse(l) as { index: number; line: number; reason: string });
        expect(rejects.map((r) => r.index)).toEqual(DAMAGED);
        for (const reject of rejects) {
          const { field, why } = DAMAGE[reject.index]!;
          expect(reject.line).toBe(reject.index + 1);
          expect(reject.reason).toContain(`stage 'k-anonymize' (#1): record ${reject.index} (line ${reject.index + 1})`);
          expect(reject.reason).toContain(`field '${field}' ${why}`);
          expect(reject.reason).not.toContain('SENTINEL');
        }

        const cleanOutput = path.join(dir, 'clean-out.ndjson');
        await run(dir, { algorithm, onError: 'fail', threads }, clean, cleanOutput);
        expect(readFileSync(output, 'utf8')).toBe(readFileSync(cleanOutput, 'utf8'));
        const published = lines(output).map((l) => JSON.parse(l) as Row);
        expect(published.some((r) => QI.some((q) => Array.isArray(r[q])) || Array.isArray(r['occupation']))).toBe(false);
        const check = checkModels(published, QI, { k: 5, sensitive: 'occupation', l: { variant: 'distinct', l: 2 } });
        expect(check.violations).toEqual([]);
      });
    }
  }

  it('an empty CSV cell is rejected like a missing value under reject, and fails the run under fail', async () => {
    const dir = tempDir();
    const rows = adultRows(400);
    const csv = (file: string, keep: (i: number) => boolean, emptyAt: number): string => {
      const body = rows
        .map((r, i) => ({ r, i }))
        .filter(({ i }) => keep(i))
        .map(({ r, i }) => [r['sex'], i === emptyAt ? '' : r['age'], r['education'], r['occupation'], r['visit']].join(';'));
      writeFileSync(file, ['sex;age;education;occupation;visit', ...body].join('\n') + '\n');
      return file;
    };
    const input = csv(path.join(dir, 'in.csv'), () => true, 37);
    const clean = csv(path.join(dir, 'clean.csv'), (i) => i !== 37, -1);

    for (const algorithm of ['optimal', 'mondrian'] as const) {
      const output = path.join(dir, `${algorithm}.ndjson`);
      const summary = await run(dir, { algorithm, onError: 'reject', threads: 2, format: 'csv' }, input, output);
      expect(summary.recordsRejected).toBe(1);
      const [reject] = lines(`${output}.rejects.ndjson`).map((l) => JSON.parse(l) as { index: number; line: number; reason: string });
      expect(reject).toMatchObject({ index: 37, line: 39 });
      expect(reject!.reason).toContain("record 37 (line 39): field 'age' is empty");
      const cleanOutput = path.join(dir, `${algorithm}-clean.ndjson`);
      await run(dir, { algorithm, onError: 'reject', threads: 2, format: 'csv' }, clean, cleanOutput);
      expect(readFileSync(output, 'utf8')).toBe(readFileSync(cleanOutput, 'utf8'));

      const failed = path.join(dir, `${algorithm}-fail.ndjson`);
      const error = await run(dir, { algorithm, onError: 'fail', threads: 2, format: 'csv' }, input, failed).catch((e: unknown) => e);
      expect(String((error as Error).message)).toMatch(
        /in\.csv: line 39 \(byte offset \d+, record 37\): stage 'k-anonymize' \(#1\): record 37 \(line 39\): field 'age' is empty$/,
      );
      expect(existsSync(failed)).toBe(false);
    }
  });

  it('on_error: fail names the input, line and stage for each kind, and writes nothing', async () => {
    const dir = tempDir();
    const rows = adultRows(300);
    for (const at of [10, 50, 60, 70, 80]) {
      const damaged = rows.map((row, i) => {
        const copy = { ...row };
        if (i === at) DAMAGE[i]!.apply(copy);
        return copy;
      });
      const input = ndjson(path.join(dir, `in-${at}.ndjson`), damaged);
      for (const threads of [0, 2]) {
        const output = path.join(dir, `out-${at}-${threads}.ndjson`);
        const error = await run(dir, { algorithm: 'optimal', onError: 'fail', threads }, input, output).catch((e: unknown) => e);
        const message = String((error as Error).message);
        expect(message).toContain(`in-${at}.ndjson: line ${at + 1} (byte offset `);
        expect(message).toContain(`stage 'k-anonymize' (#1): record ${at} (line ${at + 1}): field '${DAMAGE[at]!.field}' ${DAMAGE[at]!.why}`);
        expect(message).not.toContain('SENTINEL');
        expect(existsSync(output)).toBe(false);
      }
    }
  });

  it('a well-formed value missing from a file hierarchy is still a configuration error (BR-25)', async () => {
    const dir = tempDir();
    const rows = adultRows(200);
    rows[12]!['education'] = 'Unlisted-degree';
    const input = ndjson(path.join(dir, 'in.ndjson'), rows);
    for (const onError of ['reject', 'fail'] as const) {
      const output = path.join(dir, `out-${onError}.ndjson`);
      const error = await run(dir, { algorithm: 'optimal', onError, threads: 2 }, input, output).catch((e: unknown) => e);
      expect(String((error as Error).message)).toContain(
        "quasi-identifier 'education': value 'Unlisted-degree' is missing from its hierarchy",
      );
      expect(existsSync(output)).toBe(false);
      expect(existsSync(`${output}.rejects.ndjson`)).toBe(false);
    }
  });
});

describe('k-anonymize: under on_error: fail, an unreadable record wins over the plan', () => {
  const cases = [
    {
      name: 'a bad JSON line',
      file: 'in.ndjson',
      line: 3,
      format: { format: 'ndjson' as const },
      text: '{"age":30,"sex":"Male"}\n{"age":31,"sex":"Male"}\n{"age":32,\n' + '{"age":33,"sex":"Male"}\n'.repeat(20),
    },
    {
      name: 'a CSV row with a missing column',
      file: 'in.csv',
      line: 4,
      format: { format: 'csv' as const, delimiter: ';' },
      text: 'age;sex\n30;Male\n31;Male\n32\n' + '33;Male\n'.repeat(20),
    },
  ];

  for (const c of cases) {
    for (const threads of [0, 2]) {
      it(`${c.name}, ${threads} threads: the error names the line, not the plan`, async () => {
        const dir = tempDir();
        const input = path.join(dir, c.file);
        writeFileSync(input, c.text);
        const output = path.join(dir, 'out.ndjson');
        const pipeline = new Pipeline(
          {
            name: 'bad-line',
            input: c.format,
            output: { format: 'ndjson' },
            on_error: 'fail',
            stages: [
              {
                type: 'k-anonymize',
                quasi_identifiers: { age: { interval: [5, 10, '*'] }, sex: { suppress: true } },
                k: 5,
              },
            ],
          },
          { storePath: path.join(dir, 'store') },
        );
        const error = await pipeline.run({ input, output, threads }).catch((e: unknown) => e);
        const message = String((error as Error).message);
        expect(message).toContain(`${c.file}: line ${c.line} (byte offset `);
        expect(message).not.toContain('no optimal transformation');
        expect(existsSync(output)).toBe(false);
      });
    }
  }
});
