/**
 * Maps audit records to OCSF-shaped events (Open Cybersecurity Schema Framework 1.1) for a SIEM:
 * Account Change (3001), Authentication (3002), API Activity (6003) and Datastore Activity (6005).
 * "Shaped" because only the base attributes and the actor are filled; Veil's own fields travel in
 * `unmapped`, and the chain position in `metadata` so an analyst can go back to the record.
 */
import type { AuditEventSeverity, AuditEventType, AuditRecord } from './audit-event.js';

interface OcsfClass {
  readonly classUid: number;
  readonly className: string;
  readonly categoryUid: number;
  readonly categoryName: string;
}

const ACCOUNT_CHANGE: OcsfClass = {
  classUid: 3001,
  className: 'Account Change',
  categoryUid: 3,
  categoryName: 'Identity & Access Management',
};
const AUTHENTICATION: OcsfClass = {
  ...ACCOUNT_CHANGE,
  classUid: 3002,
  className: 'Authentication',
};
const API_ACTIVITY: OcsfClass = {
  classUid: 6003,
  className: 'API Activity',
  categoryUid: 6,
  categoryName: 'Application Activity',
};
const DATASTORE_ACTIVITY: OcsfClass = {
  ...API_ACTIVITY,
  classUid: 6005,
  className: 'Datastore Activity',
};

// [class, activity_id, activity_name] per event type; activity ids from each class's enum.
const MAPPING: Record<AuditEventType, readonly [OcsfClass, number, string]> = {
  user_login: [AUTHENTICATION, 1, 'Logon'],
  user_logout: [AUTHENTICATION, 2, 'Logoff'],
  login_failed: [AUTHENTICATION, 1, 'Logon'],
  mfa_challenge: [AUTHENTICATION, 99, 'Other'],
  token_refreshed: [AUTHENTICATION, 3, 'Authentication Ticket'],
  token_revoked: [AUTHENTICATION, 99, 'Other'],
  token_reuse_detected: [AUTHENTICATION, 99, 'Other'],
  user_created: [ACCOUNT_CHANGE, 1, 'Create'],
  user_enabled: [ACCOUNT_CHANGE, 2, 'Enable'],
  password_changed: [ACCOUNT_CHANGE, 3, 'Password Change'],
  user_disabled: [ACCOUNT_CHANGE, 5, 'Disable'],
  user_deleted: [ACCOUNT_CHANGE, 6, 'Delete'],
  permission_granted: [ACCOUNT_CHANGE, 7, 'Attach Policy'],
  permission_revoked: [ACCOUNT_CHANGE, 8, 'Detach Policy'],
  account_locked: [ACCOUNT_CHANGE, 9, 'Lock'],
  mfa_enabled: [ACCOUNT_CHANGE, 10, 'MFA Factor Enable'],
  mfa_disabled: [ACCOUNT_CHANGE, 11, 'MFA Factor Disable'],
  account_unlocked: [ACCOUNT_CHANGE, 99, 'Other'],
  user_updated: [ACCOUNT_CHANGE, 99, 'Other'],
  data_access: [DATASTORE_ACTIVITY, 1, 'Read'],
  data_modification: [DATASTORE_ACTIVITY, 2, 'Update'],
  data_export: [DATASTORE_ACTIVITY, 4, 'Query'],
  data_deletion: [DATASTORE_ACTIVITY, 7, 'Delete'],
  encryption: [DATASTORE_ACTIVITY, 9, 'Encrypt'],
  decryption: [DATASTORE_ACTIVITY, 10, 'Decrypt'],
  pipeline_run: [API_ACTIVITY, 99, 'Other'],
  key_created: [API_ACTIVITY, 1, 'Create'],
  key_rotated: [API_ACTIVITY, 3, 'Update'],
  key_destroyed: [API_ACTIVITY, 4, 'Delete'],
  dsar_received: [API_ACTIVITY, 1, 'Create'],
  dsar_fulfilled: [API_ACTIVITY, 3, 'Update'],
  dsar_transition: [API_ACTIVITY, 3, 'Update'],
  compliance_check: [API_ACTIVITY, 2, 'Read'],
  compliance_change: [API_ACTIVITY, 3, 'Update'],
  config_change: [API_ACTIVITY, 3, 'Update'],
  security_alert: [API_ACTIVITY, 99, 'Other'],
  audit_checkpoint: [API_ACTIVITY, 1, 'Create'],
  audit_retention: [API_ACTIVITY, 4, 'Delete'],
  audit_export: [API_ACTIVITY, 2, 'Read'],
};

const SEVERITY: Record<AuditEventSeverity, readonly [number, string]> = {
  info: [1, 'Informational'],
  warning: [3, 'Medium'],
  error: [4, 'High'],
  critical: [5, 'Critical'],
};

/** One OCSF-shaped event (a plain JSON object). */
export type OcsfEvent = Record<string, unknown>;

/** Converts one audit record to an OCSF-shaped event. */
export function toOcsf(record: AuditRecord): OcsfEvent {
  const [ocsfClass, activityId, activityName] = MAPPING[record.type];
  const [severityId, severityName] = SEVERITY[record.severity];
  const success = record.status === 'success';
  return {
    class_uid: ocsfClass.classUid,
    class_name: ocsfClass.className,
    category_uid: ocsfClass.categoryUid,
    category_name: ocsfClass.categoryName,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: ocsfClass.classUid * 100 + activityId,
    time: Date.parse(record.time),
    severity_id: severityId,
    severity: severityName,
    status_id: success ? 1 : 2,
    status: success ? 'Success' : 'Failure',
    message: `${record.type}${record.action === null ? '' : ` ${record.action}`}`,
    ...(record.userId === null ? {} : { actor: { user: { uid: record.userId } } }),
    metadata: {
      version: '1.1.0',
      product: { name: 'Veil', vendor_name: 'Veil' },
      uid: String(record.seq),
      log_name: 'veil-audit',
      correlation_uid: record.hash,
    },
    unmapped: {
      veil_type: record.type,
      resource: record.resource,
      action: record.action,
      details: record.details,
    },
  };
}
