/**
 * AuthManager.logout: ends the refresh token's session family, with every access token issued in
 * it; given the caller's access token, revokes that token by id until it expires and refuses a
 * refresh token of another user unless the caller may manage users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationError } from '../../src/errors/authorization-error.js';
import { makeAuthFixture, outcomeOf as outcome, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
let ada: string;

beforeAll(async () => {
  fx = makeAuthFixture();
  ada = (await fx.auth.createUser({ username: 'ada', email: 'ada@example.com', password: PASSWORD })).id;
  await fx.auth.createUser({ username: 'bob', email: 'bob@example.com', password: PASSWORD });
  await fx.auth.createUser({ username: 'root', email: 'root@example.com', password: PASSWORD, roles: ['admin'] });
});
afterAll(async () => {
  await fx.cleanup();
});

const login = (username: string) => fx.auth.login({ username, password: PASSWORD });

describe('auth: logout', () => {
  it('with the access token: revokes it by id until its expiry, and the session family', async () => {
    const session = await login('ada');
    const { claims } = await fx.auth.verifyAccessToken(session.accessToken);
    await fx.auth.logout(session.refreshToken, { accessToken: session.accessToken });
    expect(await outcome(fx.auth.verifyAccessToken(session.accessToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect(await outcome(fx.auth.refresh(session.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    // The revocation entry lives until the token's own expiry, then purging removes it.
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
  });

  it('without the access token: the session family ends, and its access tokens with it', async () => {
    const session = await login('ada');
    await fx.auth.logout(session.refreshToken);
    expect(await outcome(fx.auth.verifyAccessToken(session.accessToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
  });

  it("refuses another user's refresh token with AuthorizationError and revokes nothing", async () => {
    const a = await login('ada');
    const b = await login('bob');
    const error = await fx.auth.logout(a.refreshToken, { accessToken: b.accessToken }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthorizationError);
    expect((error as AuthorizationError).code).toBe('VEIL_AUTHZ_DENIED');
    expect((error as Error).message).not.toContain(a.refreshToken);
    expect((await fx.auth.verifyAccessToken(a.accessToken)).user.id).toBe(ada);
    expect(await outcome(fx.auth.verifyAccessToken(b.accessToken))).toBe('accepted');
    expect(await outcome(fx.auth.refresh(a.refreshToken))).toBe('accepted');
  });

  it("lets a caller with manage on users end another user's session", async () => {
    const a = await login('ada');
    const admin = await login('root');
    await fx.auth.logout(a.refreshToken, { accessToken: admin.accessToken });
    expect(await outcome(fx.auth.refresh(a.refreshToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect(await outcome(fx.auth.verifyAccessToken(a.accessToken))).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect(await outcome(fx.auth.verifyAccessToken(admin.accessToken))).toBe('accepted');
  });

  it('refuses a bad caller token before revoking anything', async () => {
    const a = await login('ada');
    expect(await outcome(fx.auth.logout(a.refreshToken, { accessToken: 'not.a.token' }))).toBe(
      'VEIL_AUTH_TOKEN_MALFORMED',
    );
    expect(await outcome(fx.auth.refresh(a.refreshToken))).toBe('accepted');
  });
});
