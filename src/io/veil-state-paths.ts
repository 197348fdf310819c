/**
 * Veil's own state is never an output. `veil run P -i in -o $VEIL_HOME/store/data.mdb` renamed
 * the run's output over the LMDB store: keyring, users and audit log gone, exit 0. Every writer
 * of a user-named path refuses one that lands in the store directory or the key-file directory
 * under `$VEIL_HOME`, compared as real paths (a link to the store, `..` and `.` included).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { StoreError } from '../errors/store-error.js';
import { defaultKeysPath, defaultStorePath } from '../store/veil-home.js';
import { realTarget } from './path-conflicts.js';

/** The option that names each role's file on the command line, for the message. */
const FLAGS: Readonly<Record<string, string>> = {
  output: '--output',
  'reject file': '--reject-file',
  'synthetic output': '--output',
  'quality report': '--report',
  'audit export': '--output',
  'checkpoint file': '--output',
  'compliance report': '--output',
};

const real = (dir: string): Promise<string> => realpath(dir).catch(() => path.resolve(dir));

const inside = (dir: string, file: string): boolean => {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Rejects with a `StoreError` (code `VEIL_STORE_PATH`, a usage error for the CLI) when `file`
 * resolves into Veil's store directory or key-file directory. `role` names the file (`output`,
 * `reject file`) and, where the CLI has one, its flag.
 */
export async function checkOutsideVeilState(file: string, role: string): Promise<void> {
  if (file === '-') return;
  const target = await realTarget(file);
  for (const [dir, what] of [
    [defaultStorePath(), 'the LMDB store (keyring, users, audit log)'],
    [defaultKeysPath(), 'its key files'],
  ] as const) {
    const place = await real(dir);
    if (!inside(place, target)) continue;
    const flag = FLAGS[role];
    throw new StoreError(
      'VEIL_STORE_PATH',
      `the ${role}${flag === undefined ? '' : ` (${flag})`} ${file} is inside ${place}, where Veil keeps ` +
        `${what}; Veil writes no output there: choose a path outside it`,
    );
  }
}
