/**
 * The detect stage analyzes each batch column by column (`prepare`) before the records are
 * transformed one by one. The output must be exactly what the record-by-record transform gives,
 * in input order, with bad records rejected in place and nothing else lost.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';

const NOTES = [
  "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.",
  'Refund to IBAN FR38 1581 9594 5353 7248 6984 521 approved by Curtis Stehr on 2024-02-25.',
  'Login from 103.107.175.102; SSN 289-67-2209 checked. Card 4111 1111 1111 1111 charged.',
  'Nothing personal here, just a broken item.',
  'Dr. Anna Berg lives at 14 Crown Street, London; see https://help.example.com/t/42.',
];

/** Lines of mixed records; every 37th line is malformed and every 53rd is not an object. */
function inputLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 37 === 5) {
      lines.push('{"id": 1, "notes": "unclosed');
      continue;
    }
    if (i % 53 === 7) {
      lines.push('[1, 2, 3]');
      continue;
    }
    const record: JsonRecord = {
      id: `T-${String(i).padStart(6, '0')}`,
      // Repeated texts across records, and a text repeated inside one record.
      notes: `${NOTES[i % NOTES.length]!} Ref ${i}.`,
      status: i % 2 === 0 ? 'open' : 'solved',
      customer: { name: i % 3 === 0 ? 'Helen Cremin' : 'Vicente Pfeffer', email: `user${i}@example.org` },
      tags: i % 4 === 0 ? [] : ['billing', NOTES[i % NOTES.length]!],
      // An object where `pseudonymize` expects strings: that stage rejects the record.
      ...(i % 29 === 3 ? { ref: { nested: true } } : { ref: `R${i % 50}` }),
    };
    // Some records carry findings of an earlier run, which the stage replaces.
    if (i % 11 === 0) record._pii = [{ field: 'notes', type: 'PERSON', start: 0, end: 4, score: 0.9 }];
    // Some records have more strings than the others (columns of unequal height).
    if (i % 7 === 0) record.extra = { lines: ['call +44 20 7946 0958', 'ok', 'card 5500 0000 0000 0004'] };
    lines.push(JSON.stringify(record));
  }
  return lines;
}

describe('detect stage: column-by-column batches', () => {
  let dir: string;
  let lines: string[];
  beforeAll(() => {
    process.env.VEIL_TEST_PREPARE_KEY = 'batch-prepare-test-key-0123456789abcdef';
    dir = mkdtempSync(path.join(tmpdir(), 'veil-detect-prepare-'));
    lines = inputLines(700);
    writeFileSync(path.join(dir, 'in.ndjson'), lines.join('\n') + '\n');
  });
  afterAll(() => {
    delete process.env.VEIL_TEST_PREPARE_KEY;
    rmSync(dir, { recursive: true, force: true });
  });

  for (const stages of [
    [{ type: 'detect' }, { type: 'anonymize' }],
    [{ type: 'detect', fields: ['notes', 'tags[]', 'extra.lines[]'] }],
    [{ type: 'detect', explain: true }],
    // Stages before detect: the batch goes through them first, then detect prepares what they
    // left (records dropped of a field, pseudonymized, or rejected by pseudonymize).
    [{ type: 'drop', fields: ['status'] }, { type: 'pseudonymize', key: 'env:VEIL_TEST_PREPARE_KEY', fields: ['ref'] }, { type: 'detect' }, { type: 'anonymize' }],
    [{ type: 'pseudonymize', key: 'env:VEIL_TEST_PREPARE_KEY', fields: ['ref'] }, { type: 'detect', fields: ['notes'] }, { type: 'detect', findings_field: 'again' }],
  ]) {
    it(`gives the record-by-record output, inline and on 2 threads: ${JSON.stringify(stages)}`, async () => {
      // Small batches: many batches, each prepared on its own.
      const spec = { name: 'prepare', input: { format: 'ndjson' as const }, batch_size: '16KiB', on_error: 'reject', stages };
      // Record by record: the inline transform, one record at a time (no batch, no prepare).
      const single = pipeline(spec as never, { storePath: path.join(dir, 'store') });
      const expected: string[] = [];
      let bad = 0;
      let rejectedByStage = 0;
      for (const line of lines) {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          bad++;
          continue;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          bad++;
          continue;
        }
        let out: JsonRecord | null;
        try {
          out = await single.transform(value as JsonRecord);
        } catch {
          bad++;
          rejectedByStage++;
          continue;
        }
        if (out !== null) expected.push(JSON.stringify(out));
      }
      expect(bad).toBeGreaterThan(20);
      if (stages.some((stage) => stage.type === 'pseudonymize')) expect(rejectedByStage).toBeGreaterThan(15);

      const batched = pipeline(spec as never, { storePath: path.join(dir, 'store') });
      for (const threads of [0, 2]) {
        const output = path.join(dir, `out-${threads}.ndjson`);
        const summary = await batched.run({ threads, output, input: path.join(dir, 'in.ndjson') });
        expect(summary.recordsIn).toBe(lines.length);
        expect(summary.recordsOut).toBe(expected.length);
        expect(summary.recordsRejected).toBe(bad);
        // Rejects come in input order, each naming its own line.
        const rejectLines = summary.rejects.map((r) => r.line);
        expect(rejectLines).toEqual([...rejectLines].sort((a, b) => a - b));
        expect(readFileSync(output, 'utf8')).toBe(expected.join('\n') + '\n');
      }
    });
  }
});
