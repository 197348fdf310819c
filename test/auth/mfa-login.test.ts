import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { decodeTotpSecret } from '../../src/security/auth/auth-manager.js';
import { totp } from '../../src/security/auth/totp.js';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let clock = Date.parse('2026-05-01T12:00:00Z');
let fx: AuthFixture;
let userId: string;
let secret: Uint8Array;
let recoveryCodes: string[];

beforeAll(async () => {
  fx = makeAuthFixture({ now: () => clock });
  userId = (
    await fx.auth.createUser({ username: 'hedy', email: 'hedy@example.com', password: PASSWORD })
  ).id;
  const enrollment = await fx.auth.enrollTotp(userId);
  expect(enrollment.uri).toMatch(/^otpauth:\/\/totp\/Veil:hedy\?secret=[A-Z2-7]+&issuer=Veil/);
  secret = decodeTotpSecret(enrollment.secret);
  // The stored secret is sealed, not the base32 text.
  expect(JSON.stringify(fx.auth.users.get(userId))).not.toContain(enrollment.secret);
  await expect(fx.auth.confirmTotp(userId, '000000')).rejects.toBeInstanceOf(AuthenticationError);
  recoveryCodes = (await fx.auth.confirmTotp(userId, totp(secret, clock))).recoveryCodes;
  expect(recoveryCodes).toHaveLength(10);
});
afterAll(async () => {
  await fx.cleanup();
});

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error as AuthenticationError).code,
  );
}

describe('MFA login', () => {
  it('requires a code after the password, accepts a fresh one once, and refuses replays', async () => {
    expect(await code(fx.auth.login({ username: 'hedy', password: PASSWORD }))).toBe(
      'VEIL_AUTH_MFA_REQUIRED',
    );
    clock += 30_000;
    const current = totp(secret, clock);
    const result = await fx.auth.login({ username: 'hedy', password: PASSWORD, totp: current });
    expect(result.user.mfaEnabled).toBe(true);
    expect(await code(fx.auth.login({ username: 'hedy', password: PASSWORD, totp: current }))).toBe(
      'VEIL_AUTH_MFA_INVALID',
    );
    // A wrong code with the wrong password still says only "invalid credentials".
    expect(
      await code(
        fx.auth.login({ username: 'hedy', password: 'wrong-password-000', totp: current }),
      ),
    ).toBe('VEIL_AUTH_INVALID_CREDENTIALS');
  });

  it('accepts each recovery code once', async () => {
    const recovery = recoveryCodes[3]!;
    expect(
      await code(
        fx.auth.login({
          username: 'hedy',
          password: PASSWORD,
          recoveryCode: recovery.toUpperCase(),
        }),
      ),
    ).toBe('accepted');
    expect(
      await code(fx.auth.login({ username: 'hedy', password: PASSWORD, recoveryCode: recovery })),
    ).toBe('VEIL_AUTH_MFA_INVALID');
    const events = JSON.stringify(fx.audit.searchEvents({ userId, limit: 1000 }).events);
    expect(events).not.toContain(recovery);
  });
});
