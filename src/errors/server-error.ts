import { VeilError } from './veil-error.js';

/**
 * The HTTP server was misconfigured or refused a request for a reason of its own (not one of a
 * manager's errors). Codes: `VEIL_SERVER_CONFIG`, `VEIL_HTTP_NOT_FOUND`, `VEIL_HTTP_BAD_REQUEST`.
 */
export class ServerError extends VeilError {}
