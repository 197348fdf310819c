/**
 * Chain verification. Walks the retained records in sequence order and checks, for each, that
 * its key is its sequence number, that sequence numbers have no gap, that `prevHash` is the
 * previous record's hash, that its HMAC verifies under the key, and that time does not go
 * backwards; then that the head points at the last record, and that every stored or supplied
 * checkpoint is validly signed and agrees with the record at its sequence. A supplied (exported)
 * checkpoint beyond the last record means the tail was cut.
 */
import type { KeyObject } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import type { AuditRecord } from './audit-event.js';
import { verifyCheckpointSignature, type AuditCheckpoint } from './checkpoint.js';
import { GENESIS_HASH, canonicalRecordBody, hashCanonical, recordBody } from './hash-chain.js';
import type { AuditLogger } from './audit-logger.js';

/** Kinds of problem `verify()` reports. */
export type VerifyProblemKind =
  | 'hash-mismatch'
  | 'broken-link'
  | 'sequence-gap'
  | 'sequence-order'
  | 'key-mismatch'
  | 'time-order'
  | 'head-mismatch'
  | 'head-behind'
  | 'anchor-signature'
  | 'anchor-unverified'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch'
  | 'truncated';

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
  readonly problems: VerifyProblem[];
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** @internal Use `AuditLogger.verify()`. */
export function verifyAuditChain(
  logger: AuditLogger,
  hmacKey: Uint8Array,
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
  let records = 0;
  let bytes = 0;
  const hashes = new Map<number, string>();
  const wanted = new Set<number>();
  // Stored checkpoints past the head belong to appends made after the head was read.
  const stored = logger.listCheckpoints().filter((c) => c.seq <= head.seq);
  for (const c of [...stored, ...(options.checkpoints ?? [])]) wanted.add(c.seq);

  for (const { key, value } of logger.events.getRange({ end: head.seq + 1 })) {
    const record = value as AuditRecord;
    records += 1;
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
    if (!sameHex(hashCanonical(hmacKey, canonical), String(record.hash))) {
      problem('hash-mismatch', record.seq, 'the record hash does not verify under the audit key');
    }
    if (record.time < lastTime) problem('time-order', record.seq, 'time goes backwards');
    if (wanted.has(key)) hashes.set(key, String(record.hash));
    lastTime = record.time;
    prevHash = String(record.hash);
    expectedSeq = Math.max(expectedSeq, record.seq) + 1;
    lastSeq = key;
  }

  if (head.seq !== lastSeq || (lastSeq >= firstSeq && !sameHex(head.hash, prevHash))) {
    problem(
      'head-mismatch',
      head.seq,
      `the head names record ${head.seq}, the chain ends at ${lastSeq}`,
    );
  }

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

  return {
    ok: problemCount === 0,
    records,
    firstSeq,
    lastSeq,
    headHash: head.hash,
    bytes,
    checkpointsVerified,
    problems,
  };
}
