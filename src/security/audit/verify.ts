/**
 * Chain verification. Walks the retained records in sequence order and checks, for each, that
 * its key is its sequence number, that sequence numbers have no gap, that `prevHash` is the
 * previous record's hash, that its HMAC verifies under the key, and that time does not go
 * backwards; then that the head points at the last record, and that every stored or supplied
 * checkpoint is validly signed and agrees with the record at its sequence. A supplied (exported)
 * checkpoint beyond the last record means the tail was cut. Last, the search index is compared
 * with the chain (see `verify-index.ts`).
 *
 * HMAC keys rotate: each version 2 record names the key that wrote it (`kid`), and the key in force
 * may change only at a rotation record, written with the new key and naming the old and new ids.
 * A record under any other key than the one in force (an old, perhaps leaked, key used after the
 * rotation point) is refused even though its HMAC verifies.
 */
import type { KeyObject } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import { HMAC_ROTATION_RESOURCE } from './audit-event.js';
import { verifyCheckpointSignature, type AuditCheckpoint } from './checkpoint.js';
import { GENESIS_HASH, canonicalRecordBody, hashCanonical, recordBody } from './hash-chain.js';
import type { AuditLogger } from './audit-logger.js';
import { fromStoredRecord } from './stored-details.js';
import { IndexCheck } from './verify-index.js';

/** Kinds of problem `verify()` reports. */
export type VerifyProblemKind =
  | 'hash-mismatch'
  | 'broken-link'
  | 'sequence-gap'
  | 'sequence-order'
  | 'key-mismatch'
  | 'unknown-key-id'
  | 'wrong-key-id'
  | 'key-not-current'
  | 'time-order'
  | 'head-mismatch'
  | 'head-behind'
  | 'anchor-signature'
  | 'anchor-unverified'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch'
  | 'truncated'
  | 'index-missing'
  | 'index-extra';

/** One finding of `verify()`: where (sequence number) and what kind; never a record's content. */
export interface VerifyProblem {
  readonly kind: VerifyProblemKind;
  readonly seq: number;
  readonly message: string;
}

/** Options of `AuditLogger.verify`. */
export interface VerifyOptions {
  /** Checkpoints exported earlier and kept outside the store: they detect truncation. */
  readonly checkpoints?: readonly AuditCheckpoint[] | undefined;
  /** Ed25519 public key for checkpoint signatures (defaults to the logger's). */
  readonly publicKey?: KeyObject | undefined;
  /**
   * Also check the search index against the chain (default true): `index-missing` for an entry a
   * record must have, `index-extra` for one pointing to no record or to a record it does not
   * match. The index is not covered by the HMAC, so this is what finds an event hidden from
   * searches.
   */
  readonly index?: boolean | undefined;
  /** Stop collecting problems after this many (default 100); the walk still completes. */
  readonly maxProblems?: number | undefined;
}

/** The outcome of `verify()`. */
export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly headHash: string;
  /** Canonical bytes hashed, for throughput figures. */
  readonly bytes: number;
  readonly checkpointsVerified: number;
  /** The problems found, at most `maxProblems` of them (chain problems first). */
  readonly problems: VerifyProblem[];
  /** How many problems were found in all, listed or not. */
  readonly problemCount: number;
  /** True when `problems` lists fewer than `problemCount` (the list was cut at `maxProblems`). */
  readonly truncated: boolean;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// Key ids in messages are cut to their 16 hex digits: a tampered record may hold any string.
const idText = (id: unknown): string => String(id).slice(0, 16);

/** @internal The HMAC keys by id (current first, legacy last). */
export interface AuditKeyring {
  readonly keys: ReadonlyMap<string, Uint8Array>;
  readonly current: string;
  /** Verifies version 1 records, which carry no key id. */
  readonly legacy: string;
}

