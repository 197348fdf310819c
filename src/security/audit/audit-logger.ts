/**
 * The tamper-evident audit log. Records live in the shared LMDB environment; each append runs in
 * one LMDB write transaction that reads the head, writes the records, their index entries and the
 * new head, so appends from any number of threads and processes are atomic and totally ordered
 * (LMDB allows one writer at a time per environment).
 *
 * Calls to `logEvent` made in the same event-loop turn share one transaction: one commit (and one
 * fsync) for the batch, which is what makes tens of thousands of appends per second possible
 * without giving up durability.
 *
 * Layout (sub-databases):
 * - `audit-events`:      seq -> AuditRecord
 * - `audit-index`:       [field, value, seq] -> null (fields u, r, t, s, v), and
 *                        ['T', epochMs, seq] at the first record of each distinct millisecond
 * - `audit-meta`:        'head' -> { seq, hash, timeMs }, 'anchor' -> the retention checkpoint
 * - `audit-checkpoints`: seq -> AuditCheckpoint
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Database, RootDatabase } from 'lmdb';
import { AuditError } from '../../errors/audit-error.js';
import { SecurityConfigError } from '../../errors/security-config-error.js';
import { openStore, openSubDatabase } from '../../store/environment.js';
import { loadSecret } from '../key-material.js';
import {
  HMAC_ROTATION_RESOURCE,
  isAuditEventSeverity,
  isAuditEventStatus,
  isAuditEventType,
  type AuditEventInput,
  type AuditEventSeverity,
  type AuditEventStatus,
  type AuditEventType,
  type AuditRecord,
} from './audit-event.js';
import {
  importSigningKey,
  importVerifyKey,
  signCheckpoint,
  type AuditCheckpoint,
  type CheckpointKind,
} from './checkpoint.js';
import { GENESIS_HASH, auditKeyId, hashRecord, type AuditRecordBody } from './hash-chain.js';
import { redactDetails } from './redaction.js';
import { fromStoredRecord, toStoredRecord, type StoredAuditRecord } from './stored-details.js';
import { exportAuditEvents, type AuditExportOptions, type AuditExportResult } from './export.js';
import { verifyAuditChain, type VerifyOptions, type VerifyReport } from './verify.js';

/** Options of {@link AuditLogger}. */
export interface AuditLoggerOptions {
  /** The LMDB environment (from `openStore`) or its path. */
  readonly store: RootDatabase | string;
  /**
   * Key of the hash chain's HMAC, at least 32 bytes, from outside the store
   * (`VEIL_AUDIT_HMAC_KEY` / `_FILE` with {@link AuditLogger.fromEnvironment}).
   */
  readonly hmacKey: Uint8Array;
  /**
   * Earlier HMAC keys, newest first, so records they wrote keep verifying after a rotation. The
   * last one (or `hmacKey` when there are none) is the legacy key: version 1 records, written
   * before records carried a key id, are verified with it.
   */
  readonly previousHmacKeys?: readonly Uint8Array[] | undefined;
  /** Ed25519 private key (PEM, 32-byte seed or KeyObject) that signs checkpoints. Optional. */
  readonly signingKey?: Uint8Array | string | KeyObject | undefined;
  /** Ed25519 public key for `verify()` when no signing key is configured. */
  readonly verifyKey?: Uint8Array | string | KeyObject | undefined;
  /** Sign a periodic checkpoint every this many records (default 1000; 0 turns it off). */
  readonly checkpointEvery?: number | undefined;
  /** Clock in epoch milliseconds (tests of retention inject one). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Query of {@link AuditLogger.searchEvents}; every given field must match. */
export interface AuditSearchQuery {
  readonly type?: AuditEventType | undefined;
  readonly userId?: string | undefined;
  readonly resource?: string | undefined;
  readonly status?: AuditEventStatus | undefined;
  readonly severity?: AuditEventSeverity | undefined;
  /** Inclusive lower bound. */
  readonly startTime?: Date | string | number | undefined;
  /** Inclusive upper bound. */
  readonly endTime?: Date | string | number | undefined;
  /** Page size, 1..1000, default 100. */
  readonly limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

/** One page of search results, in time (and sequence) order. */
export interface AuditSearchResult {
  readonly events: AuditRecord[];
  /** Present when more results may follow; pass it back as `cursor`. */
  readonly nextCursor?: string;
}

/** What {@link AuditLogger.auditContext} records about an operation. */
export interface AuditContextOptions extends Omit<AuditEventInput, 'status'> {
  /** Severity of the failure event (default `error`). */
  readonly failureSeverity?: AuditEventSeverity | undefined;
}

/** Result of {@link AuditLogger.applyRetention}. */
export interface RetentionResult {
  readonly removed: number;
  /** The signed checkpoint at the cut, or undefined when nothing was old enough. */
  readonly anchor?: AuditCheckpoint;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
  readonly timeMs: number;
}

/** One `logEvent` or `logEvents` call waiting for the next transaction. */
interface Pending {
  readonly inputs: readonly NormalizedInput[];
  readonly resolve: (records: AuditRecord[]) => void;
  readonly reject: (error: unknown) => void;
}

interface NormalizedInput {
  readonly type: AuditEventType;
  readonly severity: AuditEventSeverity;
  readonly status: AuditEventStatus;
  readonly userId: string | null;
  readonly resource: string | null;
  readonly action: string | null;
  readonly details: AuditRecord['details'];
}

type IndexKey = [string, string | number, number];

const HEAD_KEY = 'head';
const ANCHOR_KEY = 'anchor';
const MAX_FIELD = 512;
// Index entries read per named field to estimate which one drives a search (see #chooseDriver).
const DRIVER_SAMPLE = 16;

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD) {
    throw new AuditError(
      'VEIL_AUDIT_INPUT',
      `${field}: expected a string of 1..${MAX_FIELD} characters`,
    );
  }
  return value;
}

