/**
 * `encrypt-field` with a disabled keyring key: the run fails before reading its input, with a
 * configuration error naming the key version and how to fix it, and writes nothing (round 13:
 * under `on_error: reject` it exited 0 with every record rejected). Decryption under the same
 * disabled key still works. The compiled CLI, a real LMDB keyring in a temp directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const VEIL = path.join(ROOT, 'bin/veil.js');

const pipelineFile = (name: string, stage: string, algorithm?: string) =>
  [
    `name: ${name}`,
    'input:',
    '  format: ndjson',
    'output:',
    '  format: ndjson',
    'on_error: reject',
    'stages:',
    `  - type: ${stage}`,
    '    fields: [email, card]',
    '    key: keyring:customers',
    ...(algorithm === undefined ? [] : [`    algorithm: ${algorithm}`]),
    '',
  ].join('\n');

const MASTER_KEY = toHex(randomBytes(32));
let dir: string;
const veil = (...args: string[]) =>
  spawnSync(process.execPath, [VEIL, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, VEIL_HOME: path.join(dir, '.veil'), VEIL_MASTER_KEY: MASTER_KEY },
  });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-disabled-key-'));
  writeFileSync(path.join(dir, 'in.ndjson'), '{"email":"jane@example.com","card":"4111111111111111"}\n');
  writeFileSync(path.join(dir, 'encrypt.yaml'), pipelineFile('encrypt', 'encrypt-field'));
  writeFileSync(path.join(dir, 'encrypt-ff1.yaml'), pipelineFile('encrypt-ff1', 'encrypt-field', 'ff1'));
  writeFileSync(path.join(dir, 'decrypt.yaml'), pipelineFile('decrypt', 'decrypt-field'));
  expect(veil('keys', 'create', 'customers').status).toBe(0);
  expect(veil('run', 'encrypt.yaml', '-i', 'in.ndjson', '-o', 'sealed.ndjson').status).toBe(0);
  expect(veil('keys', 'disable', 'customers').status).toBe(0);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('encrypt-field: a disabled key', () => {
  it('fails the run before any record, for AEAD and FF1, writing nothing', () => {
    for (const file of ['encrypt.yaml', 'encrypt-ff1.yaml']) {
      const r = veil('run', file, '-i', 'in.ndjson', '-o', 'out.ndjson');
      expect({ file, status: r.status }).toEqual({ file, status: 2 });
      expect(r.stderr).toContain(
        "stage 'encrypt-field' (#1): key: key 'customers/v1' is disabled: it cannot be used to encrypt " +
          '(`veil keys enable customers` re-enables it, `veil keys rotate customers` adds a new version)',
      );
      expect(r.stderr).not.toContain('jane@example.com');
      expect(existsSync(path.join(dir, 'out.ndjson'))).toBe(false);
      expect(existsSync(path.join(dir, 'out.ndjson.rejects.ndjson'))).toBe(false);
    }
  });

  it('still decrypts', () => {
    const r = veil('run', 'decrypt.yaml', '-i', 'sealed.ndjson', '-o', 'opened.ndjson');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'opened.ndjson'), 'utf8'))).toEqual({
      email: 'jane@example.com',
      card: '4111111111111111',
    });
  });

  it('encrypts again once re-enabled', () => {
    expect(veil('keys', 'enable', 'customers').status).toBe(0);
    expect(veil('run', 'encrypt.yaml', '-i', 'in.ndjson', '-o', 'again.ndjson').status).toBe(0);
    expect(readFileSync(path.join(dir, 'again.ndjson'), 'utf8')).not.toContain('jane@example.com');
  });
});
