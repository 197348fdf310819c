/**
 * Engine: bad input. With `on_error: reject` a bad record goes to the reject file with its line,
 * byte offset and reason and the run goes on; with `fail` the run stops naming the line, and no
 * output file is left. No message or reject entry carries a record's value.
 * Includes BR-18 and BR-19 from ../shared/cases/reported-failures.jsonl.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors/record-error.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { PipelineSpec } from '../../src/engine/spec.js';
import { tempDir } from '../helpers/temp.js';

const br19 =
  '{"id":1,"email":"a@example.com"}\n{"id":2,"email":"b@example.com"}\n{"id":3,"email":"c@example.com"\n{"id":4,"email":"d@example.com"}\n';

function spec(format: 'ndjson' | 'json' | 'csv', extra: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'bad-input',
    input: { format },
    output: { format: 'ndjson' },
    stages: [],
    ...extra,
  };
}

function setup(name: string, content: string | Buffer) {
  const dir = tempDir();
  const input = path.join(dir, name);
  writeFileSync(input, content);
  return { dir, input, output: path.join(dir, 'out.ndjson') };
}

async function failure(promise: Promise<unknown>): Promise<RecordError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordError);
  return error as RecordError;
}

describe('bad input: BR-19 (a malformed NDJSON line)', () => {
  for (const threads of [0, 2]) {
    it(`fail mode stops at line 3, leaves no output (${threads} threads)`, async () => {
      const { dir, input, output } = setup('in.ndjson', br19);
      const error = await failure(pipeline(spec('ndjson')).run({ input, output, threads }));
      expect(error.line).toBe(3);
      expect(error.index).toBe(2);
      expect(error.offset).toBe(br19.indexOf('{"id":3'));
      expect(error.message).toMatch(/line 3\b/);
      expect(error.message).not.toContain('c@example.com');
      expect(existsSync(output)).toBe(false);
      expect(readdirSync(dir)).toEqual(['in.ndjson']);
    });

    it(`reject mode writes 1, 2, 4 and lists line 3 (${threads} threads)`, async () => {
      const { dir, input, output } = setup('in.ndjson', br19);
      const rejectFile = path.join(dir, 'rejects.ndjson');
      const summary = await pipeline(
        spec('ndjson', { on_error: 'reject', reject_file: rejectFile }),
      ).run({
        input,
        output,
        threads,
      });
      expect(summary.recordsIn).toBe(4);
      expect(summary.recordsOut).toBe(3);
      expect(summary.recordsRejected).toBe(1);
      const ids = readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id);
      expect(ids).toEqual([1, 2, 4]);
      const rejects = readFileSync(rejectFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rejects).toEqual([
        {
          line: 3,
          offset: br19.indexOf('{"id":3'),
          index: 2,
          reason: 'malformed JSON at column 32',
        },
      ]);
      expect(summary.rejects).toEqual(rejects);
      expect(readFileSync(rejectFile, 'utf8')).not.toContain('example.com');
    });
  }
});

describe('bad input: BR-18 (mismatched closing bracket in a JSON document)', () => {
  for (const [text, offset, column] of [
    ['{"x":1]', 6, 7],
    ['[{"a":1},{"b":2}}', 16, 17],
  ] as const) {
    it(`${text}: fails at byte ${offset} (line 1, column ${column}), nothing written`, async () => {
      for (const onError of ['fail', 'reject'] as const) {
        const { dir, input, output } = setup('in.json', text);
        const error = await failure(
          pipeline(spec('json', { on_error: onError })).run({ input, output, threads: 0 }),
        );
        expect(error.offset).toBe(offset);
        expect(error.message).toContain(`line 1, column ${column}`);
        // The structure error names the input file, like NDJSON and CSV record errors.
        expect(error.message.startsWith(`${input}: `)).toBe(true);
        expect(readdirSync(dir)).toEqual(['in.json']);
      }
    });
  }

  it('an element that JSON.parse refuses is one reject; the array goes on', async () => {
    const { dir, input, output } = setup('in.json', '[\n{"a":1},\n{"a":tru},\n{"a":3}\n]');
    const summary = await pipeline(
      spec('json', { on_error: 'reject', reject_file: path.join(dir, 'r.ndjson') }),
    ).run({
      input,
      output,
      threads: 0,
    });
    expect(summary.recordsOut).toBe(2);
    expect(summary.rejects[0]).toMatchObject({ line: 3, index: 1 });
  });
});

describe('bad input: CSV, UTF-8 and over-long lines', () => {
  it('a CSV row with the wrong column count is rejected with its line', async () => {
    const { input, output } = setup('in.csv', 'a,b\n1,2\n3,4,secret-value\n5,6\n');
    const summary = await pipeline(spec('csv', { on_error: 'reject' })).run({
      input,
      output,
      threads: 0,
    });
    expect(summary.recordsOut).toBe(2);
    expect(summary.rejects).toEqual([
      { line: 3, offset: 8, index: 1, reason: 'expected 2 CSV fields, found 3' },
    ]);
    expect(readFileSync(`${output}.rejects.ndjson`, 'utf8')).not.toContain('secret-value');
  });

  it('invalid UTF-8 is rejected with its line; fail mode names it', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"ok"}\n{"a":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n{"a":"ok2"}\n'),
    ]);
    const { input, output } = setup('in.ndjson', bytes);
    const summary = await pipeline(spec('ndjson', { on_error: 'reject' })).run({
      input,
      output,
      threads: 0,
    });
    expect(summary.rejects).toEqual([{ line: 2, offset: 11, index: 1, reason: 'invalid UTF-8' }]);
    const error = await failure(
      pipeline(spec('ndjson')).run({ input, output: `${output}.2`, threads: 0 }),
    );
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('invalid UTF-8');
  });

  it('a line longer than max_line_bytes is rejected, whether or not it arrives in one read', async () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`;
    const text = `{"a":1}\n${long}\n{"a":2}\n`;
    const { input, output } = setup('in.ndjson', text);
    const p = pipeline(spec('ndjson', { on_error: 'reject', max_line_bytes: 1000 }));
    const summary = await p.run({ input, output, threads: 0 });
    expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    const expected = [
      { line: 2, offset: 8, index: 1, reason: 'record is longer than max_line_bytes (1000 bytes)' },
    ];
    expect(summary.rejects).toEqual(expected);

    // In 100-byte reads the reader meets the line unfinished and skips it without buffering.
    const { Readable } = await import('node:stream');
    const chunks = Readable.from(
      Array.from({ length: Math.ceil(text.length / 100) }, (_, i) =>
        Buffer.from(text.slice(i * 100, i * 100 + 100)),
      ),
    );
    const streamed = await p.run({ input: chunks, output: `${output}.s`, threads: 0 });
    expect(readFileSync(`${output}.s`, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(streamed.rejects).toEqual(expected);
    const error = await failure(
      pipeline(spec('ndjson', { max_line_bytes: 1000 })).run({
        input,
        output: `${output}.2`,
        threads: 0,
      }),
    );
    expect(error.line).toBe(2);
    expect(existsSync(`${output}.2`)).toBe(false);
  });

  it('a stage error becomes a reject whose reason withholds foreign messages', async () => {
    const { input, output } = setup(
      'in.ndjson',
      '{"email":{"nested":"alice@example.com"}}\n{"email":"b"}\n',
    );
    process.env['VEIL_TEST_KEY_REJECT'] = 'k'.repeat(32);
    const p = pipeline(
      spec('ndjson', {
        on_error: 'reject',
        stages: [{ type: 'pseudonymize', key: 'env:VEIL_TEST_KEY_REJECT', fields: ['email'] }],
      }),
    );
    const summary = await p.run({ input, output, threads: 0 });
    expect(summary.recordsOut).toBe(1);
    expect(summary.rejects[0]?.reason).toBe(
      "stage 'pseudonymize' (#1): field 'email' holds an object or array; select its leaf fields",
    );
  });
});
