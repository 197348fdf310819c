/**
 * User records as stored, and the public view handed to callers (no password hash, no MFA
 * material). Username and email are unique case-insensitively: both are indexed by their
 * {@link identityKey}.
 */
import type { AuthRole, PermissionGrants } from './roles.js';

/** Account state. `locked` is temporary (lockout) and ends by itself at `lockedUntil`. */
export type UserState = 'active' | 'disabled' | 'locked';

/** MFA material as stored: the TOTP secret sealed with the MFA key, recovery codes as HMACs. */
export interface StoredMfa {
  readonly sealedSecret: string;
  readonly enabled: boolean;
  readonly lastUsedStep: number;
  readonly recoveryCodes: readonly string[];
}

/** The stored record (sub-database `auth-users`, keyed by id). */
export interface StoredUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly roles: readonly AuthRole[];
  readonly grants: PermissionGrants;
  readonly state: UserState;
  readonly passwordHash: string;
  readonly failedLogins: number;
  /** Epoch ms when a lockout ends; null when not locked. */
  readonly lockedUntil: number | null;
  /** Raised by a password change, disable or `revokeAllSessions`: older tokens stop working. */
  readonly sessionVersion: number;
  readonly mfa: StoredMfa | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What callers see of a user. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly roles: readonly AuthRole[];
  readonly grants: PermissionGrants;
  readonly state: UserState;
  readonly lockedUntil: string | null;
  readonly mfaEnabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The case-insensitive identity of a username or email: NFKC, then lower case. */
export function identityKey(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

/** The public view of a stored user; `now` decides whether a lockout is still running. */
export function publicUser(user: StoredUser, now: number): User {
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    roles: [...user.roles],
    grants: Object.fromEntries(Object.entries(user.grants).map(([k, v]) => [k, [...v]])),
    state: user.state === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? new Date(user.lockedUntil!).toISOString() : null,
    mfaEnabled: user.mfa?.enabled === true,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
