import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { SecurityConfigError } from '../../src/errors/security-config-error.js';
import { TokenCodec, type TokenCodecOptions } from '../../src/security/auth/token-codec.js';

const secret = new Uint8Array(randomBytes(32));
const base: TokenCodecOptions = { secret, issuer: 'veil-test', audience: 'veil-test-api' };
const codec = new TokenCodec(base);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);
const goodClaims = () => ({
  sub: 'user-1',
  jti: 'j1',
  ver: 0,
  typ: 'access',
  iat: now(),
  exp: now() + 600,
});

function rejects(
  token: unknown,
  code: string,
  typ: 'access' | 'refresh' = 'access',
  verifier = codec,
): void {
  let caught: unknown;
  try {
    verifier.verify(token, typ);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AuthenticationError);
  expect((caught as AuthenticationError).code).toBe(code);
  if (typeof token === 'string' && token.length > 10)
    expect((caught as Error).message).not.toContain(token);
}

function raw(
  payload: object,
  key: Uint8Array | string = secret,
  options: jwt.SignOptions = {},
): string {
  return jwt.sign(payload, Buffer.from(key), {
    algorithm: 'HS256',
    issuer: 'veil-test',
    audience: 'veil-test-api',
    ...options,
  });
}

function reportedCase(id: string): { input: Record<string, unknown> } {
  const lines = readFileSync(
    new URL('../fixtures/reported-failures.jsonl', import.meta.url),
    'utf8',
  ).split('\n');
  const line = lines.find((l) => l.includes(`"id":"${id}"`));
  if (line === undefined) throw new Error(`case ${id} not found`);
  return JSON.parse(line);
}

