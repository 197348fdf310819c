/**
 * CLI: Veil's own state is not an output. `veil run P -i in -o $VEIL_HOME/store/data.mdb` renamed
 * the output over the LMDB store (keyring, users, audit log gone, exit 0); a reject file or a
 * synth output could do the same, and a path into `$VEIL_HOME/keys` would replace a key file.
 * Each is refused with exit 2, naming the flag, and the store still opens afterwards.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../audit/cli-helpers.js';

const cli = useCliEnvironment('veil-cli-state-');

describe('veil: an output inside the store or key directory', () => {
  it('refuses run -o, --reject-file and synth -o there, and the keyring survives', async () => {
    cli.env = { ...cli.env, VEIL_MASTER_KEY: randomBytes(32).toString('hex') };
    expect((await cli.veil(['keys', 'create', 'customers'])).code).toBe(0);
    const home = cli.env['VEIL_HOME']!;
    const dataFile = path.join(home, 'store', 'data.mdb');
    const before = readFileSync(dataFile);
    writeFileSync(path.join(cli.dir, 'p.yaml'), 'name: p\ninput: { format: ndjson }\nstages: []\n');
    writeFileSync(path.join(cli.dir, 'in.ndjson'), '{"a":1}\n');
    writeFileSync(path.join(cli.dir, 's.json'), JSON.stringify({ name: 's', fields: { a: { type: 'uuid' } } }));
    // A link to the store directory is the store directory.
    symlinkSync(path.join(home, 'store'), path.join(cli.dir, 'elsewhere'));

    const cases: [string[], string][] = [
      [['run', 'p.yaml', '-i', 'in.ndjson', '-o', dataFile], `the output (--output) ${dataFile} is inside`],
      [
        ['run', 'p.yaml', '-i', 'in.ndjson', '-o', 'out.ndjson', '--reject-file', path.join(home, 'keys', 'k')],
        'the reject file (--reject-file)',
      ],
      [['synth', 's.json', '-n', '3', '-o', 'elsewhere/data.mdb'], 'the output (--output) elsewhere/data.mdb is inside'],
    ];
    for (const [args, message] of cases) {
      const result = await cli.veil(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`veil: ${message}`);
      expect(result.stderr).toContain('choose a path outside it');
    }

    expect(readFileSync(dataFile).equals(before)).toBe(true);
    const listed = await cli.veil(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('customers');
  });
});
