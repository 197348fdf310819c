/**
 * `veil run` (real bin, files and worker threads): field names as evidence (round 12). An
 * anonymize-only pipeline left `{"password": "hunter2"}` and short CSV columns (`last_name`,
 * `phone`, `city`, `zip`, `street`) in clear, since their values carry no context words. They
 * are now replaced, in NDJSON and CSV, inline and on two worker threads; `field_context: false`
 * switches this off, `extra` adds keys, and no value reaches an error message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const SECRETS = ['hunter2', 's3cr3t!', 'abc123', 'open sesame', 'tok_1'];
const NDJSON =
  JSON.stringify({ password: 'hunter2', pass: 's3cr3t!', api_key: 'abc123', secret: 'open sesame', token: 'tok_1' }) +
  '\n' +
  JSON.stringify({ id: 2, status: 'open', password: 'n/a' }) +
  '\n';

const CSV_VALUES = ['Lane', '0171 1234567', '07700 900123', '13812345678', 'Shanghai', '10115', 'Am Hang 3', 'Teheran-ro 152'];
const CSV =
  'last_name,phone,city,zip,street\n' +
  'Lane,0171 1234567,Shanghai,10115,Am Hang 3\n' +
  'Lane,07700 900123,Shanghai,10115,Teheran-ro 152\n' +
  'Lane,13812345678,Shanghai,10115,Teheran-ro 152\n';

/** Writes the pipeline and input into a fresh directory and runs them; returns the output. */
function run(format: 'ndjson' | 'csv', stages: string, input: string, threads: number) {
  const dir = tempDir('veil-field-context-');
  const pipeline = path.join(dir, 'p.yaml');
  writeFileSync(
    pipeline,
    `name: field-context\ninput: { format: ${format} }\noutput: { format: ndjson }\nstages:\n${stages}`,
  );
  const inputFile = path.join(dir, `in.${format}`);
  writeFileSync(inputFile, input);
  const output = path.join(dir, 'out.ndjson');
  const result = veil(['run', pipeline, '-i', inputFile, '-o', output, '-t', String(threads), '-q']);
  const records =
    result.code === 0
      ? readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
  return { result, records, text: result.code === 0 ? readFileSync(output, 'utf8') : '' };
}

describe('veil run: field names as evidence', () => {
  /** Each input through an anonymize-only pipeline: its values gone, its first record as given. */
  const anonymizeOnly: Array<[string, 'ndjson' | 'csv', string, string[], Record<string, unknown>]> = [
    ['credentials by key (NDJSON)', 'ndjson', NDJSON, SECRETS, {
      password: '[REDACTED CREDENTIAL]',
      pass: '[REDACTED CREDENTIAL]',
      api_key: '[REDACTED CREDENTIAL]',
      secret: '[REDACTED CREDENTIAL]',
      token: '[REDACTED CREDENTIAL]',
    }],
    ['short CSV columns by their names', 'csv', CSV, CSV_VALUES, {
      last_name: '[REDACTED NAME]',
      phone: '[REDACTED PHONE]',
      city: '[REDACTED LOCATION]',
      zip: '[REDACTED ZIP]',
      street: '[REDACTED LOCATION]',
    }],
  ];
  describe.each([0, 2])('anonymize alone, --threads %i', (threads) => {
    it.each(anonymizeOnly)('replaces %s', (_what, format, input, values, first) => {
      const { result, records, text } = run(format, '  - type: anonymize\n', input, threads);
      expectCode(result, 0);
      for (const value of values) expect(text).not.toContain(value);
      expect(records[0]).toEqual(first);
      if (format === 'ndjson') {
        // "n/a" says there is no password; "open" is no key of the table.
        expect(records[1]).toEqual({ id: 2, status: 'open', password: 'n/a' });
      } else {
        expect(records.map((r) => r.phone)).toEqual(['[REDACTED PHONE]', '[REDACTED PHONE]', '[REDACTED PHONE]']);
      }
    });
  });

  it('detect reports the whole value with the key as its explanation', () => {
    const { result, records } = run('csv', '  - type: detect\n    explain: true\n', CSV, 2);
    expectCode(result, 0);
    const findings = records[0]!._pii as Array<{ field: string; type: string; explanation: { recognizer: string } }>;
    expect(findings.map((f) => [f.field, f.type])).toEqual([
      ['last_name', 'PERSON'],
      ['phone', 'PHONE_NUMBER'],
      ['city', 'LOCATION'],
      ['zip', 'ZIP_CODE'],
      ['street', 'LOCATION'],
    ]);
    expect(findings.find((f) => f.field === 'zip')?.explanation.recognizer).toBe('field-name');
  });

  it('field_context: false on either stage leaves the values as before', () => {
    const detect = run('ndjson', '  - type: detect\n    field_context: false\n', NDJSON, 0);
    expectCode(detect.result, 0);
    expect(detect.records[0]!._pii).toEqual([]);
    const anonymize = run('csv', '  - type: anonymize\n    detect: { field_context: false }\n', CSV, 2);
    expectCode(anonymize.result, 0);
    expect(anonymize.records[0]).toMatchObject({ last_name: 'Lane', zip: '10115', street: 'Am Hang 3' });
  });

  it('field_context.extra adds a key of a declared type', () => {
    const stages =
      '  - type: anonymize\n' +
      '    detect:\n' +
      "      custom_recognizers: [{ name: employee-id, type: EMPLOYEE_ID, pattern: 'EMP-\\d{6}' }]\n" +
      '      field_context: { extra: { emp_no: EMPLOYEE_ID } }\n';
    const input = JSON.stringify({ emp_no: 'X-7731', note: 'EMP-123456 called' }) + '\n';
    const { result, records } = run('ndjson', stages, input, 2);
    expectCode(result, 0);
    expect(records[0]).toEqual({ emp_no: '[REDACTED EMPLOYEE ID]', note: '[REDACTED EMPLOYEE ID] called' });
  });

  it('refuses an unknown type in extra, naming the option, never a value', () => {
    const stages = '  - type: detect\n    field_context: { extra: { emp_no: EMPLOYEE_ID } }\n';
    const { result } = run('ndjson', stages, NDJSON, 0);
    expectCode(result, 2);
    expect(result.stderr).toContain('field_context.extra.emp_no');
    expect(result.stderr).toContain('unknown entity type');
    for (const secret of SECRETS) expect(result.stderr).not.toContain(secret);
  });

  it('a bad record is rejected without its field values in the message', () => {
    const input = NDJSON + '{"password": "hunter2", "broken": \n';
    const dir = tempDir('veil-field-context-');
    const pipeline = path.join(dir, 'p.yaml');
    writeFileSync(pipeline, 'name: t\ninput: { format: ndjson }\noutput: { format: ndjson }\non_error: fail\nstages:\n  - type: anonymize\n');
    const inputFile = path.join(dir, 'in.ndjson');
    writeFileSync(inputFile, input);
    const result = veil(['run', pipeline, '-i', inputFile, '-o', path.join(dir, 'out.ndjson'), '-t', '2']);
    expect(result.code).not.toBe(0);
    for (const secret of SECRETS) expect(result.stderr).not.toContain(secret);
  });
});
