/**
 * The one place Veil signs and verifies JSON Web Tokens. It wraps jsonwebtoken and closes the
 * gaps that library leaves to its caller (see cases BR-14 and BR-16):
 *
 * - one algorithm, fixed at construction, passed explicitly to every verify (`alg: none`, key
 *   confusion with an RSA public key used as an HMAC secret, and algorithm downgrade all fail);
 * - issuer, audience and maximum age always checked; `exp`, `iat`, `jti`, `sub` and `typ`
 *   required; `typ` tells an access token from a refresh token;
 * - a `crit` header refused (RFC 7515 section 4.1.11: Veil understands no extension);
 * - HMAC secrets of at least 32 bytes (RFC 7518 section 3.2 asks for a key as long as the hash);
 * - a clock tolerance that is a small non-negative integer (a string, NaN or Infinity would make
 *   jsonwebtoken accept expired tokens);
 * - every failure, including a non-string token or a payload that is not JSON, becomes an
 *   `AuthenticationError` with a stable code; nothing else escapes.
 *
 * EdDSA is not offered: jsonwebtoken 9 does not implement it (its verify.js lists HS, RS, PS and
 * ES algorithms only). ES256 is the compact asymmetric choice.
 */
import {
  KeyObject,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  randomBytes,
} from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  AuthenticationError,
  type AuthenticationErrorCode,
} from '../../errors/authentication-error.js';
import { SecurityConfigError } from '../../errors/security-config-error.js';

/** Algorithms the codec supports. */
export type JwtAlgorithm = 'HS256' | 'RS256' | 'ES256';
/** The two kinds of token, carried in the `typ` claim. */
export type TokenType = 'access' | 'refresh';

/** Options of {@link TokenCodec}. */
export interface TokenCodecOptions {
  /** Default `HS256`. */
  readonly algorithm?: JwtAlgorithm | undefined;
  /** HS256 secret, at least 32 bytes. */
  readonly secret?: Uint8Array | undefined;
  /** RS256/ES256 private key (PEM or KeyObject); needed to sign. */
  readonly privateKey?: string | KeyObject | undefined;
  /** RS256/ES256 public key (PEM or KeyObject); derived from the private key when absent. */
  readonly publicKey?: string | KeyObject | undefined;
  /** `iss` of issued tokens, required of verified ones. */
  readonly issuer: string;
  /** `aud` of issued tokens, required of verified ones. */
  readonly audience: string;
  /** Access token lifetime in seconds (default 900 = 15 minutes). */
  readonly accessTtlSeconds?: number | undefined;
  /** Refresh token lifetime in seconds (default 1,209,600 = 14 days). */
  readonly refreshTtlSeconds?: number | undefined;
  /** Allowed clock skew in whole seconds, 0..300 (default 0). */
  readonly clockToleranceSeconds?: number | undefined;
  /** Clock in epoch milliseconds (tests inject one). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Claims of a verified token. */
export interface TokenClaims {
  readonly sub: string;
  readonly jti: string;
  readonly typ: TokenType;
  readonly iat: number;
  readonly exp: number;
  readonly iss: string;
  readonly aud: string;
  /** The user's session version when the token was issued (a higher one revokes it). */
  readonly ver: number;
  /** Refresh-token family. */
  readonly fam?: string;
}

const MAX_TOKEN_LENGTH = 8192;
/** Verified access tokens kept (about 0.5 KB each). */
const VERIFIED_CACHE_SIZE = 4096;
const SEGMENT = /^[A-Za-z0-9_-]*$/;
const ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256', 'ES256'];

function positiveSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new SecurityConfigError(`${name}: expected a positive whole number of seconds`);
  }
  return value;
}

function fail(code: AuthenticationErrorCode, message: string, cause?: unknown): never {
  throw new AuthenticationError(code, message, cause === undefined ? undefined : { cause });
}

function decodeJsonSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Maps a jsonwebtoken error to a stable code; unknown shapes count as malformed. */
function mapLibraryError(error: unknown): never {
  if (error instanceof jwt.TokenExpiredError)
    fail('VEIL_AUTH_TOKEN_EXPIRED', 'token expired', error);
  if (error instanceof jwt.NotBeforeError)
    fail('VEIL_AUTH_TOKEN_NOT_ACTIVE', 'token not yet valid', error);
  if (error instanceof jwt.JsonWebTokenError) {
    const message = error.message;
    if (message.includes('signature'))
      fail('VEIL_AUTH_TOKEN_SIGNATURE', 'token signature invalid', error);
    if (message.includes('algorithm'))
      fail('VEIL_AUTH_TOKEN_ALGORITHM', 'token algorithm not accepted', error);
    if (/audience|issuer|subject|jwtid|nonce|iat|payload/.test(message)) {
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token claims not accepted', error);
    }
  }
  fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed', error);
}

