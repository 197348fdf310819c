/**
 * JWT `crit` header (RFC 7515 section 4.1.11): a recipient must reject a token whose `crit`
 * names extensions it does not understand. Veil understands none, so a correctly signed token
 * with any `crit` (well-formed or not) is refused before its claims are used.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCodec } from '../../src/security/auth/token-codec.js';
import { makeAuthFixture, outcomeOf, PASSWORD, type AuthFixture } from './helpers.js';

const ISSUER = { issuer: 'veil-test', audience: 'veil-test-api' } as const;
const now = (): number => Math.floor(Date.now() / 1000);

// Signed with the test's own key; `header` is merged into the JOSE header.
function sign(key: Uint8Array, claims: Record<string, unknown>, header: Record<string, unknown>): string {
  return jwt.sign({ typ: 'access', iat: now(), exp: now() + 600, ver: 0, ...claims }, Buffer.from(key), {
    algorithm: 'HS256',
    ...ISSUER,
    header: { alg: 'HS256', ...header } as jwt.JwtHeader,
  });
}

const HEADERS: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['an unknown extension', { crit: ['x'], x: 1 }],
  ['a registered claim name', { crit: ['exp'] }],
  ['b64 (RFC 7797)', { crit: ['b64'], b64: true }],
  ['an empty list', { crit: [] }],
  ['a string', { crit: 'x', x: 1 }],
  ['null', { crit: null }],
  ['a list naming an absent parameter', { crit: ['missing'] }],
];

describe('jwt: crit header', () => {
  const secret = new Uint8Array(randomBytes(32));
  const codec = new TokenCodec({ secret, ...ISSUER });

  it('accepts the same token without crit (the control)', () => {
    expect(codec.verify(sign(secret, { sub: 'u1', jti: 'j0' }, {}), 'access').sub).toBe('u1');
  });

  it.each(HEADERS)('refuses crit holding %s, with VEIL_AUTH_TOKEN_CRITICAL', (_name, header) => {
    const token = sign(secret, { sub: 'u1', jti: 'j1' }, header);
    expect(() => codec.verify(token, 'access')).toThrow(
      expect.objectContaining({ code: 'VEIL_AUTH_TOKEN_CRITICAL' }),
    );
    expect(() => codec.verify(token, 'access')).not.toThrow(token);
  });

  it('refuses a crit refresh token too', async () => {
    const token = sign(secret, { sub: 'u1', jti: 'j2', typ: 'refresh', fam: 'f1' }, { crit: ['x'], x: 1 });
    expect(await outcomeOf(Promise.resolve().then(() => codec.verify(token, 'refresh')))).toBe(
      'VEIL_AUTH_TOKEN_CRITICAL',
    );
  });
});

describe('jwt: crit header through AuthManager', () => {
  let fx: AuthFixture;
  let userId: string;

  beforeAll(async () => {
    fx = makeAuthFixture();
    userId = (await fx.auth.createUser({ username: 'ada', email: 'ada@example.com', password: PASSWORD })).id;
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it('a correctly signed token for a real user is refused when it carries crit', async () => {
    const plain = sign(fx.secret, { sub: userId, jti: 'plain' }, {});
    expect((await fx.auth.verifyAccessToken(plain)).user.id).toBe(userId);

    const critical = sign(fx.secret, { sub: userId, jti: 'crit' }, { crit: ['x'], x: 1 });
    await expect(fx.auth.verifyAccessToken(critical)).rejects.toMatchObject({
      code: 'VEIL_AUTH_TOKEN_CRITICAL',
    });
  });
});
