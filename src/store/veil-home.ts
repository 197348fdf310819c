/**
 * Where Veil keeps its own state: `$VEIL_HOME`, else `.veil` under the working directory. The
 * LMDB store lives in `store/` below it and the first-run key files in `keys/`. A module of its
 * own, without LMDB, so that the output checks in `src/io` can name these places cheaply.
 */
import path from 'node:path';

/** `$VEIL_HOME`, or `.veil` under the working directory. */
export function veilHome(): string {
  return process.env['VEIL_HOME'] ?? path.join(process.cwd(), '.veil');
}

/** Default location of the LMDB store: `$VEIL_HOME/store`. */
export function defaultStorePath(): string {
  return path.join(veilHome(), 'store');
}

/** Directory of the key files the CLI creates on first use: `$VEIL_HOME/keys`. */
export function defaultKeysPath(): string {
  return path.join(veilHome(), 'keys');
}
