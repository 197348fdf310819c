/**
 * CLI: a damaged store is reported, not crashed on. LMDB maps `data.mdb` and trusts its meta
 * pages: a truncated file ended `veil keys list`, `veil audit verify` and `veil users list` with
 * SIGBUS, random bytes with SIGSEGV, and nothing said what was wrong. Each now exits 1 with one
 * line naming the store and the reason; an intact store still opens.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../audit/cli-helpers.js';

const cli = useCliEnvironment('veil-cli-damaged-');
const COMMANDS = [['keys', 'list'], ['audit', 'verify'], ['users', 'list']];

describe('veil: a damaged LMDB store', () => {
  it('is refused by every command with the reason, whatever the damage', async () => {
    cli.env = { ...cli.env, VEIL_MASTER_KEY: randomBytes(32).toString('hex') };
    expect((await cli.veil(['keys', 'create', 'customers'])).code).toBe(0);
    const store = path.join(cli.env['VEIL_HOME']!, 'store');
    const dataFile = path.join(store, 'data.mdb');
    const intact = readFileSync(dataFile);
    const zeroedSecondMeta = Buffer.from(intact);
    zeroedSecondMeta.fill(0, 4096, 8192);

    const damages: [Buffer, string][] = [
      [intact.subarray(0, 20_000), '20000 bytes is not a whole number of 4096-byte pages'],
      [intact.subarray(0, 8192), 'it holds 2 pages but its meta page names page '],
      [randomBytes(65_536), 'no LMDB magic number in the first meta page'],
      [Buffer.alloc(0), 'data.mdb is empty'],
      [zeroedSecondMeta, 'second meta page: no LMDB magic number in a meta page'],
    ];
    for (const [content, reason] of damages) {
      writeFileSync(dataFile, content);
      for (const command of COMMANDS) {
        const result = await cli.veil(command);
        expect(result.code, `${command.join(' ')}: ${reason}: ${result.stderr}`).toBe(1);
        // One line: the store, the reason (a page number may follow it), what to do.
        expect(result.stderr).toMatch(/^veil: [^\n]*\); restore it from a backup\n$/);
        expect(result.stderr).toContain(`veil: the store at ${store} is damaged or not an LMDB store (${reason}`);
      }
    }

    writeFileSync(dataFile, intact);
    const listed = await cli.veil(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('customers');
  });
});
