/**
 * The one embedded LMDB environment that holds every store beside the data path: keyring,
 * token vault, users, revoked tokens, audit log, compliance, data-subject requests, dataset
 * registry, and the k-anonymize scratch space. Each store opens a named sub-database of it.
 *
 * LMDB is safe across threads and processes of one machine: every worker thread opens the same
 * path and lmdb-js shares the environment inside a process.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { checkStoreDataFile } from './data-file-check.js';
import { defaultStorePath } from './veil-home.js';
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';

export { defaultStorePath };

const environments = new Map<string, RootDatabase>();

/**
 * Opens (once per process and path) the LMDB environment at `storePath`.
 * The caller shares it; close it with `closeStore` when a test or command is done. Throws a
 * `StoreError` (code `VEIL_STORE_DAMAGED`) when its data file is damaged or not LMDB's.
 */
export function openStore(storePath: string = defaultStorePath()): RootDatabase {
  const resolved = path.resolve(storePath);
  const existing = environments.get(resolved);
  if (existing !== undefined) return existing;

  mkdirSync(resolved, { recursive: true, mode: 0o700 });
  // A damaged data file crashes the process inside LMDB (SIGBUS, SIGSEGV): refuse it first.
  checkStoreDataFile(resolved);
  const root = open({ path: resolved, maxDbs: 64, mapSize: 2 * 1024 ** 3 });
  environments.set(resolved, root);
  return root;
}

/** Opens a named sub-database of the store (one per concept: `keyring`, `audit`, `users`...). */
export function openSubDatabase<V = unknown, K extends import('lmdb').Key = import('lmdb').Key>(
  root: RootDatabase,
  name: string,
  options: Omit<DatabaseOptions, 'name'> = {},
): Database<V, K> {
  return root.openDB<V, K>({ name, ...options });
}

/** Closes the environment at `storePath` if this process opened it. */
export async function closeStore(storePath: string = defaultStorePath()): Promise<void> {
  const resolved = path.resolve(storePath);
  const root = environments.get(resolved);
  if (root === undefined) return;
  environments.delete(resolved);
  await root.close();
}
