/**
 * One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238), with base32 secrets (RFC 4648
 * section 6) as authenticator apps expect them in `otpauth://` URIs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC hash of the OTP (RFC 6238 section 1.2 allows SHA-1, SHA-256, SHA-512). */
export type OtpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** TOTP settings; the defaults are what authenticator apps assume. */
export interface TotpOptions {
  /** Time step in seconds (default 30, RFC 6238 section 5.2). */
  readonly step?: number;
  /** Code length, 6..8 (default 6). */
  readonly digits?: number;
  readonly algorithm?: OtpAlgorithm;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, padding and spaces ignored); `undefined` if invalid. */
export function base32Decode(text: string): Uint8Array | undefined {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** HOTP value of `counter` (RFC 4226 section 5.3: dynamic truncation). */
export function hotp(
  secret: Uint8Array,
  counter: number,
  digits = 6,
  algorithm: OtpAlgorithm = 'sha1',
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return binary.toString().padStart(digits, '0');
}

/** The TOTP time step that contains `timeMs`. */
export function totpStep(timeMs: number, step = 30): number {
  return Math.floor(timeMs / 1000 / step);
}

/** TOTP value at `timeMs` (RFC 6238 section 4.2, T0 = 0). */
export function totp(secret: Uint8Array, timeMs: number, options: TotpOptions = {}): string {
  return hotp(
    secret,
    totpStep(timeMs, options.step ?? 30),
    options.digits ?? 6,
    options.algorithm ?? 'sha1',
  );
}

/**
 * Checks `code` against the steps `window` either side of now (RFC 6238 section 5.2 suggests
 * one step of tolerance for network delay) and returns the matching step, or `undefined`.
 * Steps at or before `lastUsedStep` are refused, so a code works once.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpOptions & { window?: number; lastUsedStep?: number } = {},
): number | undefined {
  const digits = options.digits ?? 6;
  if (typeof code !== 'string' || code.length !== digits || !/^\d+$/.test(code)) return undefined;
  const now = totpStep(timeMs, options.step ?? 30);
  const window = options.window ?? 1;
  let matched: number | undefined;
  // Every candidate is compared, matched or not, so timing does not reveal which step matched.
  for (let step = now - window; step <= now + window; step += 1) {
    const expected = Buffer.from(hotp(secret, step, digits, options.algorithm ?? 'sha1'));
    if (timingSafeEqual(expected, Buffer.from(code)) && step > (options.lastUsedStep ?? -1))
      matched = step;
  }
  return matched;
}

/** The `otpauth://totp/...` URI authenticator apps scan as a QR code. */
export function otpauthUri(options: { secret: string; account: string; issuer: string }): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({
    secret: options.secret,
    issuer: options.issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
