import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../src/errors/authorization-error.js';
import { permits, ROLE_PERMISSIONS } from '../../src/security/auth/roles.js';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
let analystId: string;
let adminId: string;
beforeAll(async () => {
  fx = makeAuthFixture();
  analystId = (
    await fx.auth.createUser({
      username: 'alan',
      email: 'alan@example.com',
      password: PASSWORD,
      roles: ['analyst'],
      grants: { documents: ['read', 'write'], settings: ['read'] },
    })
  ).id;
  adminId = (
    await fx.auth.createUser({
      username: 'root-admin',
      email: 'admin@example.com',
      password: PASSWORD,
      roles: ['admin'],
    })
  ).id;
});
afterAll(async () => {
  await fx.cleanup();
});

describe('authorization', () => {
  it('combines role defaults and per-resource grants', async () => {
    const user = analystId;
    expect(await fx.auth.hasPermission({ user, resource: 'documents', permission: 'write' })).toBe(
      true,
    );
    expect(await fx.auth.hasPermission({ user, resource: 'settings', permission: 'read' })).toBe(
      true,
    );
    expect(await fx.auth.hasPermission({ user, resource: 'datasets', permission: 'read' })).toBe(
      true,
    );
    expect(
      await fx.auth.hasPermission({ user, resource: 'pipelines', permission: 'execute' }),
    ).toBe(true);
    expect(await fx.auth.hasPermission({ user, resource: 'pipelines', permission: 'write' })).toBe(
      false,
    );
    expect(
      await fx.auth.hasPermission({
        user: adminId,
        resource: 'anything-at-all',
        permission: 'manage',
      }),
    ).toBe(true);
    expect(permits({ roles: ['auditor'], grants: {} }, 'audit', 'read')).toBe(true);
    expect(permits({ roles: ['auditor'], grants: {} }, 'audit', 'write')).toBe(false);
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([
      'admin',
      'analyst',
      'auditor',
      'operator',
      'privacy_officer',
      'user',
    ]);
  });

  it('a grant on one resource never leaks to another', async () => {
    const user = analystId;
    for (const resource of [
      'Documents',
      'documents-archive',
      'documents.secret',
      'documents/1',
      'settings',
      '*',
      '__proto__',
      'constructor',
      '',
    ]) {
      const permission = resource === 'settings' ? 'write' : 'write';
      expect(await fx.auth.hasPermission({ user, resource, permission }), resource).toBe(false);
    }
    expect(await fx.auth.hasPermission({ user, resource: 'documents', permission: 'delete' })).toBe(
      false,
    );
    expect(
      await fx.auth.hasPermission({ user, resource: 'documents', permission: 'bogus' as never }),
    ).toBe(false);
    expect(
      await fx.auth.hasPermission({
        user: 'no-such-user',
        resource: 'documents',
        permission: 'read',
      }),
    ).toBe(false);
  });

  it('requirePermission throws AuthorizationError and audits the denial', async () => {
    await expect(
      fx.auth.requirePermission({
        user: { id: analystId },
        resource: 'keys',
        permission: 'manage',
      }),
    ).rejects.toBeInstanceOf(AuthorizationError);
    const denial = fx.audit.searchEvents({ userId: analystId, status: 'failure' }).events;
    expect(denial.at(-1)).toMatchObject({ resource: 'keys', action: 'manage' });
    await expect(
      fx.auth.requirePermission({ user: analystId, resource: 'documents', permission: 'read' }),
    ).resolves.toBeUndefined();
  });

  it('a revoked permission takes effect at the next check while the token is still valid', async () => {
    const { accessToken } = await fx.auth.login({ username: 'alan', password: PASSWORD });
    const { user } = await fx.auth.verifyAccessToken(accessToken);
    expect(await fx.auth.hasPermission({ user, resource: 'documents', permission: 'write' })).toBe(
      true,
    );
    await fx.auth.revoke(analystId, 'documents', ['write'], adminId);
    // Same token, still valid...
    const again = await fx.auth.verifyAccessToken(accessToken);
    // ...but the permission is gone, and the untouched one remains.
    expect(
      await fx.auth.hasPermission({ user: again.user, resource: 'documents', permission: 'write' }),
    ).toBe(false);
    expect(await fx.auth.hasPermission({ user, resource: 'documents', permission: 'read' })).toBe(
      true,
    );
    await fx.auth.grant(analystId, 'documents', ['write'], adminId);
    expect(await fx.auth.hasPermission({ user, resource: 'documents', permission: 'write' })).toBe(
      true,
    );
    expect(fx.audit.searchEvents({ type: 'permission_revoked' }).events[0]).toMatchObject({
      userId: adminId,
      details: { on: 'documents', permissions: ['write'] },
    });
  });

  it('validates grants', async () => {
    await expect(fx.auth.grant(analystId, 'Bad Name', ['read'])).rejects.toThrow(/resource name/);
    await expect(fx.auth.grant(analystId, 'documents', ['fly' as never])).rejects.toThrow(
      /unknown permission/,
    );
  });
});
