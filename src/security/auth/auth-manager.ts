/**
 * Users, passwords, sessions and permissions, stored in the shared LMDB environment.
 *
 * Sub-databases: `auth-users` (id -> StoredUser), `auth-usernames` and `auth-emails`
 * (identity key -> id, the unique indexes), `auth-refresh` (refresh token id -> its family and
 * whether it was used), `auth-families` (family id -> revoked flag), `auth-revoked` (revoked token
 * ids -> expiry). Every read-check-write (unique create, failure counting, refresh rotation) runs
 * in one LMDB write transaction, so it is atomic across threads and processes.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import type { Database, RootDatabase } from 'lmdb';
import { AccountError } from '../../errors/account-error.js';
import { AuthenticationError } from '../../errors/authentication-error.js';
import { AuthorizationError } from '../../errors/authorization-error.js';
import { SecurityConfigError } from '../../errors/security-config-error.js';
import { openStore, openSubDatabase } from '../../store/environment.js';
import { loadSecret } from '../key-material.js';
import type { AuditEventInput } from '../audit/audit-event.js';
import type { AuditLogger } from '../audit/audit-logger.js';
import { PasswordHasher } from './password-hasher.js';
import { assertPasswordPolicy } from './password-policy.js';
import {
  RESOURCE_NAME,
  Resource,
  isAuthRole,
  isPermission,
  permits,
  type AuthRole,
  type Permission,
  type PermissionGrants,
} from './roles.js';
import { TokenCodec, type TokenClaims, type TokenCodecOptions } from './token-codec.js';
import { base32Decode, base32Encode, otpauthUri, verifyTotp } from './totp.js';
import { identityKey, publicUser, type StoredUser, type User } from './user.js';

/** Lockout policy: after `maxFailures` consecutive failures the account locks for `lockMinutes`. */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMinutes: number;
}

/** Options of {@link AuthManager}. */
export interface AuthManagerOptions {
  /** The LMDB environment (from `openStore`) or its path. */
  readonly store: RootDatabase | string;
  /** A token codec, or the options to build one (issuer, audience, key...). */
  readonly tokens: TokenCodec | TokenCodecOptions;
  /** Where authentication events go; recommended. */
  readonly audit?: AuditLogger | undefined;
  /** Default 10 failures, 30 minutes. */
  readonly lockout?: Partial<LockoutPolicy> | undefined;
  /** scrypt cost; never below N = 2^17, r = 8, p = 1. */
  readonly passwordHasher?: PasswordHasher | undefined;
  /** 32-byte key sealing TOTP secrets and keying recovery-code hashes; MFA is off without it. */
  readonly mfaKey?: Uint8Array | undefined;
  /** Issuer name shown by authenticator apps (default `Veil`). */
  readonly mfaIssuer?: string | undefined;
  /** Clock in epoch milliseconds (tests inject one). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Input of {@link AuthManager.createUser}. */
export interface CreateUserInput {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly roles?: readonly AuthRole[] | undefined;
  readonly grants?: PermissionGrants | undefined;
  /** Who creates the user, for the audit trail. */
  readonly actorId?: string | undefined;
}

/** Input of {@link AuthManager.login}. */
export interface LoginInput {
  /** Username or email. */
  readonly username: string;
  readonly password: string;
  /** TOTP code, when the account has MFA. */
  readonly totp?: string | undefined;
  /** A one-time recovery code instead of the TOTP code. */
  readonly recoveryCode?: string | undefined;
}

/** Tokens issued by login and refresh. */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Access token lifetime in seconds. */
  readonly expiresIn: number;
  readonly tokenType: 'Bearer';
}

/** A successful login. */
export interface LoginResult extends TokenPair {
  readonly user: User;
}

/** What a verified access token proves. */
export interface Session {
  readonly user: User;
  readonly claims: TokenClaims;
}

/** A user reference: the id or anything with one. */
export type UserRef = string | { readonly id: string };

/** Options of {@link AuthManager.logout}. */
export interface LogoutOptions {
  /**
   * The caller's access token (the bearer token of the logout request). When given, it is
   * verified first; the refresh token must then belong to the same user, unless the caller holds
   * `manage` on `users` (an administrator ending someone else's session). The caller's own access
   * token is revoked too, until it expires, when the session it ends is the caller's.
   */
  readonly accessToken?: unknown;
}

interface RefreshRecord {
  readonly family: string;
  readonly userId: string;
  readonly used: boolean;
  readonly expiresAt: number;
}

interface FamilyRecord {
  readonly userId: string;
  readonly revoked: boolean;
  readonly expiresAt: number;
}

const USERNAME = /^[\p{L}\p{N}._-]{3,64}$/u;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,63}$/;
const RECOVERY_CODES = 10;

function refOf(user: UserRef): string {
  const id = typeof user === 'string' ? user : user?.id;
  if (typeof id !== 'string' || id.length === 0)
    throw new AccountError('VEIL_ACCOUNT_INPUT', 'user: expected a user id');
  return id;
}