function toEpochMs(value: Date | string | number, field: string): number {
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AuditError('VEIL_AUDIT_INPUT', `${field}: not a valid time`);
  return ms;
}

/** The index keys of a record: one per indexed field, plus the time key. */
export function indexKeysOf(record: AuditRecord): IndexKey[] {
  const keys: IndexKey[] = [
    ['t', record.type, record.seq],
    ['s', record.status, record.seq],
    ['v', record.severity, record.seq],
    ['T', Date.parse(record.time), record.seq],
  ];
  if (record.userId !== null) keys.push(['u', record.userId, record.seq]);
  if (record.resource !== null) keys.push(['r', record.resource, record.seq]);
  return keys;
}

/**
 * Tamper-evident, searchable audit log.
 *
 * @example
 * const audit = AuditLogger.fromEnvironment({ store: openStore() });
 * await audit.logEvent({ type: AuditEventType.DATA_ACCESS, userId: user.id, resource: 'documents' });
 * const report = await audit.verify();
 */
export class AuditLogger {
  readonly root: RootDatabase;
  /** @internal Read records through `fromStoredRecord`. */ readonly events: Database<StoredAuditRecord, number>;
  /** @internal */ readonly index: Database<null, IndexKey>;
  /** @internal */ readonly meta: Database<unknown, string>;
  /** @internal */ readonly checkpoints: Database<AuditCheckpoint, number>;
  readonly #hmacKey: Uint8Array;
  readonly #keyId: string;
  readonly #legacyKeyId: string;
  readonly #keys: Map<string, Uint8Array>;
  readonly #signingKey: KeyObject | undefined;
  readonly #verifyKey: KeyObject | undefined;
  readonly #checkpointEvery: number;
  readonly #now: () => number;
  #pending: Pending[] = [];
  #flushScheduled = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: AuditLoggerOptions) {
    if (!(options.hmacKey instanceof Uint8Array) || options.hmacKey.length < 32) {
      throw new SecurityConfigError('audit hmacKey: at least 32 bytes are required');
    }
    const previous = options.previousHmacKeys ?? [];
    if (!Array.isArray(previous)) {
      throw new SecurityConfigError('audit previousHmacKeys: expected an array of keys');
    }
    const keys = new Map<string, Uint8Array>();
    [options.hmacKey, ...previous].forEach((key: unknown, i) => {
      const name = i === 0 ? 'hmacKey' : `previousHmacKeys[${i - 1}]`;
      if (!(key instanceof Uint8Array) || key.length < 32) {
        throw new SecurityConfigError(`audit ${name}: at least 32 bytes are required`);
      }
      const id = auditKeyId(key);
      if (keys.has(id)) {
        throw new SecurityConfigError(`audit ${name}: the same key is listed twice`);
      }
      keys.set(id, Uint8Array.from(key));
    });
    const every = options.checkpointEvery ?? 1000;
    if (!Number.isSafeInteger(every) || every < 0) {
      throw new SecurityConfigError('audit checkpointEvery: expected a non-negative integer');
    }
    this.root = typeof options.store === 'string' ? openStore(options.store) : options.store;
    this.events = openSubDatabase<StoredAuditRecord, number>(this.root, 'audit-events');
    this.index = openSubDatabase<null, IndexKey>(this.root, 'audit-index');
    this.meta = openSubDatabase<unknown, string>(this.root, 'audit-meta');
    this.checkpoints = openSubDatabase<AuditCheckpoint, number>(this.root, 'audit-checkpoints');
    this.#keys = keys;
    this.#keyId = auditKeyId(options.hmacKey);
    this.#hmacKey = keys.get(this.#keyId)!;
    this.#legacyKeyId = [...keys.keys()].at(-1)!;
    this.#signingKey =
      options.signingKey === undefined ? undefined : importSigningKey(options.signingKey);
    this.#verifyKey =
      options.verifyKey !== undefined
        ? importVerifyKey(options.verifyKey)
        : this.#signingKey === undefined
          ? undefined
          : createPublicKey(this.#signingKey);
    this.#checkpointEvery = every;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Builds a logger from the environment: `VEIL_AUDIT_HMAC_KEY` (required, >= 32 bytes),
   * `VEIL_AUDIT_SIGNING_KEY` and `VEIL_AUDIT_VERIFY_KEY` (optional), each also as `NAME_FILE`
   * naming a 0600 key file.
   */
  static fromEnvironment(
    options: Omit<
      AuditLoggerOptions,
      'hmacKey' | 'previousHmacKeys' | 'signingKey' | 'verifyKey'
    >,
    environment: NodeJS.ProcessEnv = process.env,
  ): AuditLogger {
    const hmacKey = loadSecret('VEIL_AUDIT_HMAC_KEY', environment);
    if (hmacKey === undefined) {
      throw new SecurityConfigError(
        'set VEIL_AUDIT_HMAC_KEY or VEIL_AUDIT_HMAC_KEY_FILE (>= 32 bytes)',
      );
    }
    // Earlier keys, newest first: VEIL_AUDIT_HMAC_PREVIOUS_KEY_1, _2, ... up to the first unset.
    const previousHmacKeys: Uint8Array[] = [];
    for (let i = 1; ; i += 1) {
      const key = loadSecret(`VEIL_AUDIT_HMAC_PREVIOUS_KEY_${i}`, environment);
      if (key === undefined) break;
      previousHmacKeys.push(key);
    }
    return new AuditLogger({
      ...options,
      hmacKey,
      previousHmacKeys,
      signingKey: loadSecret('VEIL_AUDIT_SIGNING_KEY', environment),
      verifyKey: loadSecret('VEIL_AUDIT_VERIFY_KEY', environment),
    });
  }

  /** Id of the HMAC key new records are written with (never the key itself). */
  get keyId(): string {
    return this.#keyId;
  }

  /** Ids of every configured HMAC key, current first, legacy last. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Writes the rotation record if the chain's last record was written with another key than the
   * current one: a `key_rotated` event on resource `audit:hmac-key`, written with the new key,
   * whose details name the old and new key ids. `verify()` lets the key change exactly there.
   * Appends do the same on their own before their first record, so calling this is only needed to
   * mark the rotation before any other event. Resolves with the rotation record, or undefined
   * when the current key is already in force (or the chain is empty).
   */
  async rotateKey(): Promise<AuditRecord | undefined> {
    await this.#drain();
    return new Promise<AuditRecord[]>((resolve, reject) => {
      this.#enqueue({ inputs: [], resolve, reject });
    }).then((records) => records[0]);
  }

  /** The public key checkpoints are verified with, if one is configured. */
  get verifyKey(): KeyObject | undefined {
    return this.#verifyKey;
  }

  /**
   * Appends one event. Resolves with the stored record (sequence number and hash) once its
   * transaction has committed. `details` is redacted first (see `redaction.ts`).
   */
  logEvent(event: AuditEventInput): Promise<AuditRecord> {
    let input: NormalizedInput;
    try {
      input = this.#normalize(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditRecord[]>((resolve, reject) => {
      this.#enqueue({ inputs: [input], resolve, reject });
    }).then((records) => records[0]!);
  }