/**
 * Signs and verifies Veil's access and refresh tokens.
 *
 * @example
 * const codec = new TokenCodec({ secret, issuer: 'veil', audience: 'veil-api' });
 * const token = codec.sign('access', { sub: user.id, jti: codec.newTokenId(), ver: 0 });
 * const claims = codec.verify(token, 'access');
 */
export class TokenCodec {
  readonly algorithm: JwtAlgorithm;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly #signKey: KeyObject | undefined;
  readonly #verifyKey: KeyObject;
  readonly #now: () => number;
  /**
   * Access tokens whose signature and claims were verified, by their exact text, until they
   * expire. An API client sends the same token with every call for up to 15 minutes; checking the
   * HMAC and parsing both segments again was the largest cost of token verification in the serve
   * benchmark. Only an identical string hits, so a forged or altered token is always verified in
   * full; time checks run again on every hit. Revocation is not the codec's business: the
   * AuthManager checks it on every call, cached or not.
   */
  readonly #verifiedAccess = new Map<string, TokenClaims>();

  constructor(options: TokenCodecOptions) {
    const algorithm = options.algorithm ?? 'HS256';
    if (!ALGORITHMS.includes(algorithm)) {
      throw new SecurityConfigError(`jwt algorithm: expected one of ${ALGORITHMS.join(', ')}`);
    }
    for (const name of ['issuer', 'audience'] as const) {
      const value: unknown = options[name];
      if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
        throw new SecurityConfigError(`jwt ${name}: expected a non-empty string`);
      }
    }
    const tolerance: unknown = options.clockToleranceSeconds ?? 0;
    if (
      typeof tolerance !== 'number' ||
      !Number.isInteger(tolerance) ||
      tolerance < 0 ||
      tolerance > 300
    ) {
      throw new SecurityConfigError(
        'jwt clockToleranceSeconds: expected a whole number from 0 to 300',
      );
    }

