/**
 * POST /v1/auth/logout over HTTP: it ends the caller's session, access token included (the token
 * that called logout is refused at once, as is every access token of the same session), and it
 * refuses a refresh token that belongs to another user unless the caller may manage users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

const login = (username: string) => s.auth.login({ username, password: PASSWORD });
const me = (token: string) => s.call('GET', '/v1/auth/me', { token });
const logout = (token: string | undefined, refreshToken: string) =>
  s.call('POST', '/v1/auth/logout', { ...(token === undefined ? {} : { token }), body: { refreshToken } });
const refresh = (refreshToken: string) => s.call('POST', '/v1/auth/refresh', { body: { refreshToken } });
const statuses = async (calls: ReadonlyArray<Promise<{ status: number }>>) =>
  (await Promise.all(calls)).map((r) => r.status);

describe('auth: logout over HTTP', () => {
  it("revokes the caller's access token: /me answers 401 right after logout", async () => {
    const session = await login('analyst');
    expect((await me(session.accessToken)).status).toBe(200);

    const out = await logout(session.accessToken, session.refreshToken);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true });

    const after = await me(session.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('VEIL_AUTH_TOKEN_REVOKED');
    expect((await refresh(session.refreshToken)).status).toBe(401);
    // Logging out twice with the revoked token is refused too.
    expect((await logout(session.accessToken, session.refreshToken)).status).toBe(401);
  });

  it('ends the access tokens issued earlier in the same session, and leaves other sessions alone', async () => {
    const first = await login('analyst');
    const other = await login('analyst');
    const rotated = (await refresh(first.refreshToken)).body as { accessToken: string; refreshToken: string };
    expect((await me(first.accessToken)).status).toBe(200);

    expect((await logout(rotated.accessToken, rotated.refreshToken)).status).toBe(200);
    expect(
      await statuses([me(first.accessToken), me(rotated.accessToken), me(other.accessToken)]),
    ).toEqual([401, 401, 200]);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it("refuses user B's bearer token on user A's refresh token with 403, revoking nothing", async () => {
    const a = await login('analyst');
    const b = await login('auditor');

    const attempt = await logout(b.accessToken, a.refreshToken);
    expect(attempt.status).toBe(403);
    expect(attempt.body).toEqual({ error: 'VEIL_AUTHZ_DENIED', message: 'not permitted' });

    expect(await statuses([me(a.accessToken), me(b.accessToken)])).toEqual([200, 200]);
    expect((await refresh(a.refreshToken)).status).toBe(200);
  });

  it("lets an administrator (manage on users) end another user's session, keeping the admin's token", async () => {
    const a = await login('analyst');
    const admin = await login('admin');

    expect((await logout(admin.accessToken, a.refreshToken)).status).toBe(200);
    expect(await statuses([refresh(a.refreshToken), me(a.accessToken), me(admin.accessToken)])).toEqual([
      401, 401, 200,
    ]);
  });

  it('answers 401 without a bearer token, and revokes nothing for a bad refresh token', async () => {
    const a = await login('analyst');
    expect(
      await statuses([
        logout(undefined, a.refreshToken),
        logout(a.accessToken, a.accessToken),
        logout(a.accessToken, 'not.a.token'),
      ]),
    ).toEqual([401, 401, 401]);
    expect(await statuses([me(a.accessToken), refresh(a.refreshToken)])).toEqual([200, 200]);
  });
});
