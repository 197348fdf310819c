import { VeilError } from './veil-error.js';

/**
 * The audit log refused a call: an event that does not fit the schema (`VEIL_AUDIT_INPUT`, naming
 * the field), a missing or unusable key (`VEIL_AUDIT_KEY`), or a malformed checkpoint or cursor
 * (`VEIL_AUDIT_FORMAT`). A failed integrity check is not an error: `verify()` returns a report.
 */
export class AuditError extends VeilError {
  constructor(
    code: 'VEIL_AUDIT_INPUT' | 'VEIL_AUDIT_KEY' | 'VEIL_AUDIT_FORMAT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
