/**
 * Authorization vocabulary: roles with default permissions, and per-resource grants on top.
 * A permission holds on a resource when a role gives it there (or on `*`, which only ADMIN has)
 * or a grant names that exact resource. Resource names match exactly: a grant on `documents`
 * says nothing about `documents-archive` or `Documents`.
 */

/** What a user may do to a resource. */
export const Permission = {
  READ: 'read',
  WRITE: 'write',
  DELETE: 'delete',
  EXECUTE: 'execute',
  MANAGE: 'manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** Roles, each with a default set of permissions (see {@link ROLE_PERMISSIONS}). */
export const AuthRole = {
  ADMIN: 'admin',
  PRIVACY_OFFICER: 'privacy_officer',
  OPERATOR: 'operator',
  ANALYST: 'analyst',
  USER: 'user',
  AUDITOR: 'auditor',
} as const;
export type AuthRole = (typeof AuthRole)[keyof typeof AuthRole];

/** Resources Veil itself guards; callers may use other names for their own resources. */
export const Resource = {
  PIPELINES: 'pipelines',
  DATASETS: 'datasets',
  KEYS: 'keys',
  USERS: 'users',
  AUDIT: 'audit',
  DSAR: 'dsar',
  COMPLIANCE: 'compliance',
  SETTINGS: 'settings',
  DOCUMENTS: 'documents',
} as const;

/** Per-resource grants, as in `{ documents: ['read', 'write'], settings: ['read'] }`. */
export type PermissionGrants = Readonly<Record<string, readonly Permission[]>>;

const ALL: readonly Permission[] = Object.values(Permission);

/**
 * Default permissions per role. ADMIN holds everything (`*`); the others follow least privilege
 * for their job: a privacy officer fulfils DSARs and owns compliance evidence, an operator runs
 * pipelines, an analyst reads datasets, an auditor reads the audit trail and compliance state.
 */
export const ROLE_PERMISSIONS: Readonly<Record<AuthRole, PermissionGrants>> = {
  admin: { '*': ALL },
  privacy_officer: {
    dsar: ['read', 'write', 'execute'],
    compliance: ['read', 'write'],
    audit: ['read'],
    datasets: ['read'],
    pipelines: ['read'],
    keys: ['execute'],
  },
  operator: {
    pipelines: ['read', 'write', 'execute'],
    datasets: ['read', 'write'],
    keys: ['execute'],
  },
  analyst: { datasets: ['read'], pipelines: ['read', 'execute'] },
  auditor: { audit: ['read'], compliance: ['read'] },
  user: {},
};

const PERMISSIONS = new Set<string>(ALL);
const ROLES = new Set<string>(Object.values(AuthRole));
/** Resource names: lower-case words with `.`, `:`, `/`, `_`, `-` separators; `*` is reserved. */
export const RESOURCE_NAME = /^[a-z0-9][a-z0-9._:/-]{0,127}$/;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && PERMISSIONS.has(value);
}
export function isAuthRole(value: unknown): value is AuthRole {
  return typeof value === 'string' && ROLES.has(value);
}

function listed(grants: PermissionGrants, resource: string, permission: Permission): boolean {
  // hasOwn: a resource named `constructor` or `__proto__` never reaches Object.prototype.
  return Object.hasOwn(grants, resource) && (grants[resource] ?? []).includes(permission);
}

/**
 * Pure check over a user's roles and grants (the store-backed check is
 * `AuthManager.hasPermission`).
 */
export function permits(
  subject: { readonly roles: readonly AuthRole[]; readonly grants: PermissionGrants },
  resource: string,
  permission: Permission,
): boolean {
  for (const role of subject.roles) {
    const defaults = ROLE_PERMISSIONS[role];
    if (defaults === undefined) continue;
    if (listed(defaults, '*', permission) || listed(defaults, resource, permission)) return true;
  }
  return listed(subject.grants, resource, permission);
}
