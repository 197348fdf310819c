import { VeilError } from './veil-error.js';

/**
 * A compliance operation was refused: unknown requirement or framework, a status change without
 * the justification it needs, unreadable evidence. Codes: `VEIL_COMPLIANCE_INPUT`,
 * `VEIL_COMPLIANCE_NOT_FOUND`, `VEIL_COMPLIANCE_EVIDENCE`.
 */
export class ComplianceError extends VeilError {}
