import { VeilError } from './veil-error.js';

/**
 * Stable codes of {@link AuthenticationError}. Callers map every one of them to HTTP 401 (or 423
 * for a locked account if they choose to reveal it); the message is for logs and never carries a
 * token, a password or a claim value.
 */
export type AuthenticationErrorCode =
  /** Not a compact JWS: wrong type, segment count or base64url; header or payload not JSON. */
  | 'VEIL_AUTH_TOKEN_MALFORMED'
  /** The header's `alg` is not the one this service accepts (covers `none` and key confusion). */
  | 'VEIL_AUTH_TOKEN_ALGORITHM'
  /**
   * The header has a `crit` parameter: it names extensions that must be understood (RFC 7515
   * section 4.1.11) and Veil understands none, so the token is refused whatever `crit` holds.
   */
  | 'VEIL_AUTH_TOKEN_CRITICAL'
  /** The signature does not verify with the configured key. */
  | 'VEIL_AUTH_TOKEN_SIGNATURE'
  /** `exp` is past (after the clock tolerance), or the token is older than its lifetime. */
  | 'VEIL_AUTH_TOKEN_EXPIRED'
  /** `nbf` is in the future. */
  | 'VEIL_AUTH_TOKEN_NOT_ACTIVE'
  /** A required claim is missing or wrong: `exp`, `iat`, `jti`, `sub`, `iss`, `aud` or `typ`. */
  | 'VEIL_AUTH_TOKEN_CLAIMS'
  /** Revoked by id, by family, by a per-user session reset (password change, disable). */
  | 'VEIL_AUTH_TOKEN_REVOKED'
  /** A refresh token was presented a second time; its whole family is now revoked. */
  | 'VEIL_AUTH_TOKEN_REUSED'
  /** Unknown user or wrong password (deliberately the same code and message). */
  | 'VEIL_AUTH_INVALID_CREDENTIALS'
  /** Too many failed logins: the account is locked until the lockout period ends. */
  | 'VEIL_AUTH_ACCOUNT_LOCKED'
  /** The account is disabled. */
  | 'VEIL_AUTH_ACCOUNT_DISABLED'
  /** The password was right and the account has MFA: a TOTP or recovery code is needed. */
  | 'VEIL_AUTH_MFA_REQUIRED'
  /** The TOTP or recovery code is wrong, already used, or outside the accepted time window. */
  | 'VEIL_AUTH_MFA_INVALID';

/**
 * Authentication failed: a token or a credential was not accepted. Every failure of the JWT layer
 * (including `SyntaxError`s and `TypeError`s from parsing hostile input) is mapped to this one
 * class so that a caller's `instanceof AuthenticationError` check is complete.
 */
export class AuthenticationError extends VeilError {
  declare readonly code: AuthenticationErrorCode;

  constructor(code: AuthenticationErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
