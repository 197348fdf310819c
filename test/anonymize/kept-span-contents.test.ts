/**
 * Personal data inside a span whose operator keeps text (a URL under `keep`, a date under
 * `mask` with `keepLast`) is still replaced with its own type's operator, through the library
 * and through the pipeline stage on 0 and 2 worker threads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/anonymize/anonymizer.js';
import { analyzerInnerFinder } from '../../src/anonymize/nested-findings.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { pipeline } from '../../src/engine/pipeline.js';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const URL_KEEP = { entities: { URL: { operator: 'keep' } } };

/** [input, output with URL: keep]. */
const KEEP_CASES: [string, string][] = [
  ['see http://10.0.0.1:8080/admin', 'see http://[REDACTED IP]:8080/admin'],
  [
    'https://crm.example.com/customers/4111111111111111',
    'https://crm.example.com/customers/[REDACTED CARD]',
  ],
  ['https://example.com/call/+14155552671', 'https://example.com/call/[REDACTED PHONE]'],
  ['https://example.com/John_Smith', 'https://example.com/[REDACTED NAME]_[REDACTED NAME]'],
  [
    'https://example.com/?dob=1985-03-14&name=John%20Smith',
    'https://example.com/?dob=[REDACTED DATE]&name=[REDACTED NAME]',
  ],
];

describe('anonymize: personal data inside kept spans', () => {
  let dir: string;
  let privacy: PrivacyManager;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-kept-spans-'));
    privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(KEEP_CASES)('URL keep: %s', async (input, expected) => {
    expect(await privacy.anonymizeText(input, { operators: URL_KEEP })).toBe(expected);
  });

  it('the default configuration still redacts the whole URL', async () => {
    for (const [input] of KEEP_CASES) {
      expect(await privacy.anonymizeText(input)).toBe(
        input.startsWith('see ') ? 'see [REDACTED URL]' : '[REDACTED URL]',
      );
    }
  });

  it('URL mask keepLast 4 masks the URL and replaces what it holds', async () => {
    const out = await privacy.anonymizeText('https://crm.example.com/customers/4111111111111111', {
      operators: { entities: { URL: { operator: 'mask', keepLast: 4 } } },
    });
    expect(out).toBe('*****://***.*******.***/*********/[REDACTED CARD]');
  });

  it('DATE_TIME keep or mask does not leave the rest of a URL holding the date', async () => {
    const input = 'https://example.com/?dob=1985-03-14&name=John%20Smith';
    for (const spec of [{ operator: 'keep' }, { operator: 'mask', keepLast: 4 }]) {
      const out = await privacy.anonymizeText(input, { operators: { entities: { DATE_TIME: spec } } });
      expect(out).toBe('[REDACTED URL]');
    }
    const both = await privacy.anonymizeText(input, {
      operators: { entities: { URL: { operator: 'keep' }, DATE_TIME: { operator: 'mask', keepLast: 4 } } },
    });
    expect(both).toBe('https://example.com/?dob=****-03-14&name=[REDACTED NAME]');
  });

  it('anonymizeRecord replaces what kept URLs hold, field by field', async () => {
    const record = {
      link: 'https://crm.example.com/customers/4111111111111111',
      notes: ['call https://example.com/call/+14155552671 today'],
    };
    const out = await privacy.anonymizeRecord(record, { operators: URL_KEEP });
    expect(out).toEqual({
      link: 'https://crm.example.com/customers/[REDACTED CARD]',
      notes: ['call https://example.com/call/[REDACTED PHONE] today'],
    });
    expect(record.link).toBe('https://crm.example.com/customers/4111111111111111');
  });

  it('keeps to the entity types of the call', async () => {
    const out = await privacy.anonymizeText('https://crm.example.com/customers/4111111111111111', {
      operators: URL_KEEP,
      entities: ['URL', 'PHONE_NUMBER'],
    });
    expect(out).toBe('https://crm.example.com/customers/4111111111111111');
  });

  it('reports the inner pieces so that a reversible round trip still works', async () => {
    const input = 'https://example.com/call/+14155552671';
    const result = await privacy.anonymizeTextReversibly(input, { operators: URL_KEEP });
    expect(result.text).toBe('https://example.com/call/[REDACTED PHONE]');
    expect(result.items.map((i) => [i.type, result.text.slice(i.start, i.end)])).toEqual([
      ['URL', 'https://example.com/call/'],
      ['PHONE_NUMBER', '[REDACTED PHONE]'],
    ]);
  });

  it('a whole-span reading of the same characters is not data inside the span', async () => {
    const anonymizer = await createAnonymizer({ entities: { UK_NHS: { operator: 'mask', keepLast: 4 } } });
    const text = 'NHS 943 476 5919';
    const inner = analyzerInnerFinder(createAnalyzer());
    const out = anonymizer.text(text, [{ type: 'UK_NHS', start: 4, end: 16, score: 1 }], { inner });
    expect(out).toBe('NHS *** *** 5919');
  });

  it('without an inner finder the anonymizer applies the span operator only', async () => {
    const anonymizer = await createAnonymizer(URL_KEEP);
    const text = 'https://example.com/call/+14155552671';
    expect(anonymizer.text(text, [{ type: 'URL', start: 0, end: text.length, score: 1 }])).toBe(text);
  });

  it.each([0, 2])('the anonymize stage replaces what kept URLs hold (threads %i)', async (threads) => {
    const input = path.join(dir, `in-${threads}.ndjson`);
    const lines = KEEP_CASES.map(([text], i) => JSON.stringify({ id: i, text }));
    writeFileSync(input, lines.join('\n') + '\n');
    for (const withDetect of [false, true]) {
      const output = path.join(dir, `out-${threads}-${String(withDetect)}.ndjson`);
      const spec = {
        name: `kept-spans-${threads}`,
        input: { format: 'ndjson' as const },
        stages: [
          ...(withDetect ? [{ type: 'detect' }] : []),
          { type: 'anonymize', ...URL_KEEP },
        ],
      };
      const summary = await pipeline(spec as never, { storePath: path.join(dir, 'store') }).run({
        input,
        output,
        threads,
      });
      expect(summary.recordsOut).toBe(KEEP_CASES.length);
      const rows = readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: number; text: string });
      expect(rows.map((r) => r.text)).toEqual(KEEP_CASES.map(([, expected]) => expected));
    }
  });

  it.each([0, 2])('the stage default (URL redacted) is unchanged (threads %i)', async (threads) => {
    const input = path.join(dir, `default-${threads}.ndjson`);
    writeFileSync(input, KEEP_CASES.map(([text], i) => JSON.stringify({ id: i, text })).join('\n') + '\n');
    const output = path.join(dir, `default-out-${threads}.ndjson`);
    const spec = { name: 'kept-default', input: { format: 'ndjson' as const }, stages: [{ type: 'anonymize' }] };
    await pipeline(spec as never, { storePath: path.join(dir, 'store') }).run({ input, output, threads });
    const texts = readFileSync(output, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    expect(texts).toEqual(['see [REDACTED URL]', '[REDACTED URL]', '[REDACTED URL]', '[REDACTED URL]', '[REDACTED URL]']);
  });
});
