import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecurityConfigError } from '../../src/errors/security-config-error.js';
import { loadSecret, requireSecret } from '../../src/security/key-material.js';

const dir = mkdtempSync(path.join(tmpdir(), 'veil-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key material from the environment and key files', () => {
  it('decodes base64:, hex: and raw values', () => {
    expect(loadSecret('K', { K: 'hex:00ff10' })).toEqual(new Uint8Array([0, 255, 16]));
    expect(loadSecret('K', { K: 'base64:AP8Q' })).toEqual(new Uint8Array([0, 255, 16]));
    expect(Buffer.from(loadSecret('K', { K: 'plain text' })!).toString()).toBe('plain text');
    expect(loadSecret('K', {})).toBeUndefined();
    expect(() => requireSecret('VEIL_X', {})).toThrow(/VEIL_X or VEIL_X_FILE/);
  });

  it('refuses malformed encodings without echoing the value', () => {
    try {
      loadSecret('K', { K: 'hex:zz-secret-zz' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SecurityConfigError);
      expect((error as Error).message).toContain('environment variable K');
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it('reads 0600 key files and refuses group- or world-readable ones', () => {
    const good = path.join(dir, 'good.key');
    writeFileSync(good, 'hex:0102\n', { mode: 0o600 });
    expect(loadSecret('K', { K_FILE: good })).toEqual(new Uint8Array([1, 2]));
    const loose = path.join(dir, 'loose.key');
    writeFileSync(loose, 'hex:0102\n', { mode: 0o644 });
    expect(() => loadSecret('K', { K_FILE: loose })).toThrow(/group or others.*chmod 600/s);
    expect(() => loadSecret('K', { K_FILE: path.join(dir, 'missing.key') })).toThrow(/cannot be read/);
  });
});
