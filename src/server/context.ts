/**
 * What every route module receives: the managers the server was built with. Optional managers
 * leave their routes out (a server without a DsarManager has no DSAR routes).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ComplianceManager } from '../compliance/compliance-manager.js';
import type { DsarManager } from '../dsar/dsar-manager.js';
import type { DataSubjectRequest } from '../dsar/request.js';
import type { AuditLogger } from '../security/audit/audit-logger.js';
import type { AuthManager } from '../security/auth/auth-manager.js';
import type { PrivacyRunner } from './privacy-task.js';

/** Delivers a DSAR verification code to the data subject (email, SMS...). */
export type CodeChannel = (delivery: {
  readonly request: DataSubjectRequest;
  readonly code: string;
  readonly log: FastifyBaseLogger;
}) => Promise<void> | void;

export interface ServerServices {
  readonly auth: AuthManager;
  readonly audit: AuditLogger;
  /** Where detect/anonymize work runs (event loop or worker pool). */
  readonly privacy: PrivacyRunner;
  readonly dsar?: DsarManager | undefined;
  readonly compliance?: ComplianceManager | undefined;
  /** Key of the subject's DSAR status tokens (HMAC-SHA-256), at least 32 bytes. */
  readonly dsarStatusKey: Uint8Array;
  readonly codeChannel: CodeChannel;
  /**
   * Fulfils a verified request over the registered datasets (queued on BullMQ when Redis is
   * configured, in this process otherwise). Absent: staff record a summary of work done by hand.
   */
  readonly dsarFulfilment?: DsarFulfilment | undefined;
}

/** Starts fulfilment of a request; resolves with how it was started. */
export type DsarFulfilment = (
  requestId: string,
  options: { readonly recipientPublicKey?: string },
) => Promise<{ readonly mode: 'queued' | 'local' }>;
