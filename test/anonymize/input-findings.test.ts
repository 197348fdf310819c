/**
 * The `anonymize` stage acts only on findings a `detect` stage of the same run wrote. A findings
 * field that came with the input (`"_pii": []`, forged spans, malformed entries) once decided what
 * was replaced: an empty one switched anonymization off. It is now dropped and the record
 * analysed by the stage itself, inline and on the engine's worker threads alike.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord, JsonValue } from '../../src/engine/stage.js';
import { tempDir } from '../helpers/temp.js';

const NOTE = 'mail jane@example.com';
const REPLACED = 'mail <EMAIL_ADDRESS>';
const FORGED = [{ field: 'note', type: 'URL', start: 0, end: 2 }];

/** Findings an input writer could send, each of which once kept the e-mail address in clear. */
const HOSTILE: Record<string, JsonValue> = {
  empty: [],
  forged: FORGED,
  'forged with a score': [{ field: 'note', type: 'URL', start: 0, end: 2, score: 1 }],
  'another field': [{ field: 'other', type: 'PERSON', start: 0, end: 1, score: 1 }],
  'malformed entry': [{ field: 'note', type: 'X', start: 'a', end: 2 }],
  'not an array': 'none',
  object: { field: 'note' },
  null: null,
};

const stages = {
  alone: [{ type: 'anonymize', default: { operator: 'replace' } }],
  'after detect': [{ type: 'detect' }, { type: 'anonymize', default: { operator: 'replace' } }],
  'after detect of listed fields': [
    { type: 'detect', fields: ['note'] },
    { type: 'anonymize', default: { operator: 'replace' } },
  ],
};

describe('stage anonymize: findings that came with the input are not trusted', () => {
  const store = (): string => path.join(tempDir('veil-input-findings-'), 'store');
  const run = async (list: unknown[], record: JsonRecord): Promise<JsonRecord | null> =>
    pipeline({ name: 'input-findings', input: { format: 'ndjson' }, stages: list } as never, {
      storePath: store(),
    }).transform(record);

  for (const [name, list] of Object.entries(stages)) {
    for (const [kind, pii] of Object.entries(HOSTILE)) {
      it(`${name}: input findings (${kind}) change nothing and are dropped`, async () => {
        const out = await run(list, { note: NOTE, _pii: structuredClone(pii) });
        expect(out).toEqual({ note: REPLACED });
      });
    }
  }

  it('drops input findings even with keep_findings, which keeps only a detect stage\'s', async () => {
    const keep = { type: 'anonymize', default: { operator: 'replace' }, keep_findings: true };
    expect(await run([keep], { note: NOTE, _pii: FORGED })).toEqual({ note: REPLACED });

    const out = await run([{ type: 'detect' }, keep], { note: NOTE, _pii: FORGED });
    expect(out).toEqual({
      note: REPLACED,
      _pii: [{ field: 'note', type: 'EMAIL_ADDRESS', start: 5, end: 21, score: 1 }],
    });
  });

  it('does not trust a field detect did not write: another findings_field', async () => {
    // detect writes `_pii`; anonymize reads `found`, which only the input filled.
    const out = await run(
      [
        { type: 'detect', entities: ['PERSON'] },
        { type: 'anonymize', findings_field: 'found', default: { operator: 'replace' } },
      ],
      { note: NOTE, found: [] },
    );
    expect(out?.['note']).toBe(REPLACED);
    expect(out).not.toHaveProperty('found');
  });

  it('uses the findings detect wrote: its entity choice holds, no detection of its own', async () => {
    // Detect looks for e-mail addresses only: the name stays, which shows its findings were used.
    const out = await run(
      [
        { type: 'detect', entities: ['EMAIL_ADDRESS'] },
        { type: 'anonymize', default: { operator: 'replace' } },
      ],
      { note: `John Doe: ${NOTE}`, _pii: [] },
    );
    expect(out).toEqual({ note: `John Doe: ${REPLACED}` });
  });

  it('checks entries a stage after detect edited, naming the entry, not values', async () => {
    process.env.VEIL_TEST_INPUT_FINDINGS_KEY = 'input-findings-test-key-0123456789abcdef';
    try {
      const attempt = run(
        [
          { type: 'detect' },
          { type: 'pseudonymize', key: 'env:VEIL_TEST_INPUT_FINDINGS_KEY', fields: ['_pii[].start'] },
          { type: 'anonymize' },
        ],
        { note: NOTE },
      );
      await expect(attempt).rejects.toThrow(/field '_pii' entry 0: expected/);
      await attempt.catch((error: Error) => expect(error.message).not.toContain('jane'));
    } finally {
      delete process.env.VEIL_TEST_INPUT_FINDINGS_KEY;
    }
  });
});

