import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
});

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as AuthenticationError).code;
  }
}

describe('lockout', () => {
  it('defaults to 10 failures and 30 minutes', () => {
    fx = makeAuthFixture();
    expect(fx.auth.lockout).toEqual({ maxFailures: 10, lockMinutes: 30 });
  });

  it('locks after N failures, refuses even the right password while locked, audits, and expires', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    fx = makeAuthFixture({ lockout: { maxFailures: 3, lockMinutes: 30 }, now: () => clock });
    const { id } = await fx.auth.createUser({
      username: 'grace',
      email: 'grace@example.com',
      password: PASSWORD,
    });

    for (let i = 0; i < 3; i += 1) {
      expect(
        await code(fx.auth.login({ username: 'grace', password: `wrong-password-${i}-xyz` })),
      ).toBe('VEIL_AUTH_INVALID_CREDENTIALS');
    }
    expect(fx.auth.getUser(id)).toMatchObject({ state: 'locked' });
    expect(await code(fx.auth.login({ username: 'grace', password: PASSWORD }))).toBe(
      'VEIL_AUTH_ACCOUNT_LOCKED',
    );

    const failed = fx.audit.searchEvents({ type: 'login_failed', userId: id }).events;
    expect(failed.map((e) => e.details['reason'])).toEqual([
      'invalid-credentials',
      'invalid-credentials',
      'invalid-credentials',
      'locked',
    ]);
    expect(fx.audit.searchEvents({ type: 'account_locked', userId: id }).events).toHaveLength(1);

    clock += 31 * 60_000;
    const result = await fx.auth.login({ username: 'grace', password: PASSWORD });
    expect(result.user.state).toBe('active');
  });
});