  /**
   * Appends several events in order, in one transaction (with any other events logged in the
   * same event-loop turn). An invalid event rejects the call before any of them is written.
   */
  logEvents(events: readonly AuditEventInput[]): Promise<AuditRecord[]> {
    let inputs: NormalizedInput[];
    try {
      if (!Array.isArray(events)) {
        throw new AuditError('VEIL_AUDIT_INPUT', 'events: expected an array');
      }
      inputs = events.map((event, i) => {
        try {
          return this.#normalize(event);
        } catch (error) {
          if (error instanceof AuditError) {
            throw new AuditError('VEIL_AUDIT_INPUT', `events[${i}].${error.message}`);
          }
          throw error;
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise<AuditRecord[]>((resolve, reject) => {
      this.#enqueue({ inputs, resolve, reject });
    });
  }

  /**
   * Runs `fn` and records exactly one event for it: `success`, or `failure` with the error's class
   * and code in `details.error`; the error is rethrown unchanged.
   *
   * @example
   * await audit.auditContext({ type: AuditEventType.DATA_EXPORT, userId, resource: 'crm' }, () => exportCrm());
   */
  async auditContext<T>(options: AuditContextOptions, fn: () => Promise<T> | T): Promise<T> {
    const { failureSeverity, ...event } = options;
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      const named = error instanceof Error ? error : new Error('non-error thrown');
      const code = (named as { code?: unknown }).code;
      await this.logEvent({
        ...event,
        status: 'failure',
        severity: failureSeverity ?? 'error',
        details: {
          ...event.details,
          error: typeof code === 'string' ? { class: named.name, code } : { class: named.name },
        },
      });
      throw error;
    }
    await this.logEvent({ ...event, status: 'success' });
    return result;
  }

  /** Reads one record by sequence number. */
  getEvent(seq: number): AuditRecord | undefined {
    const stored = this.events.get(seq);
    return stored === undefined ? undefined : fromStoredRecord(stored);
  }

  /**
   * The chain's head: last sequence number and hash (`seq` 0 for an empty chain). Read from a
   * fresh snapshot: LMDB keeps a read transaction open for the rest of the event-loop turn, and
   * appends committed meanwhile by other processes would not show in it.
   */
  head(): { seq: number; hash: string } {
    this.root.resetReadTxn();
    const head = this.meta.get(HEAD_KEY) as Head | undefined;
    return head === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: head.seq, hash: head.hash };
  }

  /** The retention anchor (checkpoint of the last pruned record), if records were pruned. */
  anchor(): AuditCheckpoint | undefined {
    return this.meta.get(ANCHOR_KEY) as AuditCheckpoint | undefined;
  }

  /** Every stored checkpoint, in sequence order. */
  listCheckpoints(): AuditCheckpoint[] {
    return [...this.checkpoints.getRange({}).map(({ value }) => value)];
  }

  /**
   * Signs a checkpoint of the current head and stores it; export the result (for example with
   * `veil audit checkpoint --output FILE`) to somewhere the store's writers cannot reach.
   */
  async checkpoint(): Promise<AuditCheckpoint> {
    const signingKey = this.#requireSigningKey();
    await this.#drain();
    return this.root.transaction(() => {
      const head = this.#readHead();
      const checkpoint = signCheckpoint(signingKey, {
        kind: 'manual',
        seq: head.seq,
        hash: head.hash,
        time: new Date(this.#now()).toISOString(),
      });
      if (head.seq > 0) this.checkpoints.put(head.seq, checkpoint);
      return checkpoint;
    });
  }

  /**
   * Searches through the secondary indexes (never a full scan unless only a time range is given,
   * in which case the records' own times bound it, found by binary search). Results are in time
   * order; page with `nextCursor`.
   */
  searchEvents(query: AuditSearchQuery = {}): AuditSearchResult {
    const limit = query.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
      throw new AuditError('VEIL_AUDIT_INPUT', 'limit: expected an integer from 1 to 1000');
    }
    if (query.type !== undefined && !isAuditEventType(query.type)) {
      throw new AuditError('VEIL_AUDIT_INPUT', 'type: not an audit event type');
    }
    if (query.status !== undefined && !isAuditEventStatus(query.status)) {
      throw new AuditError('VEIL_AUDIT_INPUT', 'status: expected success or failure');
    }
    if (query.severity !== undefined && !isAuditEventSeverity(query.severity)) {
      throw new AuditError(
        'VEIL_AUDIT_INPUT',
        'severity: expected info, warning, error or critical',
      );
    }

    let low = 1;
    let high = Number.MAX_SAFE_INTEGER;
    const startMs =
      query.startTime === undefined ? undefined : toEpochMs(query.startTime, 'startTime');
    const endMs = query.endTime === undefined ? undefined : toEpochMs(query.endTime, 'endTime');
    if (startMs !== undefined) {
      const first = this.#firstSeqAtOrAfterTime(startMs);
      if (first === undefined) return { events: [] };
      low = first;
    }
    if (endMs !== undefined) {
      // The first record after the range ends it.
      const after =
        endMs >= Number.MAX_SAFE_INTEGER
          ? undefined
          : this.#firstSeqAtOrAfterTime(Math.floor(endMs) + 1);
      if (after !== undefined) high = after - 1;
    }
    if (query.cursor !== undefined) low = Math.max(low, decodeCursor(query.cursor) + 1);
    if (low > high) return { events: [] };

    // The index is not covered by the HMAC: every hit is checked against the record it points to
    // (sequence, fields and time), so a forged entry cannot produce a wrong hit. A deleted entry
    // hides its record from the search; verify() reports it (index-missing).
    const matches = (seq: number, record: AuditRecord): boolean =>
      record.seq === seq &&
      (startMs === undefined || Date.parse(record.time) >= startMs) &&
      (endMs === undefined || Date.parse(record.time) <= endMs) &&
      (query.type === undefined || record.type === query.type) &&
      (query.userId === undefined || record.userId === query.userId) &&
      (query.resource === undefined || record.resource === query.resource) &&
      (query.status === undefined || record.status === query.status) &&
      (query.severity === undefined || record.severity === query.severity);

    const named = (
      [
        ['u', query.userId],
        ['r', query.resource],
        ['t', query.type],
        ['s', query.status],
        ['v', query.severity],
      ] as Array<[string, string | undefined]>
    ).filter((field): field is [string, string] => field[1] !== undefined);
    const driver = this.#chooseDriver(named, low, high);
    if (driver === null) return { events: [] };
    // The other named fields are checked against their index entries (a B-tree probe, no record
    // decoding), so only full matches are read from the events database.
    const probes = named.filter((field) => field !== driver);

    const events: AuditRecord[] = [];
    const seqs: Iterable<number> =
      driver === undefined
        ? this.events.getKeys({
            start: low,
            end: high === Number.MAX_SAFE_INTEGER ? undefined : high + 1,
          })
        : mapKeys(
            this.index.getKeys({
              start: [driver[0], driver[1], low],
              end: [driver[0], driver[1], high + 1],
            }),
          );
    for (const seq of seqs) {
      if (!probes.every(([field, value]) => this.index.doesExist([field, value, seq]))) continue;
      const record = this.events.get(seq);
      if (record === undefined || !matches(seq, record)) continue;
      // A further record matches (checked, so a forged entry cannot produce an empty next page).
      if (events.length === limit) {
        return { events, nextCursor: encodeCursor(events[events.length - 1]!.seq) };
      }
      events.push(fromStoredRecord(record));
    }
    return { events };
  }

  /**
   * Picks the index that drives a search: the named field with the fewest entries in the
   * sequence range, estimated from the first {@link DRIVER_SAMPLE} entries of each (how far into
   * the range they reach). A fixed order (user first) made a type + status + time query walk
   * every event of the type and probe its status: 18 ms median on 1M events. Returns undefined
   * when no field is named (the time range alone bounds the scan) and null when a named field
   * has no entry in the range at all (nothing can match).
   */
  #chooseDriver(
    named: ReadonlyArray<[string, string]>,
    low: number,
    high: number,
  ): [string, string] | undefined | null {
    if (named.length <= 1) return named[0];
    const last = Math.min(high, this.#readHead().seq);
    let best: [string, string] | undefined;
    let bestCount = Number.POSITIVE_INFINITY;
    for (const field of named) {
      let seen = 0;
      let reached = low;
      for (const key of this.index.getKeys({
        start: [field[0], field[1], low],
        end: [field[0], field[1], high + 1],
        limit: DRIVER_SAMPLE,
      })) {
        if (!isIndexKey(key)) continue;
        seen += 1;
        reached = key[2];
      }
      if (seen === 0) return null;
      const count =
        seen < DRIVER_SAMPLE ? seen : (seen * (last - low + 1)) / Math.max(1, reached - low + 1);
      if (count < bestCount) {
        best = field;
        bestCount = count;
      }
    }
    return best;
  }

  /** Checks the whole chain; see {@link verifyAuditChain}. */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    await this.#drain();
    const keyring = { keys: this.#keys, current: this.#keyId, legacy: this.#legacyKeyId };
    return verifyAuditChain(this, keyring, {
      ...options,
      publicKey: options.publicKey ?? this.#verifyKey,
    });
  }

  /** Writes the events (optionally a time range) as JSON Lines or OCSF, atomically. */
  async exportEvents(options: AuditExportOptions): Promise<AuditExportResult> {
    await this.#drain();
    return exportAuditEvents(this, options);
  }

  /**
   * Removes records older than `maxAgeDays` while keeping the chain verifiable: the last removed
   * record's position is signed into an anchor checkpoint that `verify()` starts from. Needs the
   * signing key. Records an `audit_retention` event afterwards.
   */
  async applyRetention(policy: { maxAgeDays: number }): Promise<RetentionResult> {
    if (!Number.isFinite(policy.maxAgeDays) || policy.maxAgeDays < 1) {
      throw new AuditError('VEIL_AUDIT_INPUT', 'maxAgeDays: expected a number >= 1');
    }
    const signingKey = this.#requireSigningKey();
    await this.#drain();
    const cutoffMs = this.#now() - policy.maxAgeDays * 86_400_000;

    const result = await this.root.transaction((): RetentionResult => {
      // The last record older than the cutoff is the one before the first that is not.
      const kept = this.#firstSeqAtOrAfterTime(cutoffMs);
      const cutSeq = kept === undefined ? this.#readHead().seq : kept - 1;
      const cutRecord = cutSeq < 1 ? undefined : this.events.get(cutSeq);
      if (cutRecord === undefined) return { removed: 0 };

      const anchor = signCheckpoint(signingKey, {
        kind: 'retention',
        seq: cutRecord.seq,
        hash: cutRecord.hash,
        time: new Date(this.#now()).toISOString(),
      });
      // Collect first: removing under an open cursor of the same transaction is not safe.
      const doomed = [...this.events.getRange({ end: cutSeq + 1 }).map(({ value }) => value)];
      for (const record of doomed) {
        for (const indexKey of indexKeysOf(record)) this.index.remove(indexKey);
        this.events.remove(record.seq);
      }
      const removed = doomed.length;
      for (const key of [...this.checkpoints.getKeys({ end: cutSeq })])
        this.checkpoints.remove(key);
      this.meta.put(ANCHOR_KEY, anchor);
      return { removed, anchor };
    });
    if (result.anchor !== undefined) {
      await this.logEvent({
        type: 'audit_retention',
        action: 'prune',
        resource: 'audit',
        details: {
          removed: result.removed,
          anchorSeq: result.anchor.seq,
          maxAgeDays: policy.maxAgeDays,
        },
      });
    }
    return result;
  }

  /** Waits until every event logged so far is committed. */
  async flush(): Promise<void> {
    await this.#drain();
  }

  #requireSigningKey(): KeyObject {
    if (this.#signingKey === undefined) {
      throw new SecurityConfigError(
        'an audit signing key is required (VEIL_AUDIT_SIGNING_KEY or _FILE)',
      );
    }
    return this.#signingKey;
  }

  async #drain(): Promise<void> {
    // A scheduled flush runs in a microtask; after it, every batch is in #inFlight.
    if (this.#flushScheduled) await Promise.resolve();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * The sequence number of the first record whose stored time is at or after `ms`, or undefined
   * when every record is older. The time index is not covered by the HMAC, so its entry is only a
   * hint, accepted when the records confirm it (the hinted record is at or after `ms` and the one
   * before it is older); otherwise a binary search over the records themselves answers, which is
   * sound because time is non-decreasing along the chain. Either way a forged or deleted time
   * entry can neither hide nor add records, and the cost stays O(log n) record reads.
   */
  #firstSeqAtOrAfterTime(ms: number): number | undefined {
    const hint = this.#timeHint(ms);
    if (hint !== undefined) {
      const record = this.#recordAtOrAfter(hint);
      const before = this.#recordBefore(hint);
      if (
        record?.seq === hint &&
        Date.parse(record.time) >= ms &&
        (before === undefined || Date.parse(before.time) < ms)
      ) {
        return hint;
      }
    }

    let low = this.#recordAtOrAfter(0)?.seq;
    if (low === undefined) return undefined;
    let high = this.#lastStoredSeq() + 1;
    while (low < high) {
      const middle = low + Math.floor((high - low) / 2);
      const record = this.#recordAtOrAfter(middle);
      // No record in [middle, record.seq), so the answer is at most record.seq either way.
      if (record === undefined || Date.parse(record.time) >= ms) high = middle;
      else low = record.seq + 1;
    }
    return this.#recordAtOrAfter(low)?.seq;
  }

  /** The sequence number of the first well-formed time-index entry at or after `ms`. */
  #timeHint(ms: number): number | undefined {
    for (const key of this.index.getKeys({
      start: ['T', ms, 0],
      end: ['T', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
      limit: 1,
    })) {
      return isIndexKey(key) ? key[2] : undefined;
    }
    return undefined;
  }

  #recordAtOrAfter(seq: number): AuditRecord | undefined {
    for (const { value } of this.events.getRange({ start: seq, limit: 1 })) return value;
    return undefined;
  }

  #recordBefore(seq: number): AuditRecord | undefined {
    for (const { value } of this.events.getRange({ start: seq, reverse: true, limit: 2 })) {
      if (value.seq < seq) return value;
    }
    return undefined;
  }