/** @internal Use `AuditLogger.verify()`. */
export function verifyAuditChain(
  logger: AuditLogger,
  keyring: AuditKeyring,
  options: VerifyOptions,
): VerifyReport {
  const problems: VerifyProblem[] = [];
  const maxProblems = options.maxProblems ?? 100;
  let problemCount = 0;
  const problem = (kind: VerifyProblemKind, seq: number, message: string): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push({ kind, seq, message });
  };
  const publicKey = options.publicKey;
  let checkpointsVerified = 0;

  // Read the head before walking: records appended meanwhile lie beyond it and are not judged.
  const head = logger.head();
  const anchor = logger.anchor();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  if (anchor !== undefined) {
    if (publicKey === undefined) {
      problem(
        'anchor-unverified',
        anchor.seq,
        'records were pruned and no verify key is configured',
      );
    } else if (!verifyCheckpointSignature(publicKey, anchor)) {
      problem('anchor-signature', anchor.seq, 'the retention anchor signature does not verify');
    } else {
      checkpointsVerified += 1;
    }
    expectedSeq = anchor.seq + 1;
    prevHash = anchor.hash;
  }

  const firstSeq = expectedSeq;
  let lastSeq = expectedSeq - 1;
  let lastTime = '';
  // The key id in force; undefined until the first record (after an anchor, the first retained
  // record's key is taken as the one in force there).
  let inForce: string | undefined;
  // Position of each key in the configured order: 0 is the current key, higher is older.
  const age = new Map([...keyring.keys.keys()].map((id, i) => [id, i]));
  let records = 0;
  let bytes = 0;
  const hashes = new Map<number, string>();
  const wanted = new Set<number>();
  // Stored checkpoints past the head belong to appends made after the head was read.
  const stored = logger.listCheckpoints().filter((c) => c.seq <= head.seq);
  for (const c of [...stored, ...(options.checkpoints ?? [])]) wanted.add(c.seq);

  // Index problems are listed after the chain's: a damaged chain usually damages the index too,
  // and its many entries must not crowd the chain's own findings out of the capped list.
  const indexProblems: VerifyProblem[] = [];
  const indexCheck =
    options.index === false
      ? undefined
      : new IndexCheck(logger, (kind, seq, message) => {
          problemCount += 1;
          if (indexProblems.length < maxProblems) indexProblems.push({ kind, seq, message });
        });

  for (const { key, value } of logger.events.getRange({ end: head.seq + 1 })) {
    const record = fromStoredRecord(value);
    records += 1;
    indexCheck?.visit(key, record);
    if (key !== record.seq)
      problem('key-mismatch', key, `record stored under ${key} claims sequence ${record.seq}`);
    if (record.seq > expectedSeq) {
      problem('sequence-gap', record.seq, `records ${expectedSeq}..${record.seq - 1} are missing`);
    } else if (record.seq < expectedSeq) {
      problem(
        'sequence-order',
        record.seq,
        `sequence ${record.seq} appears after ${expectedSeq - 1}`,
      );
    }
    if (!sameHex(record.prevHash, prevHash)) {
      problem('broken-link', record.seq, 'prevHash does not match the previous record');
    }
    const canonical = canonicalRecordBody(recordBody(record));
    bytes += Buffer.byteLength(canonical, 'utf8');
    const kid = record.v === 2 ? String(record.kid) : keyring.legacy;
    const hmacKey = keyring.keys.get(kid);
    if (hmacKey === undefined) {
      problem(
        'unknown-key-id',
        record.seq,
        `record ${record.seq} names HMAC key id ${idText(kid)}, which is not configured`,
      );
    } else if (!sameHex(hashCanonical(hmacKey, canonical), String(record.hash))) {
      problem('hash-mismatch', record.seq, 'the record hash does not verify under the audit key');
    }
    const rotation = record.type === 'key_rotated' && record.resource === HMAC_ROTATION_RESOURCE;
    // A rotation record moves the key in force, unless it moves back to an older key (the forger
    // with a leaked old key); other records never do, so one bad record does not taint the next.
    const older = (age.get(kid) ?? -1) > (age.get(inForce ?? kid) ?? Number.POSITIVE_INFINITY);
    const moves = inForce === undefined || (rotation && hmacKey !== undefined && !older);
    if (rotation) {
      const details = record.details as { fromKeyId?: unknown; toKeyId?: unknown };
      const from = details.fromKeyId;
      const to = details.toKeyId;
      if (record.v !== 2 || to !== kid || typeof from !== 'string' || from === to) {
        problem('wrong-key-id', record.seq, `rotation record ${record.seq} is malformed`);
      } else if (inForce !== undefined && from !== inForce) {
        problem(
          'wrong-key-id',
          record.seq,
          `rotation record ${record.seq} rotates away from key id ${idText(from)}, ` +
            `but key id ${idText(inForce)} is in force there`,
        );
      } else if ((age.get(to) ?? 0) > (age.get(from) ?? Number.POSITIVE_INFINITY)) {
        problem(
          'wrong-key-id',
          record.seq,
          `rotation record ${record.seq} rotates back to the older key id ${idText(to)}`,
        );
      }
    } else if (inForce !== undefined && kid !== inForce) {
      problem(
        'wrong-key-id',
        record.seq,
        `record ${record.seq} was written with key id ${idText(kid)}, ` +
          `but key id ${idText(inForce)} is in force there`,
      );
    }
    if (moves) inForce = kid;
    if (record.time < lastTime) problem('time-order', record.seq, 'time goes backwards');
    if (wanted.has(key)) hashes.set(key, String(record.hash));
    lastTime = record.time;
    prevHash = String(record.hash);
    expectedSeq = Math.max(expectedSeq, record.seq) + 1;
    lastSeq = key;
  }

  // The chain must end under the current key: otherwise records after a rotation may have been
  // rewritten with an older key and the rotation record dropped (rotateKey() writes the record
  // that makes a newly configured key current).
  if (inForce !== undefined && inForce !== keyring.current) {
    problem(
      'key-not-current',
      lastSeq,
      `the chain ends under key id ${idText(inForce)}, not the current key id ` +
        `${keyring.current}: run rotateKey() (veil audit rotate-key) after configuring a new key`,
    );
  }

  if (head.seq !== lastSeq || (lastSeq >= firstSeq && !sameHex(head.hash, prevHash))) {
    problem(
      'head-mismatch',
      head.seq,
      `the head names record ${head.seq}, the chain ends at ${lastSeq}`,
    );
  }

  // Before the head is read again below: the count of index entries must come from the snapshot
  // the walk read, or entries of appends committed since would count as extra.
  indexCheck?.finish(firstSeq, head.seq);

  // A head that was deleted or rolled back hides the records after it from the walk above. The
  // head is read again: appends made during the walk moved it forward with their records (one
  // transaction writes both), so a record or stored checkpoint past the current head is tampering.
  const headNow = logger.head();
  for (const { key } of logger.events.getRange({ start: headNow.seq + 1, limit: 1 })) {
    problem('head-behind', Number(key), `record ${String(key)} is stored after the head (${headNow.seq}): the head was removed or rolled back`);
  }
  const checkpointPastHead = logger.listCheckpoints().find((c) => c.seq > headNow.seq);
  if (checkpointPastHead !== undefined) {
    problem('head-behind', checkpointPastHead.seq, `a stored checkpoint names record ${checkpointPastHead.seq}, after the head (${headNow.seq})`);
  }

  const check = (checkpoint: AuditCheckpoint, source: string): void => {
    if (publicKey === undefined || !verifyCheckpointSignature(publicKey, checkpoint)) {
      problem(
        'checkpoint-signature',
        checkpoint.seq,
        `${source} checkpoint signature does not verify`,
      );
      return;
    }
    checkpointsVerified += 1;
    if (checkpoint.seq > lastSeq) {
      problem(
        'truncated',
        checkpoint.seq,
        `${source} checkpoint names record ${checkpoint.seq}, the chain ends at ${lastSeq}`,
      );
      return;
    }
    if (anchor !== undefined && checkpoint.seq === anchor.seq) {
      if (!sameHex(checkpoint.hash, anchor.hash)) {
        problem(
          'checkpoint-mismatch',
          checkpoint.seq,
          `${source} checkpoint disagrees with the retention anchor`,
        );
      }
      return;
    }
    // Checkpoints older than the retention cut cannot be compared with pruned records.
    if (checkpoint.seq < firstSeq) return;
    const hash = hashes.get(checkpoint.seq);
    if (hash === undefined || !sameHex(hash, checkpoint.hash)) {
      problem(
        'checkpoint-mismatch',
        checkpoint.seq,
        `${source} checkpoint disagrees with record ${checkpoint.seq}`,
      );
    }
  };
  for (const checkpoint of stored) check(checkpoint, 'stored');
  for (const supplied of options.checkpoints ?? []) check(supplied, 'supplied');

  problems.push(...indexProblems.slice(0, Math.max(0, maxProblems - problems.length)));

  return {
    ok: problemCount === 0,
    records,
    firstSeq,
    lastSeq,
    headHash: head.hash,
    bytes,
    checkpointsVerified,
    problems,
    problemCount,
    truncated: problemCount > problems.length,
  };
}
