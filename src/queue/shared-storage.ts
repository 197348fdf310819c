/**
 * Layout of a run's working files on the storage every worker shares (a local directory in tests,
 * a network file system in production), and the one way anything is written there: to a unique
 * temporary name, flushed, then renamed into place. A rename within one directory is atomic on
 * POSIX file systems and on NFS, so a reader sees either no file or a complete one, and a chunk
 * retried after its worker died can neither duplicate nor lose records.
 *
 *   <work>/<run-id>/p<phase>-c<index>.out        chunk output of the final pass
 *   <work>/<run-id>/p<phase>-c<index>.done.json  what the chunk produced (written after its output)
 *   <work>/<run-id>/b<barrier>-c<index>.partial.json  a barrier's per-chunk statistics
 *   <work>/<run-id>/b<barrier>.plan.json         the reduced plan the next pass applies
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncFile } from '../io/durable.js';

/** Work files may hold quasi-identifiers (barrier statistics): owner-only permissions. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Default base for work directories: a hidden folder beside the output. */
export function defaultWorkBase(output: string): string {
  return path.join(path.dirname(output), '.veil-work');
}

export function runWorkDir(base: string, runId: string): string {
  return path.join(base, runId);
}

/** Where a finished run leaves its result, beside (not inside) its work directory. */
export function runResultPath(workDir: string): string {
  return `${workDir}.result.json`;
}

export function chunkOutputPath(workDir: string, phase: number, index: number): string {
  return path.join(workDir, `p${phase}-c${index}.out`);
}

export function chunkSummaryPath(workDir: string, phase: number, index: number): string {
  return path.join(workDir, `p${phase}-c${index}.done.json`);
}

export function partialPath(workDir: string, barrier: number, index: number): string {
  return path.join(workDir, `b${barrier}-c${index}.partial.json`);
}

export function planPath(workDir: string, barrier: number): string {
  return path.join(workDir, `b${barrier}.plan.json`);
}

/**
 * A temporary name beside `finalPath` that no other attempt can pick: the process id and random
 * bytes, so two workers that both believe they own a chunk (a stalled one that woke up) never
 * write into the same file.
 */
export function temporaryName(finalPath: string): string {
  return `${finalPath}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

export async function ensureWorkDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
}

/** Writes `data` to `finalPath` through a temporary file and a rename. */
export async function writeFileAtomic(finalPath: string, data: string | Uint8Array): Promise<void> {
  const temp = temporaryName(finalPath);
  const handle = await open(temp, 'w', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Renames a completed temporary file into place after flushing it. */
export async function publishFile(temp: string, finalPath: string): Promise<void> {
  await syncFile(temp);
  await rename(temp, finalPath);
}

export async function removeWorkDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