  #lastStoredSeq(): number {
    for (const key of this.events.getKeys({ reverse: true, limit: 1 })) return key;
    return 0;
  }

  #hasTimeEntry(ms: number): boolean {
    for (const _ of this.index.getKeys({
      start: ['T', ms, 0],
      end: ['T', ms, Number.MAX_SAFE_INTEGER],
      limit: 1,
    })) {
      return true;
    }
    return false;
  }

  #readHead(): Head {
    return (
      (this.meta.get(HEAD_KEY) as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH, timeMs: 0 }
    );
  }

  #normalize(event: AuditEventInput): NormalizedInput {
    if (event === null || typeof event !== 'object') {
      throw new AuditError('VEIL_AUDIT_INPUT', 'event: expected an object');
    }
    if (!isAuditEventType(event.type))
      throw new AuditError('VEIL_AUDIT_INPUT', 'type: not an audit event type');
    if (event.type === 'key_rotated' && event.resource === HMAC_ROTATION_RESOURCE) {
      throw new AuditError(
        'VEIL_AUDIT_INPUT',
        `resource: ${HMAC_ROTATION_RESOURCE} rotation records are written by rotateKey() only`,
      );
    }
    const status = event.status ?? 'success';
    if (!isAuditEventStatus(status))
      throw new AuditError('VEIL_AUDIT_INPUT', 'status: expected success or failure');
    const severity = event.severity ?? (status === 'success' ? 'info' : 'warning');
    if (!isAuditEventSeverity(severity)) {
      throw new AuditError(
        'VEIL_AUDIT_INPUT',
        'severity: expected info, warning, error or critical',
      );
    }
    return {
      type: event.type,
      status,
      severity,
      userId: optionalText(event.userId, 'userId'),
      resource: optionalText(event.resource, 'resource'),
      action: optionalText(event.action, 'action'),
      details: redactDetails(event.details),
    };
  }

  #enqueue(pending: Pending): void {
    this.#pending.push(pending);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#flushScheduled = false;
    if (batch.length === 0) return;

    const write = (): AuditRecord[][] => {
      const head = this.#readHead();
      let seq = head.seq;
      let prevHash = head.hash;
      // Time never goes backwards along the chain, even across processes with skewed clocks, so
      // sequence order is time order and a binary search over records bounds a time range.
      const timeMs = Math.max(this.#now(), head.timeMs);
      const time = new Date(timeMs).toISOString();
      let last: AuditRecord | undefined;
      let checkpointDue = false;
      const append = (input: NormalizedInput): AuditRecord => {
        seq += 1;
        // The time index is sparse: one ['T', ms, seq] entry at the first record of each distinct
        // millisecond (a hint for #firstSeqAtOrAfterTime). A batch shares one time, so it adds at most one.
        // Checking for the entry (rather than comparing with the head's time) keeps the index
        // whole after retention or a store written by an older version.
        if (seq === head.seq + 1 && !this.#hasTimeEntry(timeMs)) {
          this.index.put(['T', timeMs, seq], null);
        }
        const body: AuditRecordBody = {
          v: 2,
          seq,
          time,
          type: input.type,
          severity: input.severity,
          status: input.status,
          userId: input.userId,
          resource: input.resource,
          action: input.action,
          details: input.details,
          kid: this.#keyId,
          prevHash,
        };
        const record: AuditRecord = { ...body, hash: hashRecord(this.#hmacKey, body) };
        this.events.put(seq, toStoredRecord(record));
        this.index.put(['t', input.type, seq], null);
        this.index.put(['s', input.status, seq], null);
        this.index.put(['v', input.severity, seq], null);
        if (input.userId !== null) this.index.put(['u', input.userId, seq], null);
        if (input.resource !== null) this.index.put(['r', input.resource, seq], null);
        prevHash = record.hash;
        last = record;
        if (this.#checkpointEvery > 0 && seq % this.#checkpointEvery === 0) checkpointDue = true;
        return record;
      };

      // The key in force is the one that wrote the last record (version 1: the legacy key). When
      // it is not the current key, the rotation record goes first, in this same transaction, so
      // no record of another writer can fall between the two keys.
      const lastRecord = head.seq > 0 ? this.events.get(head.seq) : undefined;
      const inForce =
        lastRecord === undefined
          ? undefined
          : lastRecord.v === 2
            ? String(lastRecord.kid)
            : this.#legacyKeyId;
      if (inForce !== undefined && !this.#keys.has(inForce)) {
        // A writer still configured with an older key must not rotate a newer key away.
        throw new AuditError(
          'VEIL_AUDIT_KEY',
          `record ${head.seq} was written with HMAC key id ${inForce}, which this logger does ` +
            'not know: configure the current audit key',
        );
      }
      const rotation =
        inForce === undefined || inForce === this.#keyId
          ? undefined
          : append({
              type: 'key_rotated',
              severity: 'info',
              status: 'success',
              userId: null,
              resource: HMAC_ROTATION_RESOURCE,
              action: 'rotate',
              details: { fromKeyId: inForce, toKeyId: this.#keyId },
            });
      const results = batch.map(({ inputs }) =>
        inputs.length === 0 ? (rotation === undefined ? [] : [rotation]) : inputs.map(append),
      );
      // A rotateKey() with nothing to rotate writes nothing, not even the head.
      if (seq === head.seq) return results;
      this.meta.put(HEAD_KEY, { seq, hash: prevHash, timeMs } satisfies Head);
      if (checkpointDue && this.#signingKey !== undefined && last !== undefined) {
        this.#storeCheckpoint(this.#signingKey, 'periodic', last, timeMs);
      }
      return results;
    };

    const done = this.root.transaction(write).then(
      (results) => batch.forEach((item, i) => item.resolve(results[i]!)),
      (error: unknown) => batch.forEach((item) => item.reject(error)),
    );
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
  }

  #storeCheckpoint(
    key: KeyObject,
    kind: CheckpointKind,
    record: AuditRecord,
    timeMs: number,
  ): void {
    this.checkpoints.put(
      record.seq,
      signCheckpoint(key, {
        kind,
        seq: record.seq,
        hash: record.hash,
        time: new Date(timeMs).toISOString(),
      }),
    );
  }
}

/** A key of the shape the logger writes: [field, value, seq]; anything else is not ours. */
function isIndexKey(key: unknown): key is IndexKey {
  return (
    Array.isArray(key) &&
    key.length === 3 &&
    typeof key[0] === 'string' &&
    Number.isSafeInteger(key[2]) &&
    (key[2] as number) >= 1
  );
}

/**
 * The sequence numbers of a range of index keys, skipping keys of the wrong shape (a forged
 * `[field, value, seq, extra]` sorts beside the real `[field, value, seq]`) and never yielding a
 * sequence number twice.
 */
function* mapKeys(keys: Iterable<unknown>): Iterable<number> {
  let last = 0;
  for (const key of keys) {
    if (!isIndexKey(key) || key[2] <= last) continue;
    last = key[2];
    yield key[2];
  }
}

function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof value.s === 'number' && Number.isSafeInteger(value.s) && value.s >= 0)
      return value.s;
  } catch {
    // fall through to the error below
  }
  throw new AuditError('VEIL_AUDIT_FORMAT', 'cursor: not a cursor returned by searchEvents');
}