describe('stage anonymize: input findings through the engine, inline and on worker threads', () => {
  let dir: string;
  let input: string;
  const kinds = Object.values(HOSTILE);
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-input-findings-threads-'));
    const lines: string[] = [];
    for (let i = 0; i < 240; i++) {
      const note = `Ticket ${i}: mail user${i}@example.com`;
      // Two records in three carry findings of their own, of every hostile kind.
      const record: JsonRecord = { id: i, note };
      if (i % 3 !== 2) record['_pii'] = kinds[i % kinds.length]!;
      lines.push(JSON.stringify(record));
    }
    input = path.join(dir, 'in.ndjson');
    writeFileSync(input, lines.join('\n') + '\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, list] of Object.entries(stages)) {
    it(`${name}: every address is replaced, the same at 0 and 2 threads`, async () => {
      const outputs: string[] = [];
      for (const threads of [0, 2]) {
        const output = path.join(dir, `${name.replaceAll(' ', '-')}-${threads}.ndjson`);
        const summary = await pipeline(
          { name: 'input-findings-threads', input: { format: 'ndjson' }, stages: list } as never,
          { storePath: path.join(dir, 'store') },
        ).run({ input, output, threads });
        expect(summary.recordsOut).toBe(240);
        expect(summary.recordsRejected).toBe(0);
        const anonymize = summary.stages.find((s) => s.type === 'anonymize');
        expect(anonymize?.counters['anonymized.EMAIL_ADDRESS']).toBe(240);
        // Dropped input findings are counted only where no detect stage replaced them first.
        expect(anonymize?.counters['input_findings_dropped']).toBe(list.length === 1 ? 160 : undefined);
        outputs.push(readFileSync(output, 'utf8'));
      }
      expect(outputs[1]).toBe(outputs[0]);
      const rows = (outputs[0] as string).trim().split('\n').map((l) => JSON.parse(l) as JsonRecord);
      rows.forEach((row, i) =>
        expect(row).toEqual({ id: i, note: `Ticket ${i}: mail <EMAIL_ADDRESS>` }),
      );
    });
  }

  it('keeps the findings detect wrote on worker threads (the mark lives in the worker)', async () => {
    const spec = {
      name: 'input-findings-keep',
      input: { format: 'ndjson' },
      stages: [
        { type: 'detect', entities: ['EMAIL_ADDRESS'] },
        { type: 'anonymize', default: { operator: 'replace' }, keep_findings: true },
      ],
    };
    const output = path.join(dir, 'keep-2.ndjson');
    const p = pipeline(spec as never, { storePath: path.join(dir, 'store') });
    await p.run({ input, output, threads: 2 });
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    const rows = lines.map((l) => JSON.parse(l) as JsonRecord);
    rows.forEach((row, i) => {
      const start = `Ticket ${i}: mail `.length;
      const end = start + `user${i}@example.com`.length;
      expect(row).toEqual({
        id: i,
        note: `Ticket ${i}: mail <EMAIL_ADDRESS>`,
        _pii: [{ field: 'note', type: 'EMAIL_ADDRESS', start, end, score: 1 }],
      });
    });
  });
});
