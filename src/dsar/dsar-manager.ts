/**
 * DsarManager: data-subject requests in LMDB (`dsar-requests`, `dsar-codes`), their deadlines,
 * their state machine and identity verification. Every transition is one audit event that never
 * carries the subject's identifiers. Fulfilment (export, erasure, rectification over the
 * registered datasets) lives in `fulfil.ts` and runs as a BullMQ job whose id is the request id.
 */
import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Database, RootDatabase } from 'lmdb';
import { compileFieldPath, FieldPathError } from '../engine/field-path.js';
import { DsarError } from '../errors/dsar-error.js';
import { openSubDatabase } from '../store/environment.js';
import { computeDeadlines, endOfUtcDay, isoDay, type Jurisdiction } from './deadline.js';
import {
  FINAL_STATES,
  identifierProblem,
  transitions,
  typesByJurisdiction,
  type DataSubjectRequest,
  type DenialReason,
  type DsarState,
  type DsarType,
  type SubjectIdentifiers,
} from './request.js';

/** How long a verification code stays valid. */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes before the code is burned and a new one must be issued. */
export const MAX_CODE_ATTEMPTS = 3;

interface StoredCode {
  /** HMAC-SHA-256 of the code under a per-request random salt. */
  readonly digest: string;
  readonly salt: string;
  readonly expiresAt: number;
  readonly failures: number;
}

export interface DsarAuditSink {
  logEvent(event: {
    type: string;
    userId?: string;
    resource?: string;
    action?: string;
    status?: string;
    severity?: string;
    details?: Record<string, unknown>;
  }): Promise<unknown>;
}

export interface DsarManagerOptions {
  readonly store: RootDatabase;
  readonly audit?: DsarAuditSink;
  readonly now?: () => number;
}

export interface CreateRequestInput {
  readonly requestType: DsarType;
  readonly jurisdiction: Jurisdiction;
  /** Either a subject id (matched against the datasets' `subject_id` identifier) or identifiers. */
  readonly subjectId?: string;
  readonly identifiers?: SubjectIdentifiers;
  readonly notes?: string;
  /** For rectification: field name -> corrected value. */
  readonly patch?: Readonly<Record<string, string>>;
  readonly receivedAt?: Date;
  readonly actorId?: string;
}

const IDENTIFIER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

function input(message: string): DsarError {
  return new DsarError('VEIL_DSAR_INPUT', message);
}

export class DsarManager {
  readonly #requests: Database<DataSubjectRequest, string>;
  readonly #codes: Database<StoredCode, string>;
  readonly #audit: DsarAuditSink | undefined;
  readonly #now: () => number;

  constructor(options: DsarManagerOptions) {
    this.#requests = openSubDatabase<DataSubjectRequest, string>(options.store, 'dsar-requests');
    this.#codes = openSubDatabase<StoredCode, string>(options.store, 'dsar-codes');
    this.#audit = options.audit;
    this.#now = options.now ?? Date.now;
  }

