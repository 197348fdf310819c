/**
 * CSV output of a run whose records are all rejected (or that has none): the header line is
 * written when the columns are known, from the input's header or `columns` through what each
 * stage says of its keys. The output used to be empty: the columns came from the first output
 * record only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { loadStages } from '../../src/engine/registry.js';
import { tempDir } from '../helpers/temp.js';

/** Runs `stages` over `csv` on a worker thread, rejects kept aside; the output text. */
async function outputOf(csv: string, stages: unknown[], input: object = {}): Promise<string> {
  const dir = tempDir();
  const file = path.join(dir, 'in.csv');
  writeFileSync(file, csv);
  const output = path.join(dir, 'out.csv');
  const spec = {
    name: 'header',
    input: { format: 'csv' as const, ...input },
    on_error: 'reject' as const,
    stages,
  };
  const p = pipeline(spec as Parameters<typeof pipeline>[0]);
  await p.ready();
  await p.run({ input: file, output, threads: 1 });
  return readFileSync(output, 'utf8');
}

// Every data row has one field too many: all rejected.
const allRejected = 'id,email,note\n1,a@example.com,x,extra\n2,b@example.com,y,extra\n';

describe('CSV output: the header of a run with no output record', () => {
  beforeAll(() => loadStages());

  it('pass-through, and detect then anonymize: the input columns', async () => {
    expect(await outputOf(allRejected, [])).toBe('id,email,note\n');
    expect(await outputOf(allRejected, [{ type: 'detect' }, { type: 'anonymize' }])).toBe(
      'id,email,note\n',
    );
  });

  it('drop and keep: the columns they leave, in their order', async () => {
    expect(await outputOf(allRejected, [{ type: 'drop', fields: ['email'] }])).toBe('id,note\n');
    expect(await outputOf(allRejected, [{ type: 'keep', fields: ['note', 'id', 'missing'] }])).toBe(
      'note,id\n',
    );
    // A detect stage alone adds its findings field.
    expect(await outputOf(allRejected, [{ type: 'detect' }])).toBe('id,email,note,_pii\n');
  });

  it('an input with a header and no record, and columns given instead of a header', async () => {
    expect(await outputOf('id,email\n', [])).toBe('id,email\n');
    const rows = '1,a,extra\n';
    expect(await outputOf(rows, [], { header: false, columns: ['id', 'name'] })).toBe('id,name\n');
  });

  it('what only a record tells: no header (a nested keep path, kept findings)', async () => {
    expect(await outputOf(allRejected, [{ type: 'keep', fields: ['id', 'meta.x'] }])).toBe('');
    const kept = [{ type: 'detect' }, { type: 'anonymize', keep_findings: true }];
    expect(await outputOf(allRejected, kept)).toBe('');
  });

  it('a run with records: the first output record still decides', async () => {
    const csv = 'id,email\n1,a@example.com\n';
    expect(await outputOf(csv, [{ type: 'detect' }, { type: 'anonymize' }])).toBe(
      'id,email\n1,[REDACTED EMAIL]\n',
    );
    // The header predicted for a detect stage alone is the one its records choose.
    expect(await outputOf(csv, [{ type: 'detect' }])).toMatch(/^id,email,_pii\n1,a@example\.com,/);
  });
});
