/**
 * Flushing to stable storage around a rename. A rename is atomic when a process stops, but after
 * a power loss a file system that does not order data before metadata (ext4 without
 * `auto_da_alloc`, XFS, many network file systems) may show the new name over an empty or short
 * file, or the old name again. So the file is flushed before its rename and its directory after.
 */
import { open } from 'node:fs/promises';

/**
 * Errors of an `fsync` on a directory that mean "this platform does not do that" rather than
 * "the data is not on disk": Windows cannot open a directory as a file (EISDIR, EPERM, EACCES),
 * and some file systems refuse to sync one (EINVAL, ENOTSUP, EBADF).
 */
const DIRECTORY_SYNC_UNSUPPORTED = new Set([
  'EINVAL',
  'EISDIR',
  'EPERM',
  'EACCES',
  'ENOTSUP',
  'EBADF',
]);

/**
 * Flushes a complete file's data and size to stable storage. Opened read-only, which POSIX
 * systems allow for `fsync`, so that a file already given read-only permission bits (a rewritten
 * dataset keeps its own) can still be flushed by a user other than root.
 */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries, so that a rename into it survives a power loss. Resolves where
 * the platform cannot sync a directory; rejects on a real failure (EIO).
 */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}