  async #log(request: DataSubjectRequest, from: DsarState | null, actor: string | null, status = 'success'): Promise<void> {
    await this.#audit?.logEvent({
      type: from === null ? 'dsar_received' : request.state === 'completed' ? 'dsar_fulfilled' : 'dsar_transition',
      ...(actor === null ? {} : { userId: actor }),
      resource: `dsar/${request.id}`,
      action: from === null ? 'create' : `${from}->${request.state}`,
      status,
      details: {
        requestType: request.requestType,
        jurisdiction: request.jurisdiction,
        from,
        to: request.state,
        ...(request.denial === null ? {} : { denialReason: request.denial.reason }),
        // What fulfilment did, as counts per dataset: never the subject's values.
        ...(request.state === 'completed' && request.result !== null ? { summary: request.result } : {}),
      },
    });
  }

  /** Files a new request; it starts in `received` with its legal deadlines computed. */
  async createDataSubjectRequest(options: CreateRequestInput): Promise<DataSubjectRequest> {
    const jurisdiction = options.jurisdiction;
    if (!Object.hasOwn(typesByJurisdiction, jurisdiction)) throw input('jurisdiction: expected GDPR, CCPA or HIPAA');
    if (!typesByJurisdiction[jurisdiction].includes(options.requestType)) {
      throw input(`requestType: ${jurisdiction} knows ${typesByJurisdiction[jurisdiction].join(', ')}`);
    }
    const identifiers: Record<string, string> = {};
    if (options.subjectId !== undefined) {
      const problem = identifierProblem(options.subjectId);
      if (problem !== undefined) throw input(`subjectId: ${problem}`);
      identifiers['subject_id'] = options.subjectId;
    }
    for (const [name, value] of Object.entries(options.identifiers ?? {})) {
      if (!IDENTIFIER_NAME.test(name)) throw input(`identifiers: invalid identifier name at '${name.slice(0, 64)}'`);
      const problem = identifierProblem(value);
      if (problem !== undefined) throw input(`identifiers.${name}: ${problem}`);
      identifiers[name] = value;
    }
    if (Object.keys(identifiers).length === 0) throw input('a request needs subjectId or at least one identifier');
    const kindNeedsPatch = ['rectification', 'correct', 'amendment'].includes(options.requestType);
    if (kindNeedsPatch && (options.patch === undefined || Object.keys(options.patch).length === 0)) {
      throw input(`requestType ${options.requestType}: needs a patch (field -> corrected value)`);
    }
    // A patch names field paths that fulfilment compiles much later: a path that cannot be
    // parsed (`a..b`) is refused now, naming it, rather than failing the fulfilment run.
    for (const field of Object.keys(options.patch ?? {})) {
      try {
        compileFieldPath(field);
      } catch (error) {
        if (error instanceof FieldPathError) throw input(`patch.${field.slice(0, 64)}: ${error.reason}`);
        throw error;
      }
    }

    const receivedAt = options.receivedAt ?? new Date(this.#now());
    const deadlines = computeDeadlines(jurisdiction, receivedAt);
    const at = new Date(this.#now()).toISOString();
    const request: DataSubjectRequest = {
      id: randomUUID(),
      requestType: options.requestType,
      jurisdiction,
      state: 'received',
      identifiers,
      notes: options.notes === undefined ? null : options.notes.slice(0, 4000),
      receivedAt: receivedAt.toISOString(),
      dueDate: isoDay(deadlines.due),
      acknowledgeBy: deadlines.acknowledgeBy === null ? null : isoDay(deadlines.acknowledgeBy),
      extension: null,
      denial: null,
      patch: options.patch === undefined ? null : { ...options.patch },
      verifiedAt: null,
      completedAt: null,
      progress: null,
      result: null,
      history: [{ from: null, to: 'received', at, actor: options.actorId ?? null }],
    };
    await this.#requests.put(request.id, request);
    await this.#log(request, null, options.actorId ?? null);
    return request;
  }

  getRequest(id: string): DataSubjectRequest {
    const found = typeof id === 'string' ? this.#requests.get(id) : undefined;
    if (found === undefined) throw new DsarError('VEIL_DSAR_NOT_FOUND', 'data-subject request not found');
    return found;
  }

  listRequests(filter: { state?: DsarState } = {}): DataSubjectRequest[] {
    const out: DataSubjectRequest[] = [];
    for (const { value } of this.#requests.getRange({})) {
      if (filter.state === undefined || value.state === filter.state) out.push(value);
    }
    return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  /** Open requests whose deadline day has passed. */
  listOverdue(): DataSubjectRequest[] {
    const now = this.#now();
    return this.listRequests().filter(
      (r) => !FINAL_STATES.has(r.state) && endOfUtcDay(new Date(`${r.dueDate}T00:00:00Z`)).getTime() < now,
    );
  }

  /** Open requests due within `days` days (not yet overdue). */
  dueSoon(days: number): DataSubjectRequest[] {
    if (!Number.isFinite(days) || days < 0) throw input('days: expected a non-negative number');
    const now = this.#now();
    const limit = now + days * 86_400_000;
    return this.listRequests().filter((r) => {
      if (FINAL_STATES.has(r.state)) return false;
      const due = endOfUtcDay(new Date(`${r.dueDate}T00:00:00Z`)).getTime();
      return due >= now && due <= limit;
    });
  }

  /** Moves a request to `to` if the transition is legal; applies `change` to the stored record atomically. */
  async #transition(
    id: string,
    to: DsarState,
    actor: string | null,
    change: (current: DataSubjectRequest) => Partial<DataSubjectRequest> = () => ({}),
  ): Promise<DataSubjectRequest> {
    const at = new Date(this.#now()).toISOString();
    let from: DsarState | null = null;
    const next = await this.#requests.transaction(() => {
      const current = this.getRequest(id);
      from = current.state;
      if (!transitions[current.state].includes(to)) {
        throw new DsarError(
          'VEIL_DSAR_TRANSITION',
          FINAL_STATES.has(current.state)
            ? `request ${id} is ${current.state}: a final request cannot change`
            : `request ${id}: cannot go from ${current.state} to ${to}`,
        );
      }
      const updated: DataSubjectRequest = {
        ...current,
        ...change(current),
        state: to,
        history: [...current.history, { from: current.state, to, at, actor }],
      };
      // A final request keeps no identifiers: the record of what was done stays, the subject does not.
      const stored = FINAL_STATES.has(to) ? { ...updated, identifiers: {}, patch: null } : updated;
      this.#requests.put(id, stored);
      return stored;
    });
    await this.#log(next, from, actor);
    return next;
  }

  /**
   * Issues a one-time verification code for the request (moving it to `identity_unverified`).
   * Returns the code for delivery through the configured channel; only a salted HMAC is stored.
   */
  async issueVerificationCode(id: string): Promise<string> {
    const current = this.getRequest(id);
    if (current.state !== 'received' && current.state !== 'identity_unverified') {
      throw new DsarError('VEIL_DSAR_TRANSITION', `request ${id} is ${current.state}: no code can be issued`);
    }
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const salt = randomBytes(16);
    await this.#codes.put(id, {
      digest: createHmac('sha256', salt).update(code).digest('hex'),
      salt: salt.toString('hex'),
      expiresAt: this.#now() + CODE_TTL_MS,
      failures: 0,
    });
    await this.#transition(id, 'identity_unverified', null);
    return code;
  }

  /**
   * Checks a verification code in constant time. A wrong code counts a failure; the third burns
   * the code. An expired or burned code never verifies. Resolves with the verified request.
   */
  async verifyIdentity(id: string, code: string): Promise<DataSubjectRequest> {
    const request = this.getRequest(id);
    if (request.state !== 'identity_unverified') {
      throw new DsarError('VEIL_DSAR_TRANSITION', `request ${id} is ${request.state}: nothing to verify`);
    }
    // Read, compare and count in one write transaction: checked outside one, guesses sent
    // together all read the same failure count and were all compared (20 at once, not 3).
    const outcome = await this.#codes.transaction((): 'expired' | 'matched' | number => {
      const stored = this.#codes.get(id);
      if (stored === undefined || stored.expiresAt <= this.#now() || stored.failures >= MAX_CODE_ATTEMPTS) {
        this.#codes.remove(id);
        return 'expired';
      }
      const expected = Buffer.from(stored.digest, 'hex');
      const given = createHmac('sha256', Buffer.from(stored.salt, 'hex')).update(typeof code === 'string' ? code : '').digest();
      if (timingSafeEqual(expected, given)) {
        this.#codes.remove(id);
        return 'matched';
      }
      const failures = stored.failures + 1;
      if (failures >= MAX_CODE_ATTEMPTS) this.#codes.remove(id);
      else this.#codes.put(id, { ...stored, failures });
      return failures;
    });
    if (outcome === 'expired') {
      throw new DsarError('VEIL_DSAR_CODE_EXPIRED', 'verification code expired or used up: request a new one');
    }
    if (typeof outcome === 'number') {
      const failures = outcome;
      await this.#audit?.logEvent({
        type: 'dsar_transition',
        resource: `dsar/${id}`,
        action: 'verify',
        status: 'failure',
        severity: failures >= MAX_CODE_ATTEMPTS ? 'warning' : 'info',
        details: { failures },
      });
      throw new DsarError(
        'VEIL_DSAR_CODE_INVALID',
        failures >= MAX_CODE_ATTEMPTS ? 'wrong verification code: the code is burned, request a new one' : 'wrong verification code',
      );
    }
    return this.#transition(id, 'verified', null, () => ({ verifiedAt: new Date(this.#now()).toISOString() }));
  }

  /** Marks the request as being worked on (fulfilment started). Only verified requests proceed. */
  async startProcessing(id: string, actorId?: string): Promise<DataSubjectRequest> {
    return this.#transition(id, 'in_progress', actorId ?? null);
  }

  /** Records progress without changing state. */
  async recordProgress(id: string, progress: { datasetsDone: number; datasetsTotal: number }): Promise<void> {
    await this.#requests.transaction(() => {
      const current = this.getRequest(id);
      if (FINAL_STATES.has(current.state)) return;
      this.#requests.put(id, { ...current, progress });
    });
  }

  /**
   * Extends the deadline once, as the law allows, when the notice (with reasons) is sent within
   * the first period. Refused after the first period, twice, or without reasons.
   */
  async extend(id: string, options: { reason: string; noticeSentAt?: Date; actorId?: string }): Promise<DataSubjectRequest> {
    if (typeof options.reason !== 'string' || options.reason.trim().length === 0) {
      throw input('extend: the notice to the subject needs reasons');
    }
    const current = this.getRequest(id);
    if (current.extension !== null) throw new DsarError('VEIL_DSAR_EXTENSION', `request ${id} was already extended once`);
    const noticeSentAt = options.noticeSentAt ?? new Date(this.#now());
    const deadlines = computeDeadlines(current.jurisdiction, new Date(current.receivedAt));
    if (noticeSentAt.getTime() > endOfUtcDay(deadlines.extensionNoticeBy).getTime()) {
      throw new DsarError(
        'VEIL_DSAR_EXTENSION',
        `request ${id}: the extension notice had to be sent by ${isoDay(deadlines.extensionNoticeBy)}`,
      );
    }
    return this.#transition(id, 'extended', options.actorId ?? null, () => ({
      dueDate: isoDay(deadlines.extendedDue),
      extension: { reason: options.reason.trim().slice(0, 2000), noticeSentAt: noticeSentAt.toISOString() },
    }));
  }

  async deny(id: string, reason: DenialReason, options: { detail?: string; actorId?: string } = {}): Promise<DataSubjectRequest> {
    const allowed = ['identity_not_verified', 'manifestly_unfounded', 'excessive', 'legal_obligation', 'no_data_held', 'exemption'];
    if (!allowed.includes(reason)) throw input(`deny: reason must be one of ${allowed.join(', ')}`);
    return this.#transition(id, 'denied', options.actorId ?? null, () => ({
      denial: { reason, detail: options.detail === undefined ? null : options.detail.slice(0, 2000) },
    }));
  }

  async cancel(id: string, actorId?: string): Promise<DataSubjectRequest> {
    return this.#transition(id, 'cancelled', actorId ?? null);
  }

  /** Completes a request with a summary of what fulfilment did (never the subject's values). */
  async complete(id: string, result: Record<string, unknown>, actorId?: string): Promise<DataSubjectRequest> {
    return this.#transition(id, 'completed', actorId ?? null, () => ({
      result,
      completedAt: new Date(this.#now()).toISOString(),
    }));
  }
}
