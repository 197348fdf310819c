/**
 * Secret references: env and file schemes, refusal of literal values and of key files that group
 * or others can read, aliases, and schemes registered by other areas. Messages never carry the
 * secret itself.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import {
  createSecretResolver,
  isSecretReference,
  registerSecretScheme,
  secretReference,
} from '../../src/engine/secrets.js';
import { tempDir } from '../helpers/temp.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('secrets: resolution', () => {
  it('env: returns the variable bytes; unset variables are named, not valued', async () => {
    process.env['VEIL_TEST_SECRET_A'] = 'value-of-a';
    const resolver = createSecretResolver();
    expect(text(await resolver.resolve('env:VEIL_TEST_SECRET_A'))).toBe('value-of-a');
    await expect(resolver.resolve('env:VEIL_TEST_SECRET_UNSET')).rejects.toThrow(
      'secret reference env:VEIL_TEST_SECRET_UNSET: the environment variable is not set',
    );
  });

  it('file: reads a 0600 key file relative to the base dir, trimming one text newline', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'k.key'), 'abcdef0123456789\n', { mode: 0o600 });
    const binary = Buffer.from([1, 2, 3, 0x0a]);
    writeFileSync(path.join(dir, 'b.key'), binary, { mode: 0o600 });
    const resolver = createSecretResolver({ baseDir: dir });
    expect(text(await resolver.resolve('file:k.key'))).toBe('abcdef0123456789');
    expect(Buffer.from(await resolver.resolve(`file:${dir}/b.key`)).equals(binary)).toBe(true);
  });

  it('file: refuses a key file readable by group or others, and missing files', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'open.key');
    writeFileSync(file, 'top-secret-bytes');
    for (const mode of [0o640, 0o604, 0o644]) {
      chmodSync(file, mode);
      const error = await createSecretResolver()
        .resolve(`file:${file}`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineError);
      expect((error as Error).message).toContain(`mode ${mode.toString(8)}`);
      expect((error as Error).message).not.toContain('top-secret');
    }
    await expect(createSecretResolver().resolve(`file:${dir}/missing`)).rejects.toThrow('(ENOENT)');
  });

  it('refuses literal values and unknown schemes without echoing them', async () => {
    const resolver = createSecretResolver();
    for (const literal of ['hunter2', 'sk_live_abcdef', 'password:hunter2']) {
      const error = (await resolver.resolve(literal).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(PipelineError);
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('abcdef');
    }
    expect(isSecretReference('env:X')).toBe(true);
    expect(isSecretReference('hunter2')).toBe(false);
  });

  it('the key-option schema refuses a malformed env: name as the resolver does, at validation', async () => {
    const schema = secretReference();
    for (const bad of ['env:MYKEY:extra', 'env:1KEY', 'env:MY-KEY', 'env:MY KEY']) {
      const parsed = schema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^env: reference: not a valid environment variable name/);
      const resolved = (await createSecretResolver().resolve(bad).catch((e: unknown) => e)) as Error;
      expect(resolved.message).toContain('not a valid environment variable name');
    }
    for (const good of ['env:MYKEY', 'env:_K2', 'file:keys/a:b.key', 'keyring:customers']) {
      expect(schema.safeParse(good).success, good).toBe(true);
    }
    expect(schema.safeParse('hunter2').error?.issues[0]?.message).toMatch(/literal values are refused/);
  });

  it('aliases map one reference to another (the CLI default key)', async () => {
    process.env['VEIL_TEST_SECRET_B'] = 'bbb';
    const resolver = createSecretResolver({
      aliases: { 'env:NOT_SET_ANYWHERE': 'env:VEIL_TEST_SECRET_B' },
    });
    expect(text(await resolver.resolve('env:NOT_SET_ANYWHERE'))).toBe('bbb');
  });

  it('registerSecretScheme adds a scheme that resolvers use', async () => {
    registerSecretScheme('test-vault', async (rest, context) =>
      new TextEncoder().encode(`${rest}@${context.storePath}`),
    );
    const resolver = createSecretResolver({ storePath: '/store' });
    expect(text(await resolver.resolve('test-vault:alpha'))).toBe('alpha@/store');
    expect(() => registerSecretScheme('Bad Scheme', async () => new Uint8Array())).toThrow(
      TypeError,
    );
  });
});
