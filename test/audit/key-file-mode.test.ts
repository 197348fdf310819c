/**
 * CLI: an audit key file that group or others can read is refused as a configuration error
 * (exit 2), naming the variable that points at it and the chmod that fixes it. It used to exit 1,
 * as if the command had failed. The key's content never reaches the output.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCode, expectKeyFileRefused, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('veil audit: a group- or world-readable audit key file', () => {
  it('exits 2 with a message naming the variable and chmod 600, never the key', () => {
    const dir = tempDir();
    const secret = randomBytes(32).toString('hex');
    const keyFile = path.join(dir, 'audit-hmac.key');
    writeFileSync(keyFile, `hex:${secret}\n`, { mode: 0o644 });

    const result = veil(['audit', 'verify', '--store', path.join(dir, 'store')], {
      cwd: dir,
      env: { VEIL_HOME: path.join(dir, 'home'), VEIL_AUDIT_HMAC_KEY_FILE: keyFile },
    });

    expectKeyFileRefused(result, 'VEIL_AUDIT_HMAC_KEY_FILE', keyFile, '644', secret);
  });

  it('exits 2 for a key file that does not exist, naming the variable', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'missing.key');
    const result = veil(['audit', 'verify', '--store', path.join(dir, 'store')], {
      cwd: dir,
      env: { VEIL_HOME: path.join(dir, 'home'), VEIL_AUDIT_HMAC_KEY_FILE: missing },
    });
    expectCode(result, 2);
    expect(result.stderr).toContain(
      `veil: VEIL_AUDIT_HMAC_KEY_FILE: key file ${missing} cannot be read (ENOENT)`,
    );
  });
});
