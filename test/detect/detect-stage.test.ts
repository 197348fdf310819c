/**
 * The `detect` stage: findings written to `_pii` (or the configured field) with concrete dotted
 * paths, all strings scanned by default (nested objects and arrays included), chosen fields
 * only when `fields` is given, explanations, counters; and the same output through the engine
 * at 0 and 2 worker threads. Bad options fail the pipeline naming the recognizer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord, StageEnvironment } from '../../src/engine/stage.js';
import { detectStage } from '../../src/stages/detect.js';
import { tempDir } from '../helpers/temp.js';

const env: StageEnvironment = {
  pipelineName: 'test',
  stageIndex: 0,
  baseDir: process.cwd(),
  secrets: { resolve: async () => new Uint8Array() },
  storePath: '/nonexistent',
};

async function build(options: Record<string, unknown>) {
  const counts = new Map<string, number>();
  const parsed = detectStage.options.parse(options);
  const transform = await detectStage.create(parsed, env, { add: (n, a = 1) => counts.set(n, (counts.get(n) ?? 0) + a) });
  return { transform, counts };
}

const record = (): JsonRecord => ({
  id: 7,
  notes: 'Mail john.doe@example.com, SSN 536-90-4399.',
  contact: { emails: ['a@example.org', 'nothing here'], phone: '+44 20 7946 0958' },
  count: 3,
});

describe('detect stage', () => {
  it('scans every string by default, nested and in arrays, with concrete paths', async () => {
    const { transform, counts } = await build({});
    const out = transform(record(), { index: 0 })!;
    expect(out._pii).toEqual([
      { field: 'notes', type: 'EMAIL_ADDRESS', start: 5, end: 25, score: 1 },
      { field: 'notes', type: 'US_SSN', start: 31, end: 42, score: 1 },
      { field: 'contact.emails[0]', type: 'EMAIL_ADDRESS', start: 0, end: 13, score: 1 },
      // 0.9 on its own; the key `phone` counts as a context word (field names, round 12).
      { field: 'contact.phone', type: 'PHONE_NUMBER', start: 0, end: 16, score: 1 },
    ]);
    expect(out.notes).toBe(record().notes);
    expect(counts.get('findings.EMAIL_ADDRESS')).toBe(2);
  });

  it('scans only the listed fields and writes to the configured findings field', async () => {
    const { transform } = await build({ fields: ['contact.emails[]'], findings_field: 'pii' });
    const out = transform(record(), { index: 0 })!;
    expect(out.pii).toEqual([{ field: 'contact.emails[0]', type: 'EMAIL_ADDRESS', start: 0, end: 13, score: 1 }]);
    expect(out._pii).toBeUndefined();
  });

  it('scans every string inside a listed field that holds an object or arrays of them', async () => {
    // Naming `contact` must not let `contact.phone` or `contact.emails[0]` pass unseen.
    const { transform } = await build({ fields: ['contact', 'missing'] });
    const out = transform(record(), { index: 0 })!;
    expect(out._pii).toEqual([
      { field: 'contact.emails[0]', type: 'EMAIL_ADDRESS', start: 0, end: 13, score: 1 },
      // 0.9 on its own; the key `phone` counts as a context word (field names, round 12).
      { field: 'contact.phone', type: 'PHONE_NUMBER', start: 0, end: 16, score: 1 },
    ]);
    const { transform: byBody } = await build({ fields: ['body'] });
    const nested = byBody({ body: [{ text: 'SSN 536-90-4399' }, { deeper: { more: ['x', 'john.doe@example.com'] } }] }, { index: 1 })!;
    expect(nested._pii).toEqual([
      { field: 'body[0].text', type: 'US_SSN', start: 4, end: 15, score: 1 },
      { field: 'body[1].deeper.more[1]', type: 'EMAIL_ADDRESS', start: 0, end: 20, score: 1 },
    ]);
  });

  it('replaces findings of an earlier run instead of scanning them', async () => {
    const { transform } = await build({});
    const once = transform(record(), { index: 0 })!;
    const twice = transform(JSON.parse(JSON.stringify(once)) as JsonRecord, { index: 0 })!;
    expect(twice._pii).toEqual(once._pii);
  });

  it('explain adds the recognizer, pattern, validator result and context words', async () => {
    const { transform } = await build({ explain: true, entities: ['US_SSN'] });
    const out = transform(record(), { index: 0 })!;
    expect(out._pii).toEqual([
      {
        field: 'notes', type: 'US_SSN', start: 31, end: 42, score: 1,
        explanation: { recognizer: 'us-ssn', pattern: 'ssn', validator: 'passed', base_score: 0.85, context_words: ['ssn'] },
      },
    ]);
  });

  it('rejects bad options when the pipeline is loaded, naming the recognizer and not the value', async () => {
    expect(detectStage.options.safeParse({ entities: ['email'] }).success).toBe(false);
    expect(detectStage.options.safeParse({ unknown_option: 1 }).success).toBe(false);
    // A pattern RE2 cannot compile is refused with the options, so the loader can name its line.
    const parsed = detectStage.options.safeParse({ custom_recognizers: [{ name: 'bad-one', type: 'X_ID', pattern: '(?<=x)y' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['custom_recognizers', 0, 'pattern']);
    expect(JSON.stringify(parsed.error?.issues)).not.toContain('(?<=x)y');
    // So are an unknown validator and a name another recognizer has (a built-in's, or the
    // deny lists' `deny-list:TYPE`): `veil validate` names their line.
    const validator = detectStage.options.safeParse({ custom_recognizers: [{ name: 'bad-one', type: 'X_ID', pattern: 'x[0-9]+', validator: 'no-such-validator' }] });
    expect(validator.error?.issues[0]?.path).toEqual(['custom_recognizers', 0, 'validator']);
    for (const name of ['us-bank-number', 'deny-list:X_ID']) {
      const taken = detectStage.options.safeParse({ custom_recognizers: [{ name, type: 'X_ID', pattern: 'x[0-9]+' }] });
      expect(taken.error?.issues[0]?.path).toEqual(['custom_recognizers', 0, 'name']);
    }
    const twice = { name: 'emp', type: 'X_ID', pattern: 'x[0-9]+' };
    expect(detectStage.options.safeParse({ custom_recognizers: [twice, twice] }).error?.issues[0]?.path).toEqual(['custom_recognizers', 1, 'name']);
    // Built past the options check (the API), the analyzer refuses a bad validator naming the recognizer.
    const options = detectStage.options.parse({ custom_recognizers: [{ name: 'bad-one', type: 'X_ID', pattern: 'x[0-9]+' }] });
    options.custom_recognizers![0]!.validator = 'no-such-validator';
    await expect(async () => detectStage.create(options, env, { add: () => {} })).rejects.toThrow(/bad-one/);
  });

  it('gives the same output through the engine inline and on 2 worker threads', async () => {
    const dir = tempDir('veil-detect-stage-');
    const input = path.join(dir, 'in.ndjson');
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ id: i, notes: `Ticket ${i}: call +1 415 555 ${String(1000 + i)} or mail user${i}@example.com` }),
    );
    writeFileSync(input, lines.join('\n') + '\n');
    const spec = { name: 'detect-test', input: { format: 'ndjson' as const }, stages: [{ type: 'detect', fields: ['notes'] }] };
    const outputs: string[] = [];
    for (const threads of [0, 2]) {
      const output = path.join(dir, `out-${threads}.ndjson`);
      const summary = await pipeline(spec).run({ input, output, threads });
      expect(summary.recordsOut).toBe(300);
      outputs.push(readFileSync(output, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    const first = JSON.parse(outputs[0]!.split('\n')[0]!) as { _pii: Array<{ type: string }> };
    expect(first._pii.map((f) => f.type)).toEqual(['PHONE_NUMBER', 'EMAIL_ADDRESS']);
  });
  it('uses the findings prepared for a record only for the very strings its walk meets', async () => {
    const { transform } = await build({});
    const prepare = (transform as { prepare?: (records: readonly JsonRecord[]) => void }).prepare!;
    const plain = (await build({})).transform;
    const expected = (r: JsonRecord): unknown => plain(r, { index: 0 })!._pii;

    // Prepared and transformed as they are, with the input's findings field left out of both.
    const first = { ...record(), _pii: [{ field: 'notes', type: 'X', start: 0, end: 1, score: 1 }] };
    const second = record();
    prepare([first, second]);
    expect(transform(first, { index: 0 })!._pii).toEqual(expected(record()));
    expect(transform(second, { index: 1 })!._pii).toEqual(expected(record()));

    // A string changed after prepare, a record prepare never saw, a record out of turn.
    const changed = record();
    const unseen = record();
    const later = record();
    prepare([changed, later]);
    changed.notes = 'Call +1 415-555-2671 now.';
    expect(transform(changed, { index: 0 })!._pii).toEqual(expected({ ...record(), notes: 'Call +1 415-555-2671 now.' }));
    expect(transform(unseen, { index: 1 })!._pii).toEqual(expected(record()));
    (later.contact as { emails: string[] }).emails[1] = 'me@example.net';
    const laterExpected = record();
    (laterExpected.contact as { emails: string[] }).emails[1] = 'me@example.net';
    expect(transform(later, { index: 2 })!._pii).toEqual(expected(laterExpected));
  });
});
