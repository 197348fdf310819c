/**
 * Checks the search index (`audit-index`) against the verified chain. The index is not covered
 * by the HMAC, so a store writer could delete an entry (hiding an event from type, user or
 * resource searches) or add one; this recomputes, record by record, the entries each must have.
 *
 * Memory stays bounded for any log size: missing entries are found by one B-tree probe per
 * expected key during the chain walk, and extra entries by counting the index once (present
 * expected entries are distinct, so `count - (expected - missing)` is exactly the number of
 * extras). Only when that number is not zero is the index scanned again, entry by entry, each
 * checked against the record it points to; the scan stops once every extra has been found.
 * Sorting both sides into one order was rejected: the index is ordered by value, the chain by
 * sequence, and reordering either needs memory or temporary storage proportional to the log.
 */
import type { AuditRecord } from './audit-event.js';
import type { AuditLogger } from './audit-logger.js';

/** Index fields and the record member each names (the time field `T` is handled apart). */
const FIELDS = {
  t: 'type',
  s: 'status',
  v: 'severity',
  u: 'userId',
  r: 'resource',
} as const satisfies Record<string, keyof AuditRecord>;

type FieldCode = keyof typeof FIELDS;

const isFieldCode = (code: unknown): code is FieldCode =>
  typeof code === 'string' && Object.hasOwn(FIELDS, code);

/** Names of the index fields in messages (never the indexed value). */
const label = (code: FieldCode | 'T'): string => (code === 'T' ? 'time' : FIELDS[code]);

type Report = (kind: 'index-missing' | 'index-extra', seq: number, message: string) => void;

/** Counts of expected entries and of those found missing, for one group of fields. */
interface Tally {
  expected: number;
  missing: number;
}

/** @internal Walks along `verifyAuditChain`: call {@link visit} per record, then {@link finish}. */
export class IndexCheck {
  readonly #logger: AuditLogger;
  readonly #report: Report;
  readonly #fields: Tally = { expected: 0, missing: 0 };
  readonly #times: Tally = { expected: 0, missing: 0 };
  #previousMs: number | undefined;

  constructor(logger: AuditLogger, report: Report) {
    this.#logger = logger;
    this.#report = report;
  }

  /**
   * Probes the entries the record stored under `seq` must have: one per indexed field, and a
   * time entry when it is the first record of its millisecond (the time index is sparse).
   */
  visit(seq: number, record: AuditRecord): void {
    const index = this.#logger.index;
    for (const code of Object.keys(FIELDS) as FieldCode[]) {
      const value: unknown = record[FIELDS[code]];
      // A member of the wrong type is a hash-mismatch already; it has no key to probe.
      if (typeof value !== 'string') continue;
      this.#fields.expected += 1;
      if (!index.doesExist([code, value, seq])) {
        this.#fields.missing += 1;
        this.#report('index-missing', seq, `record ${seq} has no ${label(code)} index entry`);
      }
    }

    const ms = typeof record.time === 'string' ? Date.parse(record.time) : Number.NaN;
    if (Number.isNaN(ms) || ms === this.#previousMs) return;
    this.#previousMs = ms;
    this.#times.expected += 1;
    if (!index.doesExist(['T', ms, seq])) {
      this.#times.missing += 1;
      this.#report(
        'index-missing',
        seq,
        `record ${seq} is the first of its millisecond and has no time index entry`,
      );
    }
  }

  /**
   * Counts the index and, if it holds entries beyond the expected ones, finds them. Records in
   * `firstSeq..lastSeq` are the retained chain; an entry pointing elsewhere points to no record.
   */
  finish(firstSeq: number, lastSeq: number): void {
    let fieldEntries = 0;
    let timeEntries = 0;
    let malformed = 0;
    for (const key of this.#logger.index.getKeys({})) {
      const code = Array.isArray(key) && key.length === 3 ? key[0] : undefined;
      if (code === 'T') timeEntries += 1;
      else if (isFieldCode(code)) fieldEntries += 1;
      else malformed += 1;
    }

    const fieldExtras = fieldEntries - (this.#fields.expected - this.#fields.missing);
    // Stores written before the time index was sparse hold an entry per record: those are
    // scanned here too and accepted, as they point to a record of their millisecond.
    const timeExtras = timeEntries - (this.#times.expected - this.#times.missing);
    if (fieldExtras + timeExtras + malformed === 0) return;
    this.#findExtras(firstSeq, lastSeq, fieldExtras + malformed, timeExtras);
  }

  #findExtras(firstSeq: number, lastSeq: number, fieldExtras: number, timeExtras: number): void {
    let fieldsLeft = fieldExtras;
    let timesLeft = timeExtras;
    for (const key of this.#logger.index.getKeys({})) {
      if (fieldsLeft <= 0 && timesLeft <= 0) return;
      const entry: unknown[] = Array.isArray(key) ? key : [];
      const [code, value, seq] = entry;
      const isTime = code === 'T' && entry.length === 3;
      if ((isTime && timesLeft <= 0) || (!isTime && fieldsLeft <= 0)) continue;

      const where = typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : 0;
      const record =
        where >= firstSeq && where <= lastSeq ? this.#logger.events.get(where) : undefined;
      const field = label(code as FieldCode | 'T');
      let problem: string | undefined;
      if (!isTime && (!isFieldCode(code) || entry.length !== 3)) {
        problem = 'an index entry of no known field';
      } else if (record === undefined) {
        problem = `a ${field} index entry points to record ${where}, which does not exist`;
      } else {
        const matches = isTime
          ? Date.parse(record.time) === value
          : record[FIELDS[code as FieldCode]] === value;
        if (!matches) {
          problem = `a ${field} index entry points to record ${where}, which does not match it`;
        }
      }
      if (problem === undefined) continue;
      if (isTime) timesLeft -= 1;
      else fieldsLeft -= 1;
      this.#report('index-extra', where, problem);
    }
  }
}
