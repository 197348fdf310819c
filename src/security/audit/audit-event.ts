/**
 * The audit event vocabulary: what happened (type), how bad (severity), and whether it worked
 * (status). String values are stable: they are hashed into the chain and exported to SIEMs, so a
 * renamed member would break verification of old records.
 */
import type { CanonicalValue } from './canonical-json.js';

/** What happened. Grouped by the OCSF class each maps to on export (see `ocsf.ts`). */
export const AuditEventType = {
  // Authentication (OCSF 3002)
  USER_LOGIN: 'user_login',
  USER_LOGOUT: 'user_logout',
  LOGIN_FAILED: 'login_failed',
  MFA_CHALLENGE: 'mfa_challenge',
  TOKEN_REFRESHED: 'token_refreshed',
  TOKEN_REVOKED: 'token_revoked',
  TOKEN_REUSE_DETECTED: 'token_reuse_detected',
  // Account Change (OCSF 3001)
  USER_CREATED: 'user_created',
  USER_UPDATED: 'user_updated',
  USER_DISABLED: 'user_disabled',
  USER_ENABLED: 'user_enabled',
  USER_DELETED: 'user_deleted',
  PASSWORD_CHANGED: 'password_changed',
  ACCOUNT_LOCKED: 'account_locked',
  ACCOUNT_UNLOCKED: 'account_unlocked',
  PERMISSION_GRANTED: 'permission_granted',
  PERMISSION_REVOKED: 'permission_revoked',
  MFA_ENABLED: 'mfa_enabled',
  MFA_DISABLED: 'mfa_disabled',
  // Datastore Activity (OCSF 6005)
  DATA_ACCESS: 'data_access',
  DATA_MODIFICATION: 'data_modification',
  DATA_DELETION: 'data_deletion',
  DATA_EXPORT: 'data_export',
  ENCRYPTION: 'encryption',
  DECRYPTION: 'decryption',
  // API Activity (OCSF 6003)
  PIPELINE_RUN: 'pipeline_run',
  KEY_CREATED: 'key_created',
  KEY_ROTATED: 'key_rotated',
  KEY_DESTROYED: 'key_destroyed',
  DSAR_RECEIVED: 'dsar_received',
  DSAR_FULFILLED: 'dsar_fulfilled',
  DSAR_TRANSITION: 'dsar_transition',
  COMPLIANCE_CHECK: 'compliance_check',
  COMPLIANCE_CHANGE: 'compliance_change',
  CONFIG_CHANGE: 'config_change',
  SECURITY_ALERT: 'security_alert',
  AUDIT_CHECKPOINT: 'audit_checkpoint',
  AUDIT_RETENTION: 'audit_retention',
  AUDIT_EXPORT: 'audit_export',
} as const;
export type AuditEventType = (typeof AuditEventType)[keyof typeof AuditEventType];

/** Resource of the `key_rotated` record that marks an HMAC key rotation (written by the logger). */
export const HMAC_ROTATION_RESOURCE = 'audit:hmac-key';

/** How bad. */
export const AuditEventSeverity = {
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
} as const;
export type AuditEventSeverity = (typeof AuditEventSeverity)[keyof typeof AuditEventSeverity];

/** Whether the act succeeded. */
export const AuditEventStatus = {
  SUCCESS: 'success',
  FAILURE: 'failure',
} as const;
export type AuditEventStatus = (typeof AuditEventStatus)[keyof typeof AuditEventStatus];

const TYPES = new Set<string>(Object.values(AuditEventType));
const SEVERITIES = new Set<string>(Object.values(AuditEventSeverity));
const STATUSES = new Set<string>(Object.values(AuditEventStatus));

export function isAuditEventType(value: unknown): value is AuditEventType {
  return typeof value === 'string' && TYPES.has(value);
}
export function isAuditEventSeverity(value: unknown): value is AuditEventSeverity {
  return typeof value === 'string' && SEVERITIES.has(value);
}
export function isAuditEventStatus(value: unknown): value is AuditEventStatus {
  return typeof value === 'string' && STATUSES.has(value);
}

/** What a caller passes to `AuditLogger.logEvent`. */
export interface AuditEventInput {
  readonly type: AuditEventType;
  /** The acting user's id (not a username or email: ids are not personal data by themselves). */
  readonly userId?: string | undefined;
  /** What was acted on: `documents`, `pipeline:adult-pseudonymize`, `user:2f1c...`. */
  readonly resource?: string | undefined;
  /** A short verb: `read`, `login`, `grant`. */
  readonly action?: string | undefined;
  /** Default `success`. */
  readonly status?: AuditEventStatus | undefined;
  /** Default `info` for a success, `warning` for a failure. */
  readonly severity?: AuditEventSeverity | undefined;
  /** Free-form JSON; secret-looking keys and values are redacted before hashing. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One stored record of the chain. `hash` is HMAC-SHA-256 over the RFC 8785 form of every other
 * field, so `prevHash` ties it to its predecessor and `seq` to its place.
 */
export interface AuditRecord {
  /** 1: written before key ids existed (verified with the legacy key); 2: carries `kid`. */
  readonly v: 1 | 2;
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds; never earlier than the previous record's time. */
  readonly time: string;
  readonly type: AuditEventType;
  readonly severity: AuditEventSeverity;
  readonly status: AuditEventStatus;
  readonly userId: string | null;
  readonly resource: string | null;
  readonly action: string | null;
  readonly details: { readonly [key: string]: CanonicalValue };
  readonly prevHash: string;
  /** Id of the HMAC key that wrote the record (`auditKeyId`); absent in version 1 records. */
  readonly kid?: string;
  readonly hash: string;
}
