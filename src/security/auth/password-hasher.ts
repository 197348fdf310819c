/**
 * Password hashing with scrypt (RFC 7914) from node:crypto, stored as a PHC string:
 * `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (salt and hash in unpadded base64). The parameters
 * travel with the hash, so old hashes keep verifying after the defaults rise, and
 * `needsRehash` tells the login path to upgrade them.
 *
 * Why scrypt and not argon2id: it is in node:crypto (no native package to build), it is
 * memory-hard, and N = 2^17, r = 8 (128 MiB) is the OWASP-recommended floor. Hashing runs on
 * libuv's thread pool (`crypto.scrypt`), so it does not block the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { SecurityConfigError } from '../../errors/security-config-error.js';

/** scrypt cost parameters; `ln` is log2(N). */
export interface ScryptParameters {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** The minimum Veil hashes with: N = 2^17, r = 8, p = 1. */
export const MIN_SCRYPT_PARAMETERS: ScryptParameters = { ln: 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// Verification accepts legacy hashes down to this cost so they can be upgraded on login; a
// stored string below it is treated as corrupt rather than spent CPU on.
const VERIFY_FLOOR_LN = 10;
const MAX_LN = 22;

function scryptAsync(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is below the 2^17 floor.
    maxmem: 256 * 2 ** params.ln * params.r + 16 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, HASH_BYTES, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

interface ParsedHash {
  readonly params: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const PHC =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,64})\$([A-Za-z0-9+/]{32,128})$/;

/** Parses a PHC scrypt string; `undefined` when it is not one (never throws on input). */
export function parsePasswordHash(phc: string): ParsedHash | undefined {
  const match = PHC.exec(phc);
  if (match === null) return undefined;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.ln < VERIFY_FLOOR_LN || params.ln > MAX_LN || params.r < 1 || params.p < 1)
    return undefined;
  return { params, salt: Buffer.from(match[4]!, 'base64'), hash: Buffer.from(match[5]!, 'base64') };
}

/**
 * Hashes and verifies passwords.
 *
 * @example
 * const hasher = new PasswordHasher();
 * const phc = await hasher.hash('correct horse battery staple');
 * await hasher.verify(phc, 'correct horse battery staple'); // true
 */
export class PasswordHasher {
  readonly params: ScryptParameters;

  /** `params` may raise the cost above {@link MIN_SCRYPT_PARAMETERS}, never lower it. */
  constructor(params: Partial<ScryptParameters> = {}) {
    const merged = { ...MIN_SCRYPT_PARAMETERS, ...params };
    if (
      !Number.isInteger(merged.ln) ||
      merged.ln < MIN_SCRYPT_PARAMETERS.ln ||
      merged.ln > MAX_LN ||
      !Number.isInteger(merged.r) ||
      merged.r < MIN_SCRYPT_PARAMETERS.r ||
      merged.r > 32 ||
      !Number.isInteger(merged.p) ||
      merged.p < 1 ||
      merged.p > 16
    ) {
      throw new SecurityConfigError('scrypt parameters: ln 17..22, r 8..32, p 1..16 are accepted');
    }
    this.params = merged;
  }

  /** Hashes `password` with a fresh 16-byte salt; returns the PHC string. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await scryptAsync(password, salt, this.params);
    const { ln, r, p } = this.params;
    return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
  }

  /**
   * True when `password` matches `phc`. Compares in constant time; an unparsable `phc` is false
   * (after spending the same work as a real check, so the caller's timing does not tell).
   */
  async verify(phc: string, password: string): Promise<boolean> {
    const parsed = parsePasswordHash(phc);
    if (parsed === undefined) {
      await scryptAsync(password, randomBytes(SALT_BYTES), this.params);
      return false;
    }
    const key = await scryptAsync(password, parsed.salt, parsed.params);
    return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
  }

  /** True when `phc` was made with weaker parameters than this hasher's (or is unreadable). */
  needsRehash(phc: string): boolean {
    const parsed = parsePasswordHash(phc);
    if (parsed === undefined) return true;
    const { ln, r, p } = parsed.params;
    return (
      ln < this.params.ln ||
      r < this.params.r ||
      p < this.params.p ||
      parsed.hash.length < HASH_BYTES
    );
  }
}
