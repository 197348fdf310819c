/**
 * The `fam` claim ties a token to its session. An access token without it is a token of before
 * sessions, which logout ends through the user's token version; one carrying a `fam` that is not
 * a session id (a number, an object, an empty string) must not pass for such a token: it is
 * refused, for access and refresh tokens alike, even when correctly signed.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { TokenCodec } from '../../src/security/auth/token-codec.js';

const ISSUER = { issuer: 'veil-test', audience: 'veil-test-api' } as const;
const now = (): number => Math.floor(Date.now() / 1000);

function sign(key: Uint8Array, claims: Record<string, unknown>): string {
  return jwt.sign({ typ: 'access', iat: now(), exp: now() + 600, ver: 0, ...claims }, Buffer.from(key), {
    algorithm: 'HS256',
    ...ISSUER,
  });
}

const BAD_FAMILIES: ReadonlyArray<[string, unknown]> = [
  ['a number', 7],
  ['an object', { id: 'f1' }],
  ['a list', ['f1']],
  ['an empty string', ''],
  ['null', null],
  ['true', true],
];

describe('jwt: fam claim', () => {
  const secret = new Uint8Array(randomBytes(32));
  const codec = new TokenCodec({ secret, ...ISSUER });

  it('accepts an access token with a session id, and one without fam (the controls)', () => {
    expect(codec.verify(sign(secret, { sub: 'u1', jti: 'j0', fam: 'f1' }), 'access').fam).toBe('f1');
    const legacy = codec.verify(sign(secret, { sub: 'u1', jti: 'j1' }), 'access');
    expect(legacy.sub).toBe('u1');
    expect(legacy.fam).toBeUndefined();
  });

  it.each(BAD_FAMILIES)('refuses an access token whose fam is %s', (_name, fam) => {
    const token = sign(secret, { sub: 'u1', jti: 'j2', fam });
    expect(() => codec.verify(token, 'access')).toThrow(expect.objectContaining({ code: 'VEIL_AUTH_TOKEN_CLAIMS' }));
  });

  it.each(BAD_FAMILIES)('refuses a refresh token whose fam is %s', (_name, fam) => {
    const token = sign(secret, { sub: 'u1', jti: 'j3', typ: 'refresh', fam });
    expect(() => codec.verify(token, 'refresh')).toThrow(expect.objectContaining({ code: 'VEIL_AUTH_TOKEN_CLAIMS' }));
  });
});