describe('token codec: attacks and malformed tokens', () => {
  it('accepts its own token and returns the claims', () => {
    const token = codec.sign('access', { sub: 'user-1', jti: 'j1', ver: 3 });
    expect(codec.verify(token, 'access')).toMatchObject({
      sub: 'user-1',
      jti: 'j1',
      ver: 3,
      typ: 'access',
      iss: 'veil-test',
    });
  });

  it('BR-14: rejects alg none, with and without a signature, and refuses to run without a key', () => {
    const { input } = reportedCase('BR-14');
    rejects(input['token'], 'VEIL_AUTH_TOKEN_ALGORITHM');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`;
    rejects(none, 'VEIL_AUTH_TOKEN_ALGORITHM');
    rejects(`${none}c2lnbmF0dXJl`, 'VEIL_AUTH_TOKEN_ALGORITHM');
    rejects(`${b64({ alg: 'NONE' })}.${b64(goodClaims())}.`, 'VEIL_AUTH_TOKEN_ALGORITHM');
    // The case's own 16-byte secret is refused, as is no key or the none algorithm.
    expect(() => new TokenCodec({ ...base, secret: Buffer.from(String(input['secret'])) })).toThrow(
      SecurityConfigError,
    );
    expect(() => new TokenCodec({ ...base, secret: undefined })).toThrow(/at least 32 bytes/);
    expect(() => new TokenCodec({ ...base, secret: new Uint8Array(0) })).toThrow(
      SecurityConfigError,
    );
    expect(() => new TokenCodec({ ...base, algorithm: 'none' as never })).toThrow(/algorithm/);
    expect(() => new TokenCodec({ ...base, algorithm: 'EdDSA' as never })).toThrow(/algorithm/);
  });

  it('BR-16: every malformed token fails with AuthenticationError, never another class', () => {
    const { input } = reportedCase('BR-16');
    const tokens = input['tokens'] as unknown[];
    const more: unknown[] = [
      undefined,
      '',
      '...',
      'a.b.c.d',
      `${b64({ alg: 'HS256' })}.%%%.sig`,
      `${b64({ alg: 'HS256' })}.${b64('a string payload')}.c2ln`,
      `${b64([1, 2])}.${b64(goodClaims())}.c2ln`,
      `${Buffer.from('{"alg":"HS256"').toString('base64url')}.${b64(goodClaims())}.c2ln`,
      `${b64({ alg: 'HS256' })}.${b64(goodClaims())}`,
      'x'.repeat(10_000),
      Symbol('t'),
      ['a', 'b', 'c'],
      new String('a.b.c'),
    ];
    for (const token of [...tokens, ...more]) {
      let caught: unknown;
      try {
        codec.verify(token, 'access');
      } catch (error) {
        caught = error;
      }
      expect(caught, String(typeof token)).toBeInstanceOf(AuthenticationError);
      expect([
        'VEIL_AUTH_TOKEN_MALFORMED',
        'VEIL_AUTH_TOKEN_SIGNATURE',
        'VEIL_AUTH_TOKEN_ALGORITHM',
      ]).toContain((caught as AuthenticationError).code);
    }
    // The first BR-16 token (payload is truncated JSON) is reported as malformed.
    rejects(tokens[0], 'VEIL_AUTH_TOKEN_MALFORMED');
  });

  it('rejects HS256 signed with the RSA public key (key confusion) when RS256 is configured', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = new TokenCodec({ ...base, secret: undefined, algorithm: 'RS256', privateKey });
    const good = rs.sign('access', { sub: 'u', jti: 'j', ver: 0 });
    expect(rs.verify(good, 'access').sub).toBe('u');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const forged = jwt.sign(goodClaims(), Buffer.from(pem), {
      algorithm: 'HS256',
      issuer: 'veil-test',
      audience: 'veil-test-api',
    });
    rejects(forged, 'VEIL_AUTH_TOKEN_ALGORITHM', 'access', rs);
    // And an RS256 verifier given only the public key cannot sign.
    const verifyOnly = new TokenCodec({
      ...base,
      secret: undefined,
      algorithm: 'RS256',
      publicKey: pem,
    });
    expect(verifyOnly.verify(good, 'access').sub).toBe('u');
    expect(() => verifyOnly.sign('access', { sub: 'u', jti: 'j', ver: 0 })).toThrow(
      SecurityConfigError,
    );
    // Too-small RSA keys are refused.
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(
      () => new TokenCodec({ ...base, algorithm: 'RS256', privateKey: small.privateKey }),
    ).toThrow(/2048/);
  });

  it('ES256 works and refuses a token from another key', () => {
    const es = new TokenCodec({
      ...base,
      algorithm: 'ES256',
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    const other = new TokenCodec({
      ...base,
      algorithm: 'ES256',
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    });
    expect(
      es.verify(es.sign('refresh', { sub: 'u', jti: 'j', ver: 0, fam: 'f' }), 'refresh').fam,
    ).toBe('f');
    rejects(
      other.sign('access', { sub: 'u', jti: 'j', ver: 0 }),
      'VEIL_AUTH_TOKEN_SIGNATURE',
      'access',
      es,
    );
  });

  it('rejects a tampered payload and a foreign secret', () => {
    const token = codec.sign('access', { sub: 'user-1', jti: 'j1', ver: 0 });
    const [h, , s] = token.split('.');
    rejects(`${h}.${b64({ ...goodClaims(), sub: 'admin' })}.${s}`, 'VEIL_AUTH_TOKEN_SIGNATURE');
    rejects(raw(goodClaims(), randomBytes(32)), 'VEIL_AUTH_TOKEN_SIGNATURE');
  });

  it('rejects expired tokens, tokens older than maxAge, and nbf in the future', () => {
    rejects(
      raw({ ...goodClaims(), iat: now() - 1000, exp: now() - 10 }),
      'VEIL_AUTH_TOKEN_EXPIRED',
    );
    // exp far in the future but issued longer ago than the 15-minute access lifetime.
    rejects(
      raw({ ...goodClaims(), iat: now() - 3600, exp: now() + 3600 }),
      'VEIL_AUTH_TOKEN_EXPIRED',
    );
    rejects(raw({ ...goodClaims(), nbf: now() + 3600 }), 'VEIL_AUTH_TOKEN_NOT_ACTIVE');
    // Issued "in a year": maxAge counts from iat, so this would live a year past its lifetime.
    rejects(
      raw({ ...goodClaims(), iat: now() + 365 * 86400, exp: now() + 366 * 86400 }),
      'VEIL_AUTH_TOKEN_CLAIMS',
    );
    // A codec whose clock has moved past the lifetime refuses its own old token.
    let clock = Date.now();
    const timed = new TokenCodec({ ...base, now: () => clock });
    const token = timed.sign('access', { sub: 'u', jti: 'j', ver: 0 });
    clock += 901_000;
    rejects(token, 'VEIL_AUTH_TOKEN_EXPIRED', 'access', timed);
  });

  it('requires exp, iat, typ, sub, jti and the right iss and aud', () => {
    const { exp: _exp, ...noExp } = goodClaims();
    rejects(raw(noExp), 'VEIL_AUTH_TOKEN_CLAIMS');
    rejects(raw(goodClaims(), secret, { noTimestamp: true }), 'VEIL_AUTH_TOKEN_CLAIMS');
    rejects(raw(goodClaims(), secret, { audience: 'someone-else' }), 'VEIL_AUTH_TOKEN_CLAIMS');
    rejects(raw(goodClaims(), secret, { issuer: 'evil' }), 'VEIL_AUTH_TOKEN_CLAIMS');
    rejects(raw({ ...goodClaims(), typ: 'refresh', fam: 'f' }), 'VEIL_AUTH_TOKEN_CLAIMS', 'access');
    rejects(
      codec.sign('access', { sub: 'u', jti: 'j', ver: 0 }),
      'VEIL_AUTH_TOKEN_CLAIMS',
      'refresh',
    );
    // The article agrees with the token type in the message.
    expect(() => codec.verify(raw({ ...goodClaims(), typ: 'refresh', fam: 'f' }), 'access')).toThrow(
      /^token is not an access token$/,
    );
    expect(() => codec.verify(codec.sign('access', { sub: 'u', jti: 'j', ver: 0 }), 'refresh')).toThrow(
      /^token is not a refresh token$/,
    );
    const { sub: _sub, ...noSub } = goodClaims();
    rejects(raw(noSub), 'VEIL_AUTH_TOKEN_CLAIMS');
    const { jti: _jti, ...noJti } = goodClaims();
    rejects(raw(noJti), 'VEIL_AUTH_TOKEN_CLAIMS');
  });

  it('refuses a clock tolerance given as a string, NaN or Infinity (no expired token slips through)', () => {
    for (const tolerance of ['1000000', Number.NaN, Number.POSITIVE_INFINITY, -1, 0.5, 301]) {
      expect(() => new TokenCodec({ ...base, clockToleranceSeconds: tolerance as number })).toThrow(
        SecurityConfigError,
      );
    }
    const tolerant = new TokenCodec({ ...base, clockToleranceSeconds: 30 });
    rejects(
      raw({ ...goodClaims(), iat: now() - 600, exp: now() - 31 }),
      'VEIL_AUTH_TOKEN_EXPIRED',
      'access',
      tolerant,
    );
    expect(
      tolerant.verify(raw({ ...goodClaims(), iat: now() - 600, exp: now() - 5 }), 'access').sub,
    ).toBe('user-1');
  });
});