function checkGrants(grants: unknown, field: string): PermissionGrants {
  if (grants === undefined) return {};
  if (grants === null || typeof grants !== 'object' || Array.isArray(grants)) {
    throw new AccountError(
      'VEIL_ACCOUNT_INPUT',
      `${field}: expected { resource: [permission, ...] }`,
    );
  }
  const out: Record<string, Permission[]> = {};
  for (const [resource, permissions] of Object.entries(grants)) {
    if (!RESOURCE_NAME.test(resource))
      throw new AccountError('VEIL_ACCOUNT_INPUT', `${field}: invalid resource name`);
    if (!Array.isArray(permissions) || !permissions.every(isPermission)) {
      throw new AccountError('VEIL_ACCOUNT_INPUT', `${field}.${resource}: unknown permission`);
    }
    out[resource] = [...new Set(permissions)];
  }
  return out;
}

function checkRoles(roles: unknown): AuthRole[] {
  if (roles === undefined) return ['user'];
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isAuthRole)) {
    throw new AccountError('VEIL_ACCOUNT_INPUT', 'roles: expected a non-empty list of known roles');
  }
  return [...new Set(roles)];
}

function invalidCredentials(): AuthenticationError {
  return new AuthenticationError('VEIL_AUTH_INVALID_CREDENTIALS', 'invalid username or password');
}

/**
 * Authentication and authorization for Veil.
 *
 * @example
 * const auth = AuthManager.fromEnvironment({ store: openStore(), audit });
 * await auth.createUser({ username: 'ada', email: 'ada@example.com', password, roles: ['operator'] });
 * const { accessToken } = await auth.login({ username: 'ada', password });
 * const { user } = await auth.verifyAccessToken(accessToken);
 * await auth.requirePermission({ user, resource: 'pipelines', permission: 'execute' });
 */
export class AuthManager {
  readonly root: RootDatabase;
  readonly tokens: TokenCodec;
  readonly lockout: LockoutPolicy;
  /** @internal */ readonly users: Database<StoredUser, string>;
  readonly #usernames: Database<string, string>;
  readonly #emails: Database<string, string>;
  readonly #refresh: Database<RefreshRecord, string>;
  readonly #families: Database<FamilyRecord, string>;
  readonly #revoked: Database<number, string>;
  readonly #hasher: PasswordHasher;
  readonly #audit: AuditLogger | undefined;
  readonly #mfaKey: Uint8Array | undefined;
  readonly #mfaIssuer: string;
  readonly #now: () => number;
  #dummyHash: string | undefined;

  constructor(options: AuthManagerOptions) {
    this.root = typeof options.store === 'string' ? openStore(options.store) : options.store;
    this.tokens =
      options.tokens instanceof TokenCodec ? options.tokens : new TokenCodec(options.tokens);
    const maxFailures = options.lockout?.maxFailures ?? 10;
    const lockMinutes = options.lockout?.lockMinutes ?? 30;
    if (
      !Number.isSafeInteger(maxFailures) ||
      maxFailures < 1 ||
      !Number.isFinite(lockMinutes) ||
      lockMinutes <= 0
    ) {
      throw new SecurityConfigError(
        'lockout: maxFailures must be a positive integer, lockMinutes a positive number',
      );
    }
    this.lockout = { maxFailures, lockMinutes };
    if (
      options.mfaKey !== undefined &&
      (!(options.mfaKey instanceof Uint8Array) || options.mfaKey.length !== 32)
    ) {
      throw new SecurityConfigError('mfaKey: exactly 32 bytes are required');
    }
    this.users = openSubDatabase<StoredUser, string>(this.root, 'auth-users');
    this.#usernames = openSubDatabase<string, string>(this.root, 'auth-usernames');
    this.#emails = openSubDatabase<string, string>(this.root, 'auth-emails');
    this.#refresh = openSubDatabase<RefreshRecord, string>(this.root, 'auth-refresh');
    this.#families = openSubDatabase<FamilyRecord, string>(this.root, 'auth-families');
    this.#revoked = openSubDatabase<number, string>(this.root, 'auth-revoked');
    this.#hasher = options.passwordHasher ?? new PasswordHasher();
    this.#audit = options.audit;
    this.#mfaKey = options.mfaKey === undefined ? undefined : Uint8Array.from(options.mfaKey);
    this.#mfaIssuer = options.mfaIssuer ?? 'Veil';
    this.#now = options.now ?? Date.now;
  }

  /**
   * Builds a manager from the environment. HS256 (default): `VEIL_JWT_SECRET` (>= 32 bytes).
   * RS256/ES256 (`VEIL_JWT_ALGORITHM`): `VEIL_JWT_PRIVATE_KEY` and/or `VEIL_JWT_PUBLIC_KEY` (PEM).
   * `VEIL_JWT_ISSUER` / `VEIL_JWT_AUDIENCE` default to `veil` / `veil-api`. `VEIL_MFA_KEY`
   * (32 bytes) enables MFA. Each secret may also come from a 0600 file named by `NAME_FILE`.
   */
  static fromEnvironment(
    options: Omit<AuthManagerOptions, 'tokens' | 'mfaKey'> & {
      tokens?: Partial<TokenCodecOptions>;
    },
    environment: NodeJS.ProcessEnv = process.env,
  ): AuthManager {
    const algorithm = (environment['VEIL_JWT_ALGORITHM'] ??
      'HS256') as TokenCodecOptions['algorithm'];
    const text = (name: string): string | undefined => {
      const bytes = loadSecret(name, environment);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    };
    const secret = algorithm === 'HS256' ? loadSecret('VEIL_JWT_SECRET', environment) : undefined;
    if (algorithm === 'HS256' && secret === undefined) {
      throw new SecurityConfigError('set VEIL_JWT_SECRET or VEIL_JWT_SECRET_FILE (>= 32 bytes)');
    }
    const tokens: TokenCodecOptions = {
      algorithm,
      secret,
      privateKey: algorithm === 'HS256' ? undefined : text('VEIL_JWT_PRIVATE_KEY'),
      publicKey: algorithm === 'HS256' ? undefined : text('VEIL_JWT_PUBLIC_KEY'),
      issuer: environment['VEIL_JWT_ISSUER'] ?? 'veil',
      audience: environment['VEIL_JWT_AUDIENCE'] ?? 'veil-api',
      ...options.tokens,
    };
    return new AuthManager({ ...options, tokens, mfaKey: loadSecret('VEIL_MFA_KEY', environment) });
  }

