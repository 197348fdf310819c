import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kAnonymize } from '../../src/kanon/k-anonymize.js';
import { closeStore } from '../../src/store/environment.js';
import { Pipeline } from '../../src/engine/pipeline.js';
import { KAnonymizeError } from '../../src/errors/kanon-error.js';

// BR-25 (reported-failures.jsonl): the zipcode hierarchy lacks 81675, the first record's value.
const columns = ['age', 'gender', 'zipcode'];
const rows: (string | number)[][] = [
  [34, 'male', '81675'],
  [45, 'female', '81667'],
  [66, 'male', '81925'],
  [70, 'female', '81931'],
  [34, 'female', '81931'],
  [70, 'male', '81931'],
  [45, 'male', '81931'],
];
const hierarchies = {
  age: { rows: [['34', '<50', '*'], ['45', '<50', '*'], ['66', '>=50', '*'], ['70', '>=50', '*']] },
  gender: { rows: [['male', '*'], ['female', '*']] },
  zipcode: {
    rows: [
      ['81667', '8166*', '816**', '81***', '8****', '*****'],
      ['81925', '8192*', '819**', '81***', '8****', '*****'],
      ['81931', '8193*', '819**', '81***', '8****', '*****'],
    ],
  },
};
const records = rows.map((r) => Object.fromEntries(r.map((v, i) => [columns[i]!, v])));

describe('k-anonymize: a value missing from its hierarchy (BR-25)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) {
      await closeStore(path.join(d, 'store'));
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('the API fails with the column and the value, never the rest of the record', async () => {
    const error = await kAnonymize(records, { quasiIdentifiers: hierarchies, k: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KAnonymizeError);
    const e = error as KAnonymizeError;
    expect(e.code).toBe('VEIL_KANON_MISSING_VALUE');
    expect(e.column).toBe('zipcode');
    expect(e.message).toContain("'zipcode'");
    expect(e.message).toContain("'81675'");
    // Other values of the same record never appear.
    expect(e.message).not.toMatch(/male|34/);
  });

  it('a pipeline run fails before any output is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-kanon-br25-'));
    dirs.push(dir);
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const pipeline = new Pipeline(
      {
        name: 'br25',
        input: { format: 'ndjson' },
        threads: 0,
        stages: [{ type: 'k-anonymize', quasi_identifiers: hierarchies, k: 2 }],
      },
      { baseDir: dir, storePath: path.join(dir, 'store') },
    );
    const error = await pipeline.run({ input, output }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain("value '81675'");
    expect(String((error as Error).message)).toContain("'zipcode'");
    expect(existsSync(output)).toBe(false);
  });
});
