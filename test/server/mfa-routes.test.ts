import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTotpSecret } from '../../src/security/auth/auth-manager.js';
import { totp } from '../../src/security/auth/totp.js';
import { PASSWORD, startServer, type ServerFixture } from './helpers.js';

let s: ServerFixture;
beforeAll(async () => {
  s = await startServer({ users: [{ username: 'officer', roles: ['privacy_officer'] }] });
});
afterAll(async () => {
  await s.close();
});

describe('MFA enrolment over HTTP', () => {
  it('enrolls, confirms with a TOTP code, then requires the second factor at login', async () => {
    const token = s.tokens['officer']!;
    const enrolled = await s.call('POST', '/v1/auth/mfa/enroll', { token });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.uri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await s.call('POST', '/v1/auth/mfa/verify', { token, body: { code: 'abc' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^body\.code: must match pattern/);
    const code = totp(decodeTotpSecret(enrolled.body.secret), Date.now());
    const confirmed = await s.call('POST', '/v1/auth/mfa/verify', { token, body: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);

    const noFactor = await s.call('POST', '/v1/auth/login', { body: { username: 'officer', password: PASSWORD } });
    expect(noFactor.status).toBe(401);
    expect(noFactor.body.error).toBe('VEIL_AUTH_MFA_REQUIRED');
    const withRecovery = await s.call('POST', '/v1/auth/login', {
      body: { username: 'officer', password: PASSWORD, recoveryCode: confirmed.body.recoveryCodes[0] },
    });
    expect(withRecovery.status).toBe(200);
    expect(withRecovery.body.user.mfaEnabled).toBe(true);
    expect((await s.call('POST', '/v1/auth/mfa/enroll')).status).toBe(401);
  });
});
