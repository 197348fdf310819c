/**
 * token codec: verified access tokens are remembered by their exact text, and the memory never
 * lets through what a full verification would refuse (an altered token, an expired one, a
 * refresh token presented as access, a token of another codec).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { TokenCodec, type TokenCodecOptions } from '../../src/security/auth/token-codec.js';

const base: TokenCodecOptions = { secret: new Uint8Array(randomBytes(32)), issuer: 'veil-test', audience: 'veil-test-api' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AuthenticationError ? error.code : 'other';
  }
  return undefined;
}

describe('token codec: verified access tokens are remembered', () => {
  it('answers a repeated token with the same claims and still refuses altered ones', () => {
    const codec = new TokenCodec(base);
    const token = codec.sign('access', { sub: 'u1', jti: 'j1', ver: 3 });
    const first = codec.verify(token, 'access');
    const again = codec.verify(token, 'access');
    expect(again).toEqual(first);
    expect(again).toMatchObject({ sub: 'u1', jti: 'j1', ver: 3, typ: 'access' });

    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(codeOf(() => codec.verify(flipped, 'access'))).toBe('VEIL_AUTH_TOKEN_SIGNATURE');
    // The remembered access token is no refresh token.
    expect(codeOf(() => codec.verify(token, 'refresh'))).toBe('VEIL_AUTH_TOKEN_CLAIMS');
    // Another codec (another secret) never sees this one's memory.
    const other = new TokenCodec({ ...base, secret: new Uint8Array(randomBytes(32)) });
    expect(codeOf(() => other.verify(token, 'access'))).toBe('VEIL_AUTH_TOKEN_SIGNATURE');
  });

  it('refuses a remembered token once it expires, with the expiry code', () => {
    let clock = Date.now();
    const codec = new TokenCodec({ ...base, now: () => clock });
    const token = codec.sign('access', { sub: 'u', jti: 'j', ver: 0 });
    expect(codec.verify(token, 'access').sub).toBe('u');
    clock += 899_000;
    expect(codec.verify(token, 'access').sub).toBe('u');
    clock += 2_000;
    expect(codeOf(() => codec.verify(token, 'access'))).toBe('VEIL_AUTH_TOKEN_EXPIRED');
  });

  it('keeps the clock tolerance of a full verification', () => {
    let clock = Date.now();
    const codec = new TokenCodec({ ...base, clockToleranceSeconds: 30, now: () => clock });
    const token = codec.sign('access', { sub: 'u', jti: 'j', ver: 0 });
    codec.verify(token, 'access');
    clock += 920_000;
    expect(codec.verify(token, 'access').sub).toBe('u');
    clock += 20_000;
    expect(codeOf(() => codec.verify(token, 'access'))).toBe('VEIL_AUTH_TOKEN_EXPIRED');
  });
});
