/**
 * Formats: every input format to every output format keeps the records (CSV turns values into
 * strings), JSON input accepts both arrays and `{ "records": [...] }`, and CSV honours the
 * delimiter and quote character (the Adult data is ';'-separated).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { RecordFormat } from '../../src/engine/spec.js';
import { parseCsvRecord } from '../../src/io/csv.js';
import { tempDir } from '../helpers/temp.js';
import { sampleRecords, toCsv, toJsonArray, toNdjson } from '../helpers/records.js';

const records = sampleRecords(30).map((r) => ({ ...r, amount: String(r['amount']) }));

function parse(format: RecordFormat, text: string): unknown[] {
  if (format === 'ndjson')
    return text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  if (format === 'json') return JSON.parse(text) as unknown[];
  // Tiny reader for the test: records never span lines except inside quotes.
  const rows: string[][] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    pending = pending === '' ? line : `${pending}\n${line}`;
    if ((pending.split('"').length - 1) % 2 === 0) {
      if (pending !== '') {
        const parsed = parseCsvRecord(pending, ',', '"');
        if ('error' in parsed) throw new Error(parsed.error);
        rows.push(parsed.fields);
      }
      pending = '';
    }
  }
  const [header, ...body] = rows;
  return body.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i]])));
}

describe('formats: round trip', () => {
  const inputs: Record<RecordFormat, string> = {
    ndjson: toNdjson(records),
    csv: toCsv(records),
    json: toJsonArray(records),
  };
  for (const from of ['ndjson', 'csv', 'json'] as const) {
    for (const to of ['ndjson', 'csv', 'json'] as const) {
      it(`${from} -> ${to}`, async () => {
        const dir = tempDir();
        const input = path.join(dir, 'in');
        const output = path.join(dir, 'out');
        writeFileSync(input, inputs[from]);
        await pipeline({
          name: 'rt',
          input: { format: from },
          output: { format: to },
          stages: [],
        }).run({ input, output, threads: 0 });
        expect(parse(to, readFileSync(output, 'utf8'))).toEqual(records);
      });
    }
  }

  it('json: a records wrapper, an empty array, and pretty output', async () => {
    const dir = tempDir();
    const run = async (text: string) => {
      writeFileSync(path.join(dir, 'in.json'), text);
      await pipeline({ name: 'j', input: { format: 'json' }, stages: [] }).run({
        input: path.join(dir, 'in.json'),
        output: path.join(dir, 'out.json'),
        threads: 0,
      });
      return readFileSync(path.join(dir, 'out.json'), 'utf8');
    };
    expect(await run('{"version": 2, "records": [{"a": 1}, {"a": [2]}], "next": null}')).toBe(
      '[\n{"a":1},\n{"a":[2]}\n]\n',
    );
    expect(await run('  []  ')).toBe('[]\n');
  });

  it("csv: ';' delimiter and a custom quote, header-less input with columns", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'in.csv'), "1;'a;b';x\n2;'it''s';y\n");
    await pipeline({
      name: 'c',
      input: { format: 'csv', delimiter: ';', quote: "'", header: false, columns: ['n', 's', 't'] },
      stages: [],
    }).run({ input: path.join(dir, 'in.csv'), output: path.join(dir, 'out.csv'), threads: 0 });
    expect(readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe("n;s;t\n1;'a;b';x\n2;'it''s';y\n");
  });

  it('the bundled Adult extract reads as 30,162 records of 9 columns', async () => {
    const dir = tempDir();
    const summary = await pipeline({
      name: 'adult',
      input: { format: 'csv', delimiter: ';' },
      output: { format: 'ndjson' },
      stages: [],
    }).run({
      input: 'data/adult/adult.csv',
      output: path.join(dir, 'adult.ndjson'),
      threads: 0,
    });
    expect(summary.recordsOut).toBe(30162);
    const first = JSON.parse(
      readFileSync(path.join(dir, 'adult.ndjson'), 'utf8').split('\n')[0] as string,
    );
    expect(Object.keys(first)).toHaveLength(9);
    expect(first).toMatchObject({ sex: 'Male', age: '39', 'salary-class': '<=50K' });
  });
});