    if (algorithm === 'HS256') {
      const secret: unknown = options.secret;
      if (!(secret instanceof Uint8Array) || secret.length < 32) {
        throw new SecurityConfigError('jwt secret: HS256 needs a secret of at least 32 bytes');
      }
      const key = createSecretKey(Buffer.from(secret));
      this.#signKey = key;
      this.#verifyKey = key;
    } else {
      const expected = algorithm === 'RS256' ? 'rsa' : 'ec';
      try {
        this.#signKey =
          options.privateKey === undefined
            ? undefined
            : options.privateKey instanceof KeyObject
              ? options.privateKey
              : createPrivateKey(options.privateKey);
        const publicSource = options.publicKey ?? this.#signKey;
        if (publicSource === undefined)
          throw new SecurityConfigError(`jwt ${algorithm}: a public or private key is required`);
        this.#verifyKey =
          publicSource instanceof KeyObject
            ? publicSource.type === 'private'
              ? createPublicKey(publicSource)
              : publicSource
            : createPublicKey(publicSource);
      } catch (error) {
        if (error instanceof SecurityConfigError) throw error;
        throw new SecurityConfigError(`jwt ${algorithm}: the key cannot be parsed`, {
          cause: error,
        });
      }
      if (
        this.#verifyKey.asymmetricKeyType !== expected ||
        (this.#signKey !== undefined && this.#signKey.asymmetricKeyType !== expected)
      ) {
        throw new SecurityConfigError(
          `jwt ${algorithm}: expected an ${expected.toUpperCase()} key`,
        );
      }
      if (
        algorithm === 'RS256' &&
        (this.#verifyKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048
      ) {
        throw new SecurityConfigError('jwt RS256: the RSA key must have at least 2048 bits');
      }
      if (
        algorithm === 'ES256' &&
        this.#verifyKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
      ) {
        throw new SecurityConfigError('jwt ES256: the key must be on the P-256 curve');
      }
    }

    this.algorithm = algorithm;
    this.issuer = options.issuer;
    this.audience = options.audience;
    this.accessTtlSeconds = positiveSeconds(options.accessTtlSeconds, 'jwt accessTtlSeconds', 900);
    this.refreshTtlSeconds = positiveSeconds(
      options.refreshTtlSeconds,
      'jwt refreshTtlSeconds',
      1_209_600,
    );
    this.clockToleranceSeconds = tolerance;
    this.#now = options.now ?? Date.now;
  }

  /** A fresh random token id (128 bits, base64url). */
  newTokenId(): string {
    return randomBytes(16).toString('base64url');
  }

  /** Signs a token of type `typ`; `iat`, `exp`, `iss`, `aud` and `typ` are set here. */
  sign(typ: TokenType, claims: { sub: string; jti: string; ver: number; fam?: string }): string {
    if (this.#signKey === undefined)
      throw new SecurityConfigError(`jwt ${this.algorithm}: signing needs the private key`);
    const iat = Math.floor(this.#now() / 1000);
    const ttl = typ === 'access' ? this.accessTtlSeconds : this.refreshTtlSeconds;
    const payload = { ...claims, typ, iat, exp: iat + ttl };
    return jwt.sign(payload, this.#signKey, {
      algorithm: this.algorithm,
      issuer: this.issuer,
      audience: this.audience,
      header: { alg: this.algorithm, typ: 'JWT' },
    });
  }

  /**
   * Verifies `token` as a token of type `typ` and returns its claims.
   * @throws AuthenticationError with a `VEIL_AUTH_TOKEN_*` code for every failure.
   */
  verify(token: unknown, typ: TokenType): TokenClaims {
    if (typeof token !== 'string')
      fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed: not a string');
    if (token.length > MAX_TOKEN_LENGTH)
      fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed: too long');
    if (typ === 'access') {
      const known = this.#verifiedAccess.get(token);
      if (known !== undefined) {
        if (this.#stillValid(known)) return known;
        // Expired: verify in full, which answers with the right error code.
        this.#verifiedAccess.delete(token);
      }
    }
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) {
      fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed: expected three base64url segments');
    }
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = decodeJsonSegment(headerPart) as { alg?: unknown } | undefined;
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed: header is not a JSON object');
    }
    // Checked before anything else reads the token: `none` and every other algorithm stop here.
    if (header.alg !== this.algorithm)
      fail('VEIL_AUTH_TOKEN_ALGORITHM', 'token algorithm not accepted');
    // RFC 7515 section 4.1.11: a recipient must reject a token whose `crit` lists an extension
    // it does not understand. Veil understands none, and a malformed `crit` (not a non-empty
    // array of names) is invalid too, so any `crit` at all is refused before the claims are read.
    if (Object.hasOwn(header, 'crit')) {
      fail('VEIL_AUTH_TOKEN_CRITICAL', 'token header has critical extensions (crit)');
    }
    if (signaturePart.length === 0) fail('VEIL_AUTH_TOKEN_SIGNATURE', 'token signature missing');
    const body = decodeJsonSegment(payloadPart);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed: payload is not a JSON object');
    }

    let payload: Record<string, unknown>;
    try {
      const verified = jwt.verify(token, this.#verifyKey, {
        algorithms: [this.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        maxAge: typ === 'access' ? this.accessTtlSeconds : this.refreshTtlSeconds,
        clockTolerance: this.clockToleranceSeconds,
        clockTimestamp: Math.floor(this.#now() / 1000),
      });
      if (typeof verified !== 'object' || verified === null)
        fail('VEIL_AUTH_TOKEN_MALFORMED', 'token malformed');
      payload = verified as Record<string, unknown>;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      mapLibraryError(error);
    }

    const { sub, jti, exp, iat, ver, fam } = payload;
    // jsonwebtoken checks exp only when present; Veil requires it.
    if (typeof exp !== 'number' || !Number.isFinite(exp))
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token has no exp claim');
    if (typeof iat !== 'number' || !Number.isFinite(iat))
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token has no iat claim');
    // jsonwebtoken measures maxAge from iat and accepts one in the future: such a token would
    // outlive the lifetime this codec promises.
    if (iat > Math.floor(this.#now() / 1000) + this.clockToleranceSeconds)
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token iat is in the future');
    if (payload['typ'] !== typ) fail('VEIL_AUTH_TOKEN_CLAIMS', `token is not ${typ === 'access' ? 'an' : 'a'} ${typ} token`);
    if (typeof sub !== 'string' || sub.length === 0)
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token has no sub claim');
    if (typeof jti !== 'string' || jti.length === 0)
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token has no jti claim');
    if (typeof ver !== 'number' || !Number.isSafeInteger(ver))
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token has no ver claim');
    if (typ === 'refresh' && (typeof fam !== 'string' || fam.length === 0)) {
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'refresh token has no fam claim');
    }
    // An access token without `fam` predates sessions (logout ends it by user version); one
    // whose `fam` is there but not a session id would pass for such a token and outlive logout.
    if (fam !== undefined && (typeof fam !== 'string' || fam.length === 0)) {
      fail('VEIL_AUTH_TOKEN_CLAIMS', 'token fam claim is not a session id');
    }
    const claims: TokenClaims = Object.freeze({
      sub,
      jti,
      typ,
      iat,
      exp,
      ver,
      iss: this.issuer,
      aud: this.audience,
      ...(typeof fam === 'string' ? { fam } : {}),
    });
    if (typ === 'access') {
      // Bounded: the oldest entry goes first (Map keeps insertion order).
      if (this.#verifiedAccess.size >= VERIFIED_CACHE_SIZE) {
        this.#verifiedAccess.delete(this.#verifiedAccess.keys().next().value as string);
      }
      this.#verifiedAccess.set(token, claims);
    }
    return claims;
  }

  /** The time checks `jwt.verify` made (expiry and maximum age, with the tolerance), again. */
  #stillValid(claims: TokenClaims): boolean {
    const now = Math.floor(this.#now() / 1000);
    return (
      now < claims.exp + this.clockToleranceSeconds &&
      now - claims.iat < this.accessTtlSeconds + this.clockToleranceSeconds
    );
  }
}
