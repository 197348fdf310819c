/**
 * A detect stage's findings are trusted by `anonymize` only while the strings detect scanned are
 * unchanged. A first anonymize with `keep_findings: true` used to leave them marked after
 * rewriting the text, and a second anonymize applied their stale offsets: the tester's e-mail
 * address came out in clear. The same holds for any stage that rewrites a scanned string.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';
import { tempDir } from '../helpers/temp.js';

const LONG = `${'<'.repeat(40)}{type}>`;
const KEY = 'stale-findings-test-key-0123456789abcdef';

interface Run {
  rows: JsonRecord[];
  counters: Record<string, number> | undefined;
}

/** Runs `stages` over `count` copies of `record` at `threads`; the last anonymize's counters. */
async function run(
  stages: unknown[],
  record: JsonRecord,
  threads: number,
  count = 40,
): Promise<Run> {
  const dir = tempDir('veil-stale-findings-');
  const input = path.join(dir, 'in.ndjson');
  const output = path.join(dir, 'out.ndjson');
  const line = JSON.stringify(record);
  writeFileSync(input, `${Array.from({ length: count }, () => line).join('\n')}\n`);
  process.env.VEIL_TEST_STALE_KEY = KEY;
  try {
    const summary = await pipeline(
      { name: 'stale-findings', input: { format: 'ndjson' }, stages } as never,
      { storePath: path.join(dir, 'store') },
    ).run({ input, output, threads });
    expect(summary.recordsOut).toBe(count);
    const anonymize = summary.stages.filter((s) => s.type === 'anonymize').at(-1);
    const rows = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonRecord);
    return { rows, counters: anonymize?.counters as Record<string, number> | undefined };
  } finally {
    delete process.env.VEIL_TEST_STALE_KEY;
  }
}

describe('stage anonymize: findings whose text a stage since detect rewrote', () => {
  for (const threads of [0, 2]) {
    it(`re-detects after an anonymize kept its findings (tester, ${threads} threads)`, async () => {
      const { rows, counters } = await run(
        [
          { type: 'detect' },
          {
            type: 'anonymize',
            default: { operator: 'keep' },
            entities: { PERSON: { operator: 'replace', template: LONG } },
            keep_findings: true,
          },
          { type: 'anonymize', default: { operator: 'redact' } },
        ],
        { note: 'John Smith wrote to jane@example.com today' },
        threads,
      );
      for (const row of rows) {
        expect(row).toEqual({
          note: `${'<'.repeat(40)}PERSON> wrote to [REDACTED EMAIL] today`,
        });
      }
      expect(counters?.['stale_findings_redetected']).toBe(40);
      expect(counters?.['anonymized.EMAIL_ADDRESS']).toBe(40);
    });

    it(`re-detects after pseudonymize rewrote a scanned field (${threads} threads)`, async () => {
      const { rows, counters } = await run(
        [
          { type: 'detect' },
          { type: 'pseudonymize', key: 'env:VEIL_TEST_STALE_KEY', fields: ['name'] },
          { type: 'anonymize', default: { operator: 'replace' }, keep_findings: true },
        ],
        { name: 'x', note: 'John Smith wrote to jane@example.com today' },
        threads,
      );
      for (const row of rows) {
        expect(row.note).toBe('<PERSON> wrote to <EMAIL_ADDRESS> today');
        // Kept as data, as keep_findings asks, though not used.
        expect(Array.isArray(row._pii)).toBe(true);
      }
      expect(counters?.['stale_findings_redetected']).toBe(40);
    });
  }

  it('re-detects after synthesize replaced the detected spans (moved offsets)', async () => {
    const { rows, counters } = await run(
      [
        { type: 'detect' },
        { type: 'synthesize', key: 'env:VEIL_TEST_STALE_KEY' },
        { type: 'anonymize', default: { operator: 'redact' } },
      ],
      { note: 'John Smith wrote to jane@example.com today' },
      0,
      4,
    );
    for (const row of rows) {
      expect(row.note).not.toContain('jane@example.com');
      expect(row.note).toContain('[REDACTED EMAIL]');
    }
    expect(counters?.['stale_findings_redetected']).toBe(4);
  });

  it('trusts the findings while the scanned strings are unchanged', async () => {
    // Detect scans `note` only, so pseudonymizing `name` leaves its findings valid; and a first
    // anonymize that keeps everything rewrites nothing.
    const { rows, counters } = await run(
      [
        { type: 'detect', fields: ['note'], entities: ['EMAIL_ADDRESS'] },
        { type: 'pseudonymize', key: 'env:VEIL_TEST_STALE_KEY', fields: ['name'] },
        { type: 'anonymize', default: { operator: 'keep' }, keep_findings: true },
        { type: 'anonymize', default: { operator: 'replace' } },
      ],
      { name: 'x', note: 'John Smith wrote to jane@example.com today' },
      0,
      4,
    );
    // Detect's choice of entities held: the name was not detected by anonymize itself.
    for (const row of rows) expect(row.note).toBe('John Smith wrote to <EMAIL_ADDRESS> today');
    expect(counters?.['stale_findings_redetected']).toBeUndefined();
  });
});
