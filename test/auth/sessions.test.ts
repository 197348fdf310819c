import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { makeAuthFixture, outcomeOf as code, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
let userId: string;

beforeAll(async () => {
  fx = makeAuthFixture();
  userId = (
    await fx.auth.createUser({ username: 'ada', email: 'ada@example.com', password: PASSWORD })
  ).id;
});
afterAll(async () => {
  await fx.cleanup();
});

describe('sessions: refresh rotation, reuse, revocation', () => {
  it('rotates refresh tokens; a reused one revokes the whole family', async () => {
    const first = await fx.auth.login({ username: 'ADA', password: PASSWORD });
    expect(first.expiresIn).toBe(900);
    expect((await fx.auth.verifyAccessToken(first.accessToken)).user.id).toBe(userId);

    const second = await fx.auth.refresh(first.refreshToken);
    const third = await fx.auth.refresh(second.refreshToken);
    // The attacker replays the first (already used) token: the family dies.
    expect(await code(fx.auth.refresh(first.refreshToken))).toBe('VEIL_AUTH_TOKEN_REUSED');
    // ... including the legitimate holder's newest token.
    expect(await code(fx.auth.refresh(third.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    const reuse = fx.audit.searchEvents({ type: 'token_reuse_detected' }).events;
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).toMatchObject({ userId, severity: 'critical', status: 'failure' });
    // Tokens never reach the audit log.
    const all = JSON.stringify(fx.audit.searchEvents({ limit: 1000 }).events);
    for (const token of [first.accessToken, first.refreshToken, second.refreshToken])
      expect(all).not.toContain(token);
    // An access token is not a refresh token and vice versa.
    expect(await code(fx.auth.refresh(third.accessToken))).toBe('VEIL_AUTH_TOKEN_CLAIMS');
    expect(await code(fx.auth.verifyAccessToken(third.refreshToken))).toBe(
      'VEIL_AUTH_TOKEN_CLAIMS',
    );
  });

  it('concurrent use of one refresh token: exactly one succeeds', async () => {
    const { refreshToken } = await fx.auth.login({ username: 'ada', password: PASSWORD });
    const results = await Promise.allSettled([
      fx.auth.refresh(refreshToken),
      fx.auth.refresh(refreshToken),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failure.reason as AuthenticationError).code).toBe('VEIL_AUTH_TOKEN_REUSED');
  });

  it('revokes by token id, by logout, and ends every session on password change and disable', async () => {
    const session = await fx.auth.login({ username: 'ada@EXAMPLE.com', password: PASSWORD });
    const claims = (await fx.auth.verifyAccessToken(session.accessToken)).claims;
    await fx.auth.revokeToken(claims.jti);
    expect(await code(fx.auth.verifyAccessToken(session.accessToken))).toBe(
      'VEIL_AUTH_TOKEN_REVOKED',
    );

    await fx.auth.logout(session.refreshToken);
    expect(await code(fx.auth.refresh(session.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');

    const other = await fx.auth.login({ username: 'ada', password: PASSWORD });
    const newPassword = 'amber-lantern-93-fjord';
    await fx.auth.changePassword(userId, newPassword, { currentPassword: PASSWORD });
    expect(await code(fx.auth.verifyAccessToken(other.accessToken))).toBe(
      'VEIL_AUTH_TOKEN_REVOKED',
    );
    expect(await code(fx.auth.refresh(other.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect(await code(fx.auth.login({ username: 'ada', password: PASSWORD }))).toBe(
      'VEIL_AUTH_INVALID_CREDENTIALS',
    );

    const fresh = await fx.auth.login({ username: 'ada', password: newPassword });
    await fx.auth.disableUser(userId);
    expect(await code(fx.auth.verifyAccessToken(fresh.accessToken))).toBe(
      'VEIL_AUTH_ACCOUNT_DISABLED',
    );
    expect(await code(fx.auth.refresh(fresh.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect(await code(fx.auth.login({ username: 'ada', password: newPassword }))).toBe(
      'VEIL_AUTH_ACCOUNT_DISABLED',
    );
  });
});
