import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePipelineYaml } from '../../src/engine/loader.js';
import { loadStages } from '../../src/engine/registry.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';

const SEED = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";
const SEED_OUT = "[REDACTED NAME]'s email is [REDACTED EMAIL] and his phone is [REDACTED PHONE].";

describe('stage anonymize: detect then anonymize records', () => {
  // Synchronous validation sees only loaded stages; load the built-ins first.
  beforeAll(() => loadStages());
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-anonymize-stage-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (stages: unknown[], record: JsonRecord): Promise<JsonRecord | null> =>
    pipeline({ name: 'test', input: { format: 'ndjson' }, stages } as never, {
      storePath: path.join(dir, 'store'),
    }).transform(record);

  it('turns the seed record into the seed output, after a detect stage', async () => {
    const out = await run([{ type: 'detect' }, { type: 'anonymize' }], { note: SEED, n: 3 });
    expect(out).toEqual({ note: SEED_OUT, n: 3 });
  });

  it('detects by itself when no detect stage ran', async () => {
    const out = await run([{ type: 'anonymize' }], { note: SEED });
    expect(out).toEqual({ note: SEED_OUT });
  });

  it('detecting by itself, reads whatever a listed field holds: objects, arrays of them, other shapes', async () => {
    // Before, `fields: [body]` with `body` an object let everything inside it through in clear.
    const record = (): JsonRecord => ({
      body: { text: 'I am John Smith, mail john.smith@example.com', list: ['call +1 415 555 0132', { deep: 'Maria Garcia' }] },
      contacts: [{ info: { note: 'wei@example.org' } }, { info: 'Anna Schmidt' }],
      other: 'x@y.org',
    });
    const out = await run([{ type: 'anonymize', fields: ['body', 'body.text', 'contacts[].info'] }], record());
    expect(out).toEqual({
      body: { text: 'I am [REDACTED NAME], mail [REDACTED EMAIL]', list: ['call [REDACTED PHONE]', { deep: '[REDACTED NAME]' }] },
      contacts: [{ info: { note: '[REDACTED EMAIL]' } }, { info: '[REDACTED NAME]' }],
      other: 'x@y.org',
    });
    // A string where the path expects an array of objects is read whole, not let through.
    expect(await run([{ type: 'anonymize', fields: ['contacts[].info'] }], { contacts: 'mail john@example.com' })).toEqual({
      contacts: 'mail [REDACTED EMAIL]',
    });
    // The same through a detect stage: each string found once, though two listed paths select it.
    const detected = await run([{ type: 'detect', fields: ['body', 'body.text'] }], record());
    expect((detected!._pii as Array<{ field: string }>).map((f) => f.field)).toEqual([
      'body.text', 'body.text', 'body.list[0]', 'body.list[1].deep',
    ]);
  });

  it('refuses bad detection options of its own when the pipeline is loaded, not on every record', async () => {
    // Before, an unknown validator or a taken recognizer name here was found when the first
    // record came, and every record was rejected with it while the run itself succeeded.
    for (const custom of [
      { name: 'emp', type: 'X_ID', pattern: 'x[0-9]+', validator: 'no-such-validator' },
      { name: 'credentials', type: 'X_ID', pattern: 'x[0-9]+' },
    ]) {
      const stages = [{ type: 'anonymize', detect: { custom_recognizers: [custom] } }];
      await expect(run(stages, { note: 'x123' })).rejects.toThrow(/stages\[0\]: stage 'anonymize': detect\.custom_recognizers\[0\]\.(validator|name)/);
    }
  });

  it('keeps array length and order, nested fields included', async () => {
    const out = await run(
      [
        { type: 'detect' },
        { type: 'anonymize', entities: { EMAIL_ADDRESS: { operator: 'replace' } } },
      ],
      {
        contacts: [{ email: 'a@example.com' }, { email: 'none' }],
        tags: ['mail bob@example.org', 'plain', 'x@example.net'],
      },
    );
    expect(out).toEqual({
      contacts: [{ email: '<EMAIL_ADDRESS>' }, { email: 'none' }],
      tags: ['mail <EMAIL_ADDRESS>', 'plain', '<EMAIL_ADDRESS>'],
    });
  });

  it('replaces whole fields declared as one entity, and keeps findings on request', async () => {
    const out = await run(
      [
        { type: 'detect', fields: ['note'] },
        {
          type: 'anonymize',
          whole_fields: { card: 'CREDIT_CARD' },
          entities: { CREDIT_CARD: { operator: 'mask', keepLast: 4 } },
          keep_findings: true,
        },
      ],
      { card: '4111 1111 1111 1111', note: 'no data' },
    );
    expect(out).toEqual({ card: '**** **** **** 1111', note: 'no data', _pii: [] });
  });

  it('refuses an unknown operator when the file is loaded, naming the line and the valid names', () => {
    const yaml = [
      'name: t',
      'stages:',
      '  - type: anonymize',
      '    default:',
      '      operator: redakt',
      '',
    ].join('\n');
    expect(() => parsePipelineYaml(yaml, 'p.yaml', dir)).toThrow(
      /p\.yaml:\d+:\d+: .*stage 'anonymize': default: unknown operator 'redakt'; expected one of .*redact.*replace/,
    );
  });
});
