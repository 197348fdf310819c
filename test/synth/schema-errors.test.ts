/**
 * synth: a bad schema file is refused with the file, line, column and field path, and the
 * message never echoes a value from the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SynthError } from '../../src/errors/synth-error.js';
import { loadSynthSchemaFile, parseSynthSchema } from '../../src/synth/schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function schemaFile(text: string, name = 'schema.yaml'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-synth-schema-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): SynthError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SynthError);
    return error as SynthError;
  }
  throw new Error('expected a SynthError');
}

describe('synth schema errors', () => {
  it('names file, line and field path for a bad option, without echoing the value', () => {
    const file = schemaFile(
      ['fields:', '  id: { type: uuid }', '  age:', '    type: integer', '    min: "SECRET-VALUE-123"', ''].join('\n'),
    );
    const error = errorOf(() => loadSynthSchemaFile(file));
    expect(error.message).toContain(`${file}:5:10: fields.age.min: `);
    expect(error.message).not.toContain('SECRET-VALUE-123');
    expect(error.code).toBe('VEIL_SYNTH');
  });

  it('names an unknown field type and lists the known ones', () => {
    const file = schemaFile('fields:\n  who:\n    type: socialSecret\n');
    const error = errorOf(() => loadSynthSchemaFile(file));
    expect(error.message).toMatch(/schema\.yaml:3:11: fields\.who: unknown field type; expected one of string, integer/);
    expect(error.message).not.toContain('socialSecret');
  });

  it('refuses unknown keys, unknown locales and bad ranges', () => {
    expect(errorOf(() => parseSynthSchema({ fields: { a: { type: 'uuid', colour: 'red' } } })).message).toMatch(/fields\.a/);
    expect(errorOf(() => parseSynthSchema({ locale: 'xx_YY', fields: { a: { type: 'uuid' } } })).message).toMatch(/locale: unknown locale/);
    expect(
      errorOf(() => parseSynthSchema({ fields: { n: { type: 'integer', min: 5, max: 1 } } })).message,
    ).toMatch(/fields\.n: min and max must be safe integers/);
    expect(errorOf(() => parseSynthSchema({ fields: {} })).message).toMatch(/fields: no fields/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const file = schemaFile('fields:\n  a: { type: uuid\n');
    expect(errorOf(() => loadSynthSchemaFile(file)).message).toMatch(/schema\.yaml:\d+:\d+: schema is not valid YAML/);
  });

  it('accepts JSON schema files', () => {
    const file = schemaFile(JSON.stringify({ fields: { id: { type: 'uuid' } } }), 'schema.json');
    expect(loadSynthSchemaFile(file).fields['id']).toEqual({ type: 'uuid' });
  });
});