  // ---------------------------------------------------------------- users

  /** Creates a user; the username and email must be free (case-insensitively). */
  async createUser(input: CreateUserInput): Promise<User> {
    const username = typeof input?.username === 'string' ? input.username.normalize('NFKC') : '';
    if (!USERNAME.test(username)) {
      throw new AccountError(
        'VEIL_ACCOUNT_INPUT',
        'username: 3..64 letters, digits, ".", "_" or "-"',
      );
    }
    const email = typeof input.email === 'string' ? input.email.normalize('NFKC') : '';
    if (!EMAIL.test(email))
      throw new AccountError('VEIL_ACCOUNT_INPUT', 'email: not an email address');
    assertPasswordPolicy(input.password, [username, email.split('@')[0] ?? '', 'veil']);
    const roles = checkRoles(input.roles);
    const grants = checkGrants(input.grants, 'grants');
    // Fast refusal before spending a scrypt; the transaction below re-checks atomically.
    if (this.#usernames.get(identityKey(username)) !== undefined) {
      throw new AccountError('VEIL_ACCOUNT_CONFLICT', 'username: already taken');
    }
    if (this.#emails.get(identityKey(email)) !== undefined)
      throw new AccountError('VEIL_ACCOUNT_CONFLICT', 'email: already taken');
    const passwordHash = await this.#hasher.hash(input.password);

    const nowIso = new Date(this.#now()).toISOString();
    const user: StoredUser = {
      id: randomUUID(),
      username,
      email,
      roles,
      grants,
      state: 'active',
      passwordHash,
      failedLogins: 0,
      lockedUntil: null,
      sessionVersion: 0,
      mfa: null,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    const outcome = await this.root.transaction(() => {
      if (this.#usernames.get(identityKey(username)) !== undefined) return 'username';
      if (this.#emails.get(identityKey(email)) !== undefined) return 'email';
      this.#usernames.put(identityKey(username), user.id);
      this.#emails.put(identityKey(email), user.id);
      this.users.put(user.id, user);
      return 'created';
    });
    if (outcome !== 'created')
      throw new AccountError('VEIL_ACCOUNT_CONFLICT', `${outcome}: already taken`);
    await this.#log({
      type: 'user_created',
      userId: input.actorId,
      resource: `user:${user.id}`,
      action: 'create',
      details: { roles },
    });
    return publicUser(user, this.#now());
  }

  /** The user with this id, or undefined. */
  getUser(id: string): User | undefined {
    const user = this.users.get(id);
    return user === undefined ? undefined : publicUser(user, this.#now());
  }

  /** The user with this username or email (case-insensitive), or undefined. */
  findUser(usernameOrEmail: string): User | undefined {
    const id = this.#lookup(usernameOrEmail);
    return id === undefined ? undefined : this.getUser(id);
  }

  /** Every user, ordered by id. */
  listUsers(): User[] {
    const now = this.#now();
    return [...this.users.getRange({}).map(({ value }) => publicUser(value, now))];
  }

  /** Changes email, roles or grants (whole replacement of each given field). */
  async updateUser(
    user: UserRef,
    changes: { email?: string; roles?: readonly AuthRole[]; grants?: PermissionGrants },
    actorId?: string,
  ): Promise<User> {
    const id = refOf(user);
    const email = changes.email?.normalize('NFKC');
    if (email !== undefined && !EMAIL.test(email))
      throw new AccountError('VEIL_ACCOUNT_INPUT', 'email: not an email address');
    const roles = changes.roles === undefined ? undefined : checkRoles(changes.roles);
    const grants = changes.grants === undefined ? undefined : checkGrants(changes.grants, 'grants');
    const updated = await this.#update(id, (current) => {
      if (email !== undefined && identityKey(email) !== identityKey(current.email)) {
        if (this.#emails.get(identityKey(email)) !== undefined) return 'conflict';
        this.#emails.remove(identityKey(current.email));
        this.#emails.put(identityKey(email), id);
      }
      return {
        ...current,
        ...(email === undefined ? {} : { email }),
        ...(roles === undefined ? {} : { roles }),
        ...(grants === undefined ? {} : { grants }),
      };
    });
    await this.#log({
      type: 'user_updated',
      userId: actorId,
      resource: `user:${id}`,
      action: 'update',
      details: { fields: Object.keys(changes) },
    });
    return updated;
  }

  /** Disables a user and ends every session (tokens stop verifying at once). */
  async disableUser(user: UserRef, actorId?: string): Promise<User> {
    const id = refOf(user);
    const updated = await this.#update(id, (current) => ({
      ...current,
      state: 'disabled',
      sessionVersion: current.sessionVersion + 1,
    }));
    await this.#log({
      type: 'user_disabled',
      userId: actorId,
      resource: `user:${id}`,
      action: 'disable',
    });
    return updated;
  }

  /** Re-enables a disabled user (and clears any lockout). */
  async enableUser(user: UserRef, actorId?: string): Promise<User> {
    const id = refOf(user);
    const updated = await this.#update(id, (current) => ({
      ...current,
      state: 'active',
      failedLogins: 0,
      lockedUntil: null,
    }));
    await this.#log({
      type: 'user_enabled',
      userId: actorId,
      resource: `user:${id}`,
      action: 'enable',
    });
    return updated;
  }

  /** Ends a lockout early. */
  async unlockUser(user: UserRef, actorId?: string): Promise<User> {
    const id = refOf(user);
    const updated = await this.#update(id, (current) => ({
      ...current,
      failedLogins: 0,
      lockedUntil: null,
      state: current.state === 'disabled' ? 'disabled' : 'active',
    }));
    await this.#log({
      type: 'account_unlocked',
      userId: actorId,
      resource: `user:${id}`,
      action: 'unlock',
    });
    return updated;
  }

  /** Deletes a user and frees the username and email. */
  async deleteUser(user: UserRef, actorId?: string): Promise<void> {
    const id = refOf(user);
    const found = await this.root.transaction(() => {
      const current = this.users.get(id);
      if (current === undefined) return false;
      this.#usernames.remove(identityKey(current.username));
      this.#emails.remove(identityKey(current.email));
      this.users.remove(id);
      return true;
    });
    if (!found) throw new AccountError('VEIL_ACCOUNT_NOT_FOUND', `user ${id} not found`);
    await this.#log({
      type: 'user_deleted',
      userId: actorId,
      resource: `user:${id}`,
      action: 'delete',
    });
  }

  /**
   * Sets a new password (policy-checked) and ends every session. When `currentPassword` is
   * given it must match (self-service); administrators omit it.
   */
  async changePassword(
    user: UserRef,
    newPassword: string,
    options: { currentPassword?: string; actorId?: string } = {},
  ): Promise<void> {
    const id = refOf(user);
    assertPasswordPolicy(newPassword);
    const stored = this.users.get(id);
    if (stored === undefined)
      throw new AccountError('VEIL_ACCOUNT_NOT_FOUND', `user ${id} not found`);
    assertPasswordPolicy(newPassword, [stored.username, stored.email.split('@')[0] ?? '', 'veil']);
    if (
      options.currentPassword !== undefined &&
      !(await this.#hasher.verify(stored.passwordHash, options.currentPassword))
    ) {
      throw invalidCredentials();
    }
    const passwordHash = await this.#hasher.hash(newPassword);
    await this.#update(id, (current) => ({
      ...current,
      passwordHash,
      sessionVersion: current.sessionVersion + 1,
    }));
    await this.#log({
      type: 'password_changed',
      userId: options.actorId ?? id,
      resource: `user:${id}`,
      action: 'change-password',
    });
  }

  // ---------------------------------------------------------------- permissions

  /** Adds permissions on one resource to a user's grants. */
  async grant(
    user: UserRef,
    resource: string,
    permissions: readonly Permission[],
    actorId?: string,
  ): Promise<User> {
    const id = refOf(user);
    const checked = checkGrants({ [resource]: permissions }, 'grant')[resource]!;
    const updated = await this.#update(id, (current) => {
      const existing = Object.hasOwn(current.grants, resource) ? current.grants[resource]! : [];
      return {
        ...current,
        grants: { ...current.grants, [resource]: [...new Set([...existing, ...checked])] },
      };
    });
    await this.#log({
      type: 'permission_granted',
      userId: actorId,
      resource: `user:${id}`,
      action: 'grant',
      details: { on: resource, permissions: checked },
    });
    return updated;
  }

  /** Removes permissions on one resource from a user's grants (effective at the next check). */
  async revoke(
    user: UserRef,
    resource: string,
    permissions: readonly Permission[],
    actorId?: string,
  ): Promise<User> {
    const id = refOf(user);
    const checked = checkGrants({ [resource]: permissions }, 'revoke')[resource]!;
    const updated = await this.#update(id, (current) => {
      const grants: Record<string, readonly Permission[]> = { ...current.grants };
      const remaining = (Object.hasOwn(grants, resource) ? grants[resource]! : []).filter(
        (p) => !checked.includes(p),
      );
      if (remaining.length === 0) delete grants[resource];
      else grants[resource] = remaining;
      return { ...current, grants };
    });
    await this.#log({
      type: 'permission_revoked',
      userId: actorId,
      resource: `user:${id}`,
      action: 'revoke',
      details: { on: resource, permissions: checked },
    });
    return updated;
  }

  /**
   * True when the user holds `permission` on `resource`. Always reads the user from the store, so
   * a revoked grant, a role change or a disable takes effect at the next check even while the
   * user's access token is still valid. Disabled and unknown users hold nothing.
   */
  async hasPermission(query: {
    user: UserRef;
    resource: string;
    permission: Permission;
  }): Promise<boolean> {
    const id = refOf(query.user);
    if (typeof query.resource !== 'string' || !isPermission(query.permission)) return false;
    const stored = this.users.get(id);
    if (stored === undefined || stored.state === 'disabled') return false;
    return permits(stored, query.resource, query.permission);
  }

  /** Like {@link hasPermission}, but rejects with `AuthorizationError` when it is missing. */
  async requirePermission(query: {
    user: UserRef;
    resource: string;
    permission: Permission;
  }): Promise<void> {
    if (!(await this.hasPermission(query))) {
      const id = refOf(query.user);
      await this.#log({
        type: 'security_alert',
        userId: id,
        resource: String(query.resource),
        action: String(query.permission),
        status: 'failure',
        details: { reason: 'permission-denied' },
      });
      throw new AuthorizationError(id, String(query.resource), String(query.permission));
    }
  }

  // ---------------------------------------------------------------- login and tokens

  /**
   * Checks a username (or email) and password, and the second factor when the account has one,
   * and issues an access and a refresh token. An unknown user costs the same scrypt work as a
   * wrong password, and both fail with the same code and message.
   */
  async login(input: LoginInput): Promise<LoginResult> {
    const name = typeof input?.username === 'string' ? input.username : '';
    const password = typeof input?.password === 'string' ? input.password : '';
    const id = name.length > 0 && name.length <= 254 ? this.#lookup(name) : undefined;
    const stored = id === undefined ? undefined : this.users.get(id);

    if (stored === undefined) {
      await this.#hasher.verify(this.#dummy(), password);
      await this.#log({
        type: 'login_failed',
        action: 'login',
        status: 'failure',
        details: { reason: 'invalid-credentials' },
      });
      throw invalidCredentials();
    }

    const ok = await this.#hasher.verify(stored.passwordHash, password);
    const now = this.#now();
    if (stored.lockedUntil !== null && stored.lockedUntil > now) {
      await this.#log({
        type: 'login_failed',
        userId: stored.id,
        action: 'login',
        status: 'failure',
        details: { reason: 'locked' },
      });
      throw new AuthenticationError(
        'VEIL_AUTH_ACCOUNT_LOCKED',
        'account locked after too many failed logins',
      );
    }
    if (!ok) {
      await this.#recordFailure(stored.id, 'invalid-credentials');
      throw invalidCredentials();
    }
    if (stored.state === 'disabled') {
      await this.#log({
        type: 'login_failed',
        userId: stored.id,
        action: 'login',
        status: 'failure',
        details: { reason: 'disabled' },
      });
      throw new AuthenticationError('VEIL_AUTH_ACCOUNT_DISABLED', 'account disabled');
    }

    let usedStep: number | undefined;
    let usedRecovery: string | undefined;
    if (stored.mfa?.enabled === true) {
      if (input.totp === undefined && input.recoveryCode === undefined) {
        await this.#log({
          type: 'mfa_challenge',
          userId: stored.id,
          action: 'login',
          status: 'failure',
          details: { reason: 'mfa-required' },
        });
        throw new AuthenticationError('VEIL_AUTH_MFA_REQUIRED', 'a one-time code is required');
      }
      if (input.totp !== undefined) {
        usedStep = verifyTotp(this.#unsealSecret(stored), String(input.totp), now, {
          lastUsedStep: stored.mfa.lastUsedStep,
        });
      } else {
        const hashed = this.#recoveryHash(String(input.recoveryCode));
        usedRecovery = stored.mfa.recoveryCodes.find((code) =>
          timingSafeEqual(Buffer.from(code), Buffer.from(hashed)),
        );
      }
      if (usedStep === undefined && usedRecovery === undefined) {
        await this.#recordFailure(stored.id, 'mfa-invalid');
        throw new AuthenticationError('VEIL_AUTH_MFA_INVALID', 'one-time code not accepted');
      }
    }

    const rehash = this.#hasher.needsRehash(stored.passwordHash)
      ? await this.#hasher.hash(password)
      : undefined;
    const user = await this.#update(stored.id, (current) => {
      let mfa = current.mfa;
      if (mfa !== null && usedStep !== undefined) {
        // A replayed code fails even if it raced this one: steps only move forward.
        if (usedStep <= mfa.lastUsedStep) return 'conflict';
        mfa = { ...mfa, lastUsedStep: usedStep };
      }
      if (mfa !== null && usedRecovery !== undefined) {
        if (!mfa.recoveryCodes.includes(usedRecovery)) return 'conflict';
        mfa = { ...mfa, recoveryCodes: mfa.recoveryCodes.filter((code) => code !== usedRecovery) };
      }
      return {
        ...current,
        failedLogins: 0,
        lockedUntil: null,
        state: current.state === 'locked' ? 'active' : current.state,
        mfa,
        ...(rehash === undefined ? {} : { passwordHash: rehash }),
      };
    }).catch((error: unknown) => {
      if (error instanceof AccountError && error.code === 'VEIL_ACCOUNT_CONFLICT') {
        throw new AuthenticationError('VEIL_AUTH_MFA_INVALID', 'one-time code not accepted');
      }
      throw error;
    });

    const pair = await this.#issue(stored.id, this.users.get(stored.id)!.sessionVersion, undefined);
    await this.#log({
      type: 'user_login',
      userId: stored.id,
      action: 'login',
      details: {
        mfa:
          usedStep !== undefined ? 'totp' : usedRecovery !== undefined ? 'recovery-code' : 'none',
        rehashed: rehash !== undefined,
      },
    });
    return { ...pair, user };
  }

  /**
   * Verifies an access token: signature and claims, then that its id is not revoked, the user
   * exists and is not disabled, and no password change or session reset happened since it was
   * issued.
   */
  async verifyAccessToken(token: unknown): Promise<Session> {
    const claims = this.tokens.verify(token, 'access');
    return { user: this.#checkSession(claims), claims };
  }

  /**
   * Exchanges a refresh token for a new pair. A refresh token works once: presenting it again
   * revokes its whole family (every token descended from the same login), as the OAuth 2.0
   * Security BCP (RFC 9700 section 4.14.2) recommends.
   */
  async refresh(refreshToken: unknown): Promise<TokenPair> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    const family = claims.fam!;
    const nextJti = this.tokens.newTokenId();
    const now = this.#now();
    const outcome = await this.root.transaction(() => {
      const record = this.#refresh.get(claims.jti);
      const familyRecord = this.#families.get(family);
      if (
        record === undefined ||
        familyRecord === undefined ||
        record.family !== family ||
        record.userId !== claims.sub
      ) {
        return 'unknown' as const;
      }
      if (familyRecord.revoked || this.#revoked.get(claims.jti) !== undefined)
        return 'revoked' as const;
      if (record.used) {
        this.#families.put(family, { ...familyRecord, revoked: true });
        return 'reused' as const;
      }
      const user = this.users.get(claims.sub);
      if (user === undefined || user.state === 'disabled' || user.sessionVersion !== claims.ver)
        return 'revoked' as const;
      this.#refresh.put(claims.jti, { ...record, used: true });
      this.#refresh.put(nextJti, {
        family,
        userId: claims.sub,
        used: false,
        expiresAt: now + this.tokens.refreshTtlSeconds * 1000,
      });
      return 'rotated' as const;
    });
    if (outcome === 'reused') {
      await this.#log({
        type: 'token_reuse_detected',
        userId: claims.sub,
        action: 'refresh',
        status: 'failure',
        severity: 'critical',
        details: { family },
      });
      throw new AuthenticationError(
        'VEIL_AUTH_TOKEN_REUSED',
        'refresh token reused; its session family is revoked',
      );
    }
    if (outcome !== 'rotated') {
      await this.#log({
        type: 'token_refreshed',
        userId: claims.sub,
        action: 'refresh',
        status: 'failure',
        details: { reason: outcome },
      });
      throw new AuthenticationError('VEIL_AUTH_TOKEN_REVOKED', 'refresh token revoked');
    }
    const pair = this.#sign(claims.sub, claims.ver, family, nextJti);
    await this.#log({ type: 'token_refreshed', userId: claims.sub, action: 'refresh' });
    return pair;
  }

  /**
   * Ends the session a refresh token belongs to: its whole family, and with it every access
   * token issued in that session (they carry the family id). With `options.accessToken`, the
   * refresh token must be the caller's (or the caller must hold `manage` on `users`), and the
   * caller's access token is revoked by id until it expires.
   * @throws AuthenticationError when either token does not verify;
   *   AuthorizationError when the refresh token belongs to another user and the caller may not
   *   manage users. Nothing is revoked in either case.
   */
  async logout(refreshToken: unknown, options: LogoutOptions = {}): Promise<void> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    let ownAccess: TokenClaims | undefined;
    let actorId = claims.sub;
    if (options.accessToken !== undefined) {
      const caller = await this.verifyAccessToken(options.accessToken);
      actorId = caller.user.id;
      if (caller.user.id === claims.sub) {
        ownAccess = caller.claims;
      } else if (!this.#mayManageUsers(caller.user.id)) {
        await this.#log({
          type: 'security_alert',
          userId: caller.user.id,
          resource: `user:${claims.sub}`,
          action: 'logout',
          status: 'failure',
          severity: 'warning',
          details: { reason: 'refresh token of another user' },
        });
        throw new AuthorizationError(caller.user.id, Resource.USERS, 'manage');
      }
    }
    await this.root.transaction(() => {
      const family = this.#families.get(claims.fam!);
      if (family !== undefined) this.#families.put(claims.fam!, { ...family, revoked: true });
      // Kept until the access token expires anyway; purgeExpiredTokens removes it after.
      if (ownAccess !== undefined) this.#revoked.put(ownAccess.jti, ownAccess.exp * 1000);
    });
    await this.#log({
      type: 'user_logout',
      userId: actorId,
      ...(actorId === claims.sub ? {} : { resource: `user:${claims.sub}` }),
      action: 'logout',
    });
  }

  #mayManageUsers(userId: string): boolean {
    const stored = this.users.get(userId);
    if (stored === undefined || stored.state === 'disabled') return false;
    return permits(stored, Resource.USERS, 'manage');
  }

  /** Revokes one token by its id (`jti`); `expiresAt` (epoch ms) lets the entry be purged later. */
  async revokeToken(jti: string, expiresAt?: number, actorId?: string): Promise<void> {
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 128) {
      throw new AccountError('VEIL_ACCOUNT_INPUT', 'jti: expected a token id');
    }
    await this.#revoked.put(jti, expiresAt ?? this.#now() + this.tokens.refreshTtlSeconds * 1000);
    await this.#log({ type: 'token_revoked', userId: actorId, action: 'revoke', details: { jti } });
  }

  /** Ends every session of a user: tokens issued before now stop verifying ("not before"). */
  async revokeAllSessions(user: UserRef, actorId?: string): Promise<void> {
    const id = refOf(user);
    await this.#update(id, (current) => ({
      ...current,
      sessionVersion: current.sessionVersion + 1,
    }));
    await this.#log({
      type: 'token_revoked',
      userId: actorId ?? id,
      resource: `user:${id}`,
      action: 'revoke-all',
    });
  }

  /** Removes revocation and refresh entries whose tokens have expired anyway. */
  async purgeExpiredTokens(): Promise<number> {
    const now = this.#now();
    return this.root.transaction(() => {
      let removed = 0;
      for (const { key, value } of [...this.#revoked.getRange({})])
        if (value < now) {
          this.#revoked.remove(key);
          removed += 1;
        }
      for (const { key, value } of [...this.#refresh.getRange({})])
        if (value.expiresAt < now) {
          this.#refresh.remove(key);
          removed += 1;
        }
      for (const { key, value } of [...this.#families.getRange({})])
        if (value.expiresAt < now) {
          this.#families.remove(key);
          removed += 1;
        }
      return removed;
    });
  }

  // ---------------------------------------------------------------- MFA

  /**
   * Starts TOTP enrollment: returns the base32 secret and its `otpauth://` URI. MFA is enforced
   * only after {@link confirmTotp} proves the authenticator works.
   */
  async enrollTotp(user: UserRef): Promise<{ secret: string; uri: string }> {
    const id = refOf(user);
    const key = this.#requireMfaKey();
    const secret = randomBytes(20);
    const sealed = this.#seal(key, id, secret);
    const updated = await this.#update(id, (current) => ({
      ...current,
      mfa: { sealedSecret: sealed, enabled: false, lastUsedStep: -1, recoveryCodes: [] },
    }));
    const encoded = base32Encode(secret);
    return {
      secret: encoded,
      uri: otpauthUri({ secret: encoded, account: updated.username, issuer: this.#mfaIssuer }),
    };
  }

  /** Confirms enrollment with a current code; returns ten one-time recovery codes (shown once). */
  async confirmTotp(user: UserRef, code: string): Promise<{ recoveryCodes: string[] }> {
    const id = refOf(user);
    const stored = this.users.get(id);
    if (stored === undefined)
      throw new AccountError('VEIL_ACCOUNT_NOT_FOUND', `user ${id} not found`);
    if (stored.mfa === null) throw new AccountError('VEIL_ACCOUNT_INPUT', 'mfa: enroll first');
    const step = verifyTotp(this.#unsealSecret(stored), String(code), this.#now(), {
      lastUsedStep: stored.mfa.lastUsedStep,
    });
    if (step === undefined)
      throw new AuthenticationError('VEIL_AUTH_MFA_INVALID', 'one-time code not accepted');
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    const hashed = recoveryCodes.map((c) => this.#recoveryHash(c));
    await this.#update(id, (current) => ({
      ...current,
      mfa: { ...current.mfa!, enabled: true, lastUsedStep: step, recoveryCodes: hashed },
    }));
    await this.#log({
      type: 'mfa_enabled',
      userId: id,
      resource: `user:${id}`,
      action: 'enable-totp',
    });
    return { recoveryCodes };
  }

  /** Turns MFA off for a user. */
  async disableTotp(user: UserRef, actorId?: string): Promise<void> {
    const id = refOf(user);
    await this.#update(id, (current) => ({ ...current, mfa: null }));
    await this.#log({
      type: 'mfa_disabled',
      userId: actorId ?? id,
      resource: `user:${id}`,
      action: 'disable-totp',
    });
  }

  // ---------------------------------------------------------------- internals

  #lookup(usernameOrEmail: string): string | undefined {
    const key = identityKey(usernameOrEmail);
    return key.includes('@') ? this.#emails.get(key) : this.#usernames.get(key);
  }

  #dummy(): string {
    // Random salt and digest with the current parameters: verifying against it costs one full
    // scrypt, like a real wrong password, and no password matches it.
    if (this.#dummyHash === undefined) {
      const { ln, r, p } = this.#hasher.params;
      const b64 = (n: number): string => randomBytes(n).toString('base64').replace(/=+$/, '');
      this.#dummyHash = `$scrypt$ln=${ln},r=${r},p=${p}$${b64(16)}$${b64(32)}`;
    }
    return this.#dummyHash;
  }

  async #update(
    id: string,
    change: (current: StoredUser) => StoredUser | 'conflict',
  ): Promise<User> {
    const now = this.#now();
    const outcome = await this.root.transaction(() => {
      const current = this.users.get(id);
      if (current === undefined) return 'missing' as const;
      const next = change(current);
      if (next === 'conflict') return next;
      const saved: StoredUser = { ...next, updatedAt: new Date(now).toISOString() };
      this.users.put(id, saved);
      return saved;
    });
    if (outcome === 'missing')
      throw new AccountError('VEIL_ACCOUNT_NOT_FOUND', `user ${id} not found`);
    if (outcome === 'conflict')
      throw new AccountError('VEIL_ACCOUNT_CONFLICT', 'conflicting change');
    return publicUser(outcome, now);
  }

  async #recordFailure(id: string, reason: string): Promise<void> {
    const now = this.#now();
    const { maxFailures, lockMinutes } = this.lockout;
    const locked = await this.root.transaction(() => {
      const current = this.users.get(id);
      if (current === undefined) return false;
      // A lockout that has run out starts a fresh count.
      const expired = current.lockedUntil !== null && current.lockedUntil <= now;
      const failures = (expired ? 0 : current.failedLogins) + 1;
      const lock = failures >= maxFailures;
      this.users.put(id, {
        ...current,
        failedLogins: lock ? 0 : failures,
        lockedUntil: lock ? now + lockMinutes * 60_000 : expired ? null : current.lockedUntil,
        state: current.state === 'disabled' ? 'disabled' : lock ? 'locked' : 'active',
        updatedAt: new Date(now).toISOString(),
      });
      return lock;
    });
    await this.#log({
      type: 'login_failed',
      userId: id,
      action: 'login',
      status: 'failure',
      details: { reason },
    });
    if (locked) {
      await this.#log({
        type: 'account_locked',
        userId: id,
        resource: `user:${id}`,
        action: 'lock',
        severity: 'warning',
        status: 'success',
        details: { failures: maxFailures, lockMinutes },
      });
    }
  }

  #checkSession(claims: TokenClaims): User {
    if (this.#revoked.get(claims.jti) !== undefined) {
      throw new AuthenticationError('VEIL_AUTH_TOKEN_REVOKED', 'token revoked');
    }
    const stored = this.users.get(claims.sub);
    if (stored === undefined)
      throw new AuthenticationError('VEIL_AUTH_TOKEN_REVOKED', 'token subject no longer exists');
    if (stored.state === 'disabled')
      throw new AuthenticationError('VEIL_AUTH_ACCOUNT_DISABLED', 'account disabled');
    if (claims.ver !== stored.sessionVersion)
      throw new AuthenticationError('VEIL_AUTH_TOKEN_REVOKED', 'session ended');
    // Access tokens name their session family: a logout (or a detected refresh token reuse)
    // ends them with it. A family that is gone has outlived its lifetime and was purged.
    if (claims.fam !== undefined) {
      const family = this.#families.get(claims.fam);
      if (family === undefined || family.revoked || family.userId !== claims.sub)
        throw new AuthenticationError('VEIL_AUTH_TOKEN_REVOKED', 'session ended');
    }
    return publicUser(stored, this.#now());
  }

  async #issue(userId: string, version: number, family: string | undefined): Promise<TokenPair> {
    const fam = family ?? this.tokens.newTokenId();
    const jti = this.tokens.newTokenId();
    const expiresAt = this.#now() + this.tokens.refreshTtlSeconds * 1000;
    await this.root.transaction(() => {
      this.#families.put(fam, { userId, revoked: false, expiresAt });
      this.#refresh.put(jti, { family: fam, userId, used: false, expiresAt });
    });
    return this.#sign(userId, version, fam, jti);
  }

  #sign(userId: string, version: number, family: string, refreshJti: string): TokenPair {
    return {
      accessToken: this.tokens.sign('access', {
        sub: userId,
        jti: this.tokens.newTokenId(),
        ver: version,
        fam: family,
      }),
      refreshToken: this.tokens.sign('refresh', {
        sub: userId,
        jti: refreshJti,
        ver: version,
        fam: family,
      }),
      expiresIn: this.tokens.accessTtlSeconds,
      tokenType: 'Bearer',
    };
  }

  #requireMfaKey(): Uint8Array {
    if (this.#mfaKey === undefined)
      throw new SecurityConfigError('MFA needs a 32-byte key (VEIL_MFA_KEY or VEIL_MFA_KEY_FILE)');
    return this.#mfaKey;
  }

  #seal(key: Uint8Array, userId: string, secret: Uint8Array): string {
    // AES-256-GCM with a random 96-bit nonce; the user id as AAD pins a sealed secret to its user.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  #unsealSecret(user: StoredUser): Uint8Array {
    const key = this.#requireMfaKey();
    const raw = Buffer.from((user.mfa?.sealedSecret ?? '').replace(/^v1\./, ''), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(user.id, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    } catch (error) {
      throw new SecurityConfigError(
        `MFA secret of user ${user.id} cannot be opened with the configured key`,
        { cause: error },
      );
    }
  }

  #recoveryHash(code: string): string {
    const normalized = code.toLowerCase().replace(/[^a-z2-7]/g, '');
    return createHmac('sha256', this.#requireMfaKey())
      .update('veil.recovery.v1\n')
      .update(normalized)
      .digest('hex');
  }

  async #log(event: AuditEventInput): Promise<void> {
    if (this.#audit !== undefined) await this.#audit.logEvent(event);
  }
}

/** Decodes a base32 TOTP secret (for tests and tools that show the current code). */
export function decodeTotpSecret(secret: string): Uint8Array {
  const bytes = base32Decode(secret);
  if (bytes === undefined || bytes.length < 10)
    throw new AccountError('VEIL_ACCOUNT_INPUT', 'secret: not a base32 TOTP secret');
  return bytes;
}
