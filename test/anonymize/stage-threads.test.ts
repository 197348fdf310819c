import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';

const SEED = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";

describe('stage anonymize: real worker threads', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-anonymize-threads-'));
    const lines = [];
    for (let i = 0; i < 300; i++) {
      lines.push(
        JSON.stringify({
          id: i,
          note:
            i % 3 === 0
              ? SEED
              : `Ticket ${i}: Mr. Anna Berg lives at 14 Crown Street, call (555) 010-${String(1000 + i)}`,
          tags: ['x', `mail a${i}@example.com`],
        }),
      );
    }
    writeFileSync(path.join(dir, 'in.ndjson'), lines.join('\n') + '\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same output on 2 threads as inline, in input order', async () => {
    const spec = {
      name: 'anonymize-threads',
      input: { format: 'ndjson' as const },
      stages: [
        { type: 'detect' },
        { type: 'anonymize', entities: { PHONE_NUMBER: { operator: 'mask', keepLast: 4 } } },
      ],
    };
    const outputs: string[] = [];
    for (const threads of [0, 2]) {
      const output = path.join(dir, `out-${threads}.ndjson`);
      const summary = await pipeline(spec as never, { storePath: path.join(dir, 'store') }).run({
        input: path.join(dir, 'in.ndjson'),
        output,
        threads,
      });
      expect(summary.recordsOut).toBe(300);
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    const rows = (outputs[0] as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toEqual({
      id: 0,
      note: "[REDACTED NAME]'s email is [REDACTED EMAIL] and his phone is (***) ***-4567.",
      tags: ['x', 'mail [REDACTED EMAIL]'],
    });
    expect(rows[1]?.['note']).toBe(
      'Ticket 1: [REDACTED TITLE] [REDACTED NAME] lives at [REDACTED LOCATION], call (***) ***-1001',
    );
  });
});
