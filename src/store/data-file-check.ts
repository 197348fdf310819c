/**
 * A cheap look at an LMDB data file before the environment is opened. LMDB maps the file and
 * trusts its two meta pages: a truncated file (`head -c 20000 data.mdb`) ended the process with
 * SIGBUS and random bytes with SIGSEGV, in every command that opens the store, with no message.
 * Node can read what LMDB would trust and refuse it with a sentence instead.
 *
 * Layout read here (LMDB's `MDB_meta`, in the build lmdb-js 3 ships): pages 0 and 1 are meta
 * pages; each starts with a 24-byte page header, then `mm_magic` (u32 0xBEEFC0DE, little-endian on
 * the machines Node runs on), `mm_version` (u32, 2 in this build; 1 in upstream LMDB 0.9, whose
 * page header is 16 bytes, also accepted), `mm_address` and `mm_mapsize` (u64 each), then the
 * free and main databases (`MDB_db`, 48 bytes each; the free database's first field holds the page
 * size), `mm_last_pg` (u64) and `mm_txnid` (u64). This catches truncation, foreign files and
 * zeroed or overwritten headers; it cannot vouch for every B-tree page behind them.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from '../errors/store-error.js';

const MAGIC = 0xbeefc0de;

/** Page-header sizes and the data version each layout writes (lmdb-js 3, upstream LMDB 0.9). */
const LAYOUTS = [
  { header: 24, version: 2 },
  { header: 16, version: 1 },
] as const;

// From the magic: version 4, address 8, map size 8, two MDB_db of 48 each.
const PAGE_SIZE_AT = 24;
const LAST_PAGE_AT = 120;
const TXNID_AT = 128;
const META_BYTES = TXNID_AT + 8;

interface Meta {
  readonly pageSize: number;
  readonly lastPage: bigint;
  readonly txnid: bigint;
}

/** The meta fields of one meta page, or a reason it is not one. */
function readMeta(page: Buffer, layout: (typeof LAYOUTS)[number]): Meta | string {
  const at = layout.header;
  if (page.length < at + META_BYTES) return 'a meta page is cut short';
  if (page.readUInt32LE(at) !== MAGIC) return 'no LMDB magic number in a meta page';
  if (page.readUInt32LE(at + 4) !== layout.version) return `unknown data version ${page.readUInt32LE(at + 4)}`;
  return {
    pageSize: page.readUInt32LE(at + PAGE_SIZE_AT),
    lastPage: page.readBigUInt64LE(at + LAST_PAGE_AT),
    txnid: page.readBigUInt64LE(at + TXNID_AT),
  };
}

function read(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, got);
}

/** Why the data file of size `size` is not a usable LMDB file, or `undefined` when it looks sound. */
function problemOf(file: string, size: number): string | undefined {
  if (size === 0) return 'data.mdb is empty';
  const fd = openSync(file, 'r');
  try {
    const first = read(fd, 256, 0);
    const layout = LAYOUTS.find((l) => first.length >= l.header + 4 && first.readUInt32LE(l.header) === MAGIC);
    if (layout === undefined) return 'no LMDB magic number in the first meta page';
    const meta0 = readMeta(first, layout);
    if (typeof meta0 === 'string') return meta0;

    const pageSize = meta0.pageSize;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `bad page size ${pageSize}`;
    if (size < 2 * pageSize) return `${size} bytes is less than two ${pageSize}-byte pages`;
    if (size % pageSize !== 0) return `${size} bytes is not a whole number of ${pageSize}-byte pages`;
    const meta1 = readMeta(read(fd, 256, pageSize), layout);
    if (typeof meta1 === 'string') return `second meta page: ${meta1}`;

    // LMDB reads the pages of the newer meta: they must all be in the file.
    const newer = meta1.txnid > meta0.txnid ? meta1 : meta0;
    // The size now, after the meta pages were read: a writer grows the file before it names the
    // new pages in a meta page.
    const pages = BigInt(Math.floor(Math.max(size, fstatSync(fd).size) / pageSize));
    if (newer.lastPage >= pages) return `it holds ${pages} pages but its meta page names page ${newer.lastPage}`;
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws a `StoreError` (code `VEIL_STORE_DAMAGED`) when `storePath/data.mdb` exists but is not a
 * sound LMDB data file; a missing file is a new store and passes. The message names the path and
 * the reason, and asks for a backup.
 */
export function checkStoreDataFile(storePath: string): void {
  const file = path.join(storePath, 'data.mdb');
  const info = statSync(file, { throwIfNoEntry: false });
  if (info === undefined) return;
  let problem: string | undefined;
  if (!info.isFile()) problem = 'data.mdb is not a regular file';
  else {
    problem = problemOf(file, info.size);
    // Another process may be writing the store while it is read here, without LMDB's lock: it
    // creates the file empty and writes the meta pages just after, and a writer grows the file
    // and then names the new pages in a meta page, so a size read before that meta page can be
    // short of it (round 13: concurrent audit writers were told the store was damaged). A damaged
    // file gives the same answer every time; a store being written stops giving one.
    for (let wait = 0; problem !== undefined && wait < 10; wait++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      const now = statSync(file, { throwIfNoEntry: false });
      if (now === undefined) return;
      problem = now.isFile() ? problemOf(file, now.size) : 'data.mdb is not a regular file';
    }
  }
  if (problem === undefined) return;
  throw new StoreError(
    'VEIL_STORE_DAMAGED',
    `the store at ${storePath} is damaged or not an LMDB store (${problem}); restore it from a backup`,
  );
}
