import { VeilError } from './veil-error.js';

/**
 * An authenticated user lacks a permission. Code `VEIL_AUTHZ_DENIED`; the message names the user
 * id, the resource and the permission (none of which is secret), so it is safe to log and to
 * return as an HTTP 403 body.
 */
export class AuthorizationError extends VeilError {
  declare readonly code: 'VEIL_AUTHZ_DENIED';
  readonly userId: string;
  readonly resource: string;
  readonly permission: string;

  constructor(userId: string, resource: string, permission: string) {
    super('VEIL_AUTHZ_DENIED', `user ${userId} lacks ${permission} on ${resource}`);
    this.userId = userId;
    this.resource = resource;
    this.permission = permission;
  }
}
