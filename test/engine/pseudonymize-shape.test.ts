/**
 * `pseudonymize` on values of unexpected shapes, over real files (0 and 2 worker threads): an
 * array of scalars is pseudonymized element by element; an object (or an array holding one)
 * rejects the record; a selected path meeting a value of the wrong shape (a string where
 * `contacts[].email` expects an array) rejects it too, naming the path and never the value.
 * Absent keys and `null` are not errors. Also the field-path `onMismatch` hook it relies on, and
 * that stages without the hook keep skipping such values.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFieldPath } from '../../src/engine/field-path.js';
import { pipeline } from '../../src/engine/pipeline.js';
import type { JsonRecord } from '../../src/engine/stage.js';
import { pseudonymOf } from '../../src/stages/pseudonymize.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'shape-test-key-0123456789abcdef';

const lines: JsonRecord[] = [
  { email: ['SECRET-ARR-1', 'SECRET-ARR-2'] },
  { contacts: 'SECRET-NOTARRAY' },
  { email: { a: 'SECRET-OBJ' } },
  { contacts: [{ email: 'SECRET-OK@example.com' }, 'SECRET-ELEMENT'] },
  { email: [['SECRET-NESTED']] },
  { email: [{ x: 'SECRET-IN-OBJ' }] },
  { contacts: [{ email: 'x' }], id: 'absent-email' },
  { contacts: null, email: null, id: 'nulls' },
  { id: 'absent' },
  { contacts: [{ other: 1 }, { email: 'SECRET-C@example.com' }] },
];

describe('pseudonymize: value shapes', () => {
  for (const threads of [0, 2]) {
    it(`arrays element-wise, wrong shapes rejected, absent fields kept (${threads} threads)`, async () => {
      process.env['VEIL_TEST_KEY_SHAPE'] = KEY;
      const dir = tempDir('veil-pseudonymize-shape-');
      const input = path.join(dir, 'in.ndjson');
      const output = path.join(dir, 'out.ndjson');
      const rejectFile = path.join(dir, 'rejects.ndjson');
      writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const summary = await pipeline({
        name: 'shape',
        input: { format: 'ndjson' },
        output: { format: 'ndjson' },
        on_error: 'reject',
        reject_file: rejectFile,
        stages: [
          {
            type: 'pseudonymize',
            key: 'env:VEIL_TEST_KEY_SHAPE',
            fields: ['email', 'contacts[].email'],
          },
        ],
      }).run({ input, output, threads });

      const key = Buffer.from(KEY);
      const p = (value: string, context: string) => pseudonymOf(key, value, { context });
      const out = readFileSync(output, 'utf8');
      expect(out).not.toContain('SECRET');
      expect(out.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
        { email: [p('SECRET-ARR-1', 'email'), p('SECRET-ARR-2', 'email')] },
        { email: [[p('SECRET-NESTED', 'email')]] },
        { contacts: [{ email: p('x', 'contacts[].email') }], id: 'absent-email' },
        { contacts: null, email: null, id: 'nulls' },
        { id: 'absent' },
        { contacts: [{ other: 1 }, { email: p('SECRET-C@example.com', 'contacts[].email') }] },
      ]);

      const where = "stage 'pseudonymize' (#1): ";
      expect(summary.rejects.map((r) => [r.line, r.reason])).toEqual([
        [2, `${where}field 'contacts' is not an array as the selected path expects`],
        [3, `${where}field 'email' holds an object or array; select its leaf fields`],
        [4, `${where}field 'contacts[1]' is not an object as the selected path expects`],
        [6, `${where}field 'email[0]' holds an object or array; select its leaf fields`],
      ]);
      expect(readFileSync(rejectFile, 'utf8')).not.toContain('SECRET');
    });
  }
});

describe('field paths: onMismatch', () => {
  it('reports values of the wrong shape on the way, not absent keys or null', () => {
    const seen: string[] = [];
    const record: JsonRecord = {
      a: 'text',
      b: [{ c: 1 }, 7, null],
      d: { e: 'no-array' },
      n: null,
    };
    const paths = ['a[].c', 'b[].c', 'd.e[]', 'd.missing[].x', 'n.x', 'a.x', 'missing.x'];
    for (const text of paths) {
      compileFieldPath(text).update(
        record,
        () => undefined,
        (concrete, expected) => seen.push(`${text} -> ${concrete}: ${expected}`),
      );
    }
    expect(seen).toEqual([
      'a[].c -> a: array',
      'b[].c -> b[1]: object',
      // A trailing `[]` asks for an array too: a string there is not visited, so it is reported.
      'd.e[] -> d.e: array',
      'a.x -> a: object',
    ]);
  });

  it('without the hook, wrong shapes are still skipped (drop, encrypt-field... unchanged)', () => {
    const record: JsonRecord = { a: 'text', b: [{ c: 1 }, 7] };
    const visited: string[] = [];
    compileFieldPath('a[].c').update(record, (_v, p) => void visited.push(p));
    compileFieldPath('b[].c').update(record, (_v, p) => void visited.push(p));
    expect(visited).toEqual(['b[0].c']);
    compileFieldPath('a.x').remove(record);
    expect(record).toEqual({ a: 'text', b: [{ c: 1 }, 7] });
  });
});
