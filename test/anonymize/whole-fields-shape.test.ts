/**
 * `anonymize` whole_fields on values that are not one string: an object (or nested arrays) under
 * a whole field has each string and number leaf replaced, never passed in clear; a path meeting a
 * value of the wrong shape rejects the record (line, field, no value). The `anonymized.<TYPE>`
 * counters count what was replaced, whole fields included. Real files, 0 and 2 worker threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { tempDir } from '../helpers/temp.js';

const lines = [
  { note: 'Jane Roe', ssn: '078-05-1120' },
  { note: { x: 'SECRET-NOTE-OBJ', deep: [{ y: 'SECRET-DEEP' }, 42] }, ssn: 78051120 },
  { note: ['SECRET-IN-ARRAY', ['SECRET-NESTED']], ssn: [78051120] },
  { c: [{ phone: 5551234567 }, { phone: '555-123-4567' }] },
  { c: 'SECRET-NOT-AN-ARRAY' },
  { note: { flag: true, none: null, empty: '' } },
];

async function runFile(threads: number) {
  const dir = tempDir('veil-whole-fields-');
  const input = path.join(dir, 'in.ndjson');
  const output = path.join(dir, 'out.ndjson');
  const rejectFile = path.join(dir, 'rejects.ndjson');
  writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const summary = await pipeline(
    {
      name: 'whole-fields',
      input: { format: 'ndjson' },
      output: { format: 'ndjson' },
      on_error: 'reject',
      reject_file: rejectFile,
      stages: [
        {
          type: 'anonymize',
          default: { operator: 'redact' },
          whole_fields: { note: 'PERSON', ssn: 'US_SSN', 'c[].phone': 'PHONE_NUMBER' },
          // Inline detection only for a field that does not exist: the counters below are the
          // whole-field replacements alone.
          fields: ['absent'],
        },
      ],
    } as never,
    { storePath: path.join(dir, 'store') },
  ).run({ input, output, threads });
  const out = readFileSync(output, 'utf8');
  return {
    summary,
    out,
    records: out.trim().split('\n').map((l) => JSON.parse(l) as unknown),
    rejects: readFileSync(rejectFile, 'utf8'),
  };
}

describe('anonymize whole_fields: non-string values', () => {
  for (const threads of [0, 2]) {
    it(`replaces every leaf of an object or nested array, rejects a wrong shape (${threads} threads)`, async () => {
      const { summary, out, records, rejects } = await runFile(threads);
      expect(out).not.toMatch(/SECRET|Jane|078-05|78051120|555/);
      expect(records).toEqual([
        { note: '[REDACTED NAME]', ssn: '[REDACTED SSN]' },
        {
          note: { x: '[REDACTED NAME]', deep: [{ y: '[REDACTED NAME]' }, '[REDACTED NAME]'] },
          ssn: '[REDACTED SSN]',
        },
        { note: ['[REDACTED NAME]', ['[REDACTED NAME]']], ssn: ['[REDACTED SSN]'] },
        { c: [{ phone: '[REDACTED PHONE]' }, { phone: '[REDACTED PHONE]' }] },
        // Booleans, null and empty strings carry nothing to replace.
        { note: { flag: true, none: null, empty: '' } },
      ]);
      expect(summary.recordsRejected).toBe(1);
      expect(summary.rejects).toEqual([
        expect.objectContaining({
          line: 5,
          reason: expect.stringContaining("whole field 'c[].phone': 'c' is not an array"),
        }),
      ]);
      expect(rejects).not.toContain('SECRET');
      // Per-type counts of replaced values: 6 names (1 + 3 + 2), 3 SSNs, 2 phones.
      expect(summary.stages[0]?.counters).toEqual({
        'anonymized.PERSON': 6,
        'anonymized.US_SSN': 3,
        'anonymized.PHONE_NUMBER': 2,
      });
    });
  }

  it('counts detected findings as replaced spans, and a whole field once', async () => {
    const dir = tempDir('veil-whole-fields-');
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    writeFileSync(
      input,
      JSON.stringify({ name: 'John Smith', free: 'John Smith wrote from john@example.com' }) + '\n',
    );
    const summary = await pipeline(
      {
        name: 'whole-fields-count',
        input: { format: 'ndjson' },
        output: { format: 'ndjson' },
        stages: [
          { type: 'detect', entities: ['PERSON', 'EMAIL_ADDRESS'] },
          { type: 'anonymize', whole_fields: { name: 'PERSON' } },
        ],
      } as never,
      { storePath: path.join(dir, 'store') },
    ).run({ input, output, threads: 0 });
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual({
      name: '[REDACTED NAME]',
      free: '[REDACTED NAME] wrote from [REDACTED EMAIL]',
    });
    // `name` is a whole field and also has a detected finding: one replacement, not two.
    expect(summary.stages[1]?.counters).toEqual({
      'anonymized.PERSON': 2,
      'anonymized.EMAIL_ADDRESS': 1,
    });
  });
});
