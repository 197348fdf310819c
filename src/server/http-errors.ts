/**
 * How errors become HTTP answers. One table maps Veil's error classes and codes to status codes;
 * every body is `{ error: CODE, message }` with a message that names where (for schema errors the
 * field path) and never a stack trace, a request value, a token or a record.
 */
import type { FastifyError } from 'fastify';
import { AccountError } from '../errors/account-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { AuthorizationError } from '../errors/authorization-error.js';
import { ComplianceError } from '../errors/compliance-error.js';
import { DsarError } from '../errors/dsar-error.js';
import { QueueError } from '../errors/queue-error.js';
import { ServerError } from '../errors/server-error.js';
import { VeilError } from '../errors/veil-error.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

export interface HttpFailure {
  readonly status: number;
  readonly body: ErrorBody;
  /** Extra response headers (`WWW-Authenticate` on 401). */
  readonly headers?: Readonly<Record<string, string>>;
}

interface AjvIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** `body.record.name` style path of an Ajv issue; property names are the caller's keys, not values. */
export function fieldOfIssue(context: string, issue: AjvIssue): string {
  const segments = (issue.instancePath ?? '')
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = issue.params?.['missingProperty'];
  if (issue.keyword === 'required' && typeof missing === 'string') segments.push(missing);
  const extra = issue.params?.['additionalProperty'];
  if (issue.keyword === 'additionalProperties' && typeof extra === 'string') segments.push(extra);
  const path = segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.slice(0, 64)}`)).join('');
  return `${context}${path}`;
}

function issueMessage(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed';
    default:
      // Ajv's own messages state the rule ("must be string", "must NOT have more than 10
      // characters", "must be equal to one of the allowed values"), never the offending value.
      return issue.message ?? 'is invalid';
  }
}

const FASTIFY_CODES: Readonly<Record<string, ErrorBody & { status: number }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'VEIL_HTTP_TOO_LARGE', message: 'body: larger than the size limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, error: 'VEIL_HTTP_MEDIA_TYPE', message: 'body: expected application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'VEIL_HTTP_VALIDATION', message: 'body: empty JSON body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, error: 'VEIL_HTTP_VALIDATION', message: 'body: content length does not match' },
};

/** Maps any thrown value to a status and a safe body. */
export function toHttpFailure(error: unknown): HttpFailure {
  const fe = error as Partial<FastifyError> & { validation?: AjvIssue[]; validationContext?: string };
  if (Array.isArray(fe.validation) && fe.validation.length > 0) {
    const issue = fe.validation[0] as AjvIssue;
    const field = fieldOfIssue(fe.validationContext ?? 'body', issue);
    return { status: 400, body: { error: 'VEIL_HTTP_VALIDATION', message: `${field}: ${issueMessage(issue)}` } };
  }
  if (error instanceof AuthenticationError) {
    const locked = error.code === 'VEIL_AUTH_ACCOUNT_LOCKED';
    return {
      status: locked ? 423 : 401,
      body: { error: error.code, message: error.message },
      headers: { 'www-authenticate': 'Bearer realm="veil"' },
    };
  }
  if (error instanceof AuthorizationError) {
    return { status: 403, body: { error: error.code, message: 'not permitted' } };
  }
  if (error instanceof DsarError) {
    const status =
      error.code === 'VEIL_DSAR_NOT_FOUND'
        ? 404
        : error.code === 'VEIL_DSAR_TRANSITION' || error.code === 'VEIL_DSAR_EXTENSION'
          ? 409
          : error.code === 'VEIL_DSAR_CODE_EXPIRED'
            ? 410
            : 400;
    return { status, body: { error: error.code, message: error.message } };
  }
  if (error instanceof ComplianceError) {
    const status = error.code === 'VEIL_COMPLIANCE_NOT_FOUND' ? 404 : 400;
    return { status, body: { error: error.code, message: error.message } };
  }
  if (error instanceof AccountError) {
    const status = error.code === 'VEIL_ACCOUNT_NOT_FOUND' ? 404 : error.code === 'VEIL_ACCOUNT_CONFLICT' ? 409 : 400;
    return { status, body: { error: error.code, message: error.message } };
  }
  if (error instanceof ServerError && error.code === 'VEIL_HTTP_NOT_FOUND') {
    return { status: 404, body: { error: error.code, message: error.message } };
  }
  if (error instanceof QueueError) {
    // The queue could not be reached or refused the job: not the caller's fault.
    return { status: 503, body: { error: error.code, message: 'the run queue is unavailable' } };
  }
  if (error instanceof VeilError) {
    // Other Veil errors reached through request options (a bad operator, an unknown entity
    // type): the caller's input, and Veil messages never carry values.
    return { status: 400, body: { error: error.code, message: error.message } };
  }
  if (typeof fe.code === 'string') {
    const known = FASTIFY_CODES[fe.code];
    if (known !== undefined) return { status: known.status, body: { error: known.error, message: known.message } };
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe.code.startsWith('FST_ERR_CTP'))) {
      // JSON.parse messages quote the body: never pass them on.
      return { status: 400, body: { error: 'VEIL_HTTP_VALIDATION', message: 'body: not valid JSON' } };
    }
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (error instanceof SyntaxError && statusCode === 400) {
    return { status: 400, body: { error: 'VEIL_HTTP_VALIDATION', message: 'body: not valid JSON' } };
  }
  if (statusCode === 429) {
    return { status: 429, body: { error: 'VEIL_HTTP_RATE_LIMITED', message: 'too many requests: try again later' } };
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { error: 'VEIL_HTTP_BAD_REQUEST', message: 'request refused' } };
  }
  return { status: 500, body: { error: 'VEIL_HTTP_INTERNAL', message: 'internal error' } };
}
