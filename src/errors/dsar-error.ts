import { VeilError } from './veil-error.js';

/**
 * A data-subject request operation was refused. Codes: `VEIL_DSAR_INPUT`, `VEIL_DSAR_NOT_FOUND`,
 * `VEIL_DSAR_TRANSITION` (illegal or final-state change), `VEIL_DSAR_EXTENSION`,
 * `VEIL_DSAR_CODE_INVALID`, `VEIL_DSAR_CODE_EXPIRED`, `VEIL_DSAR_FULFIL`.
 * Messages never carry the subject's identifiers or a verification code.
 */
export class DsarError extends VeilError {}
