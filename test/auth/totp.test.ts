import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  totp,
  verifyTotp,
} from '../../src/security/auth/totp.js';

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));

describe('one-time passwords', () => {
  it('matches the RFC 4226 Appendix D HOTP values', () => {
    const secret = ascii('12345678901234567890');
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, counter) => hotp(secret, counter))).toEqual(expected);
  });

  it('matches the RFC 6238 Appendix B TOTP values (SHA-1, SHA-256, SHA-512, 8 digits)', () => {
    const seeds = {
      sha1: ascii('12345678901234567890'),
      sha256: ascii('12345678901234567890123456789012'),
      sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
    };
    const table: Array<[number, string, string, string]> = [
      [59, '94287082', '46119246', '90693936'],
      [1111111109, '07081804', '68084774', '25091201'],
      [1111111111, '14050471', '67062674', '99943326'],
      [1234567890, '89005924', '91819424', '93441116'],
      [2000000000, '69279037', '90698825', '38618901'],
      [20000000000, '65353130', '77737706', '47863826'],
    ];
    for (const [seconds, sha1, sha256, sha512] of table) {
      const ms = seconds * 1000;
      expect(totp(seeds.sha1, ms, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
      expect(totp(seeds.sha256, ms, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
      expect(totp(seeds.sha512, ms, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
    }
  });

  it('accepts one step of drift, refuses replays and garbage', () => {
    const secret = ascii('12345678901234567890');
    const now = 1_700_000_000_000;
    const code = totp(secret, now - 30_000);
    const step = verifyTotp(secret, code, now);
    expect(step).toBe(Math.floor(now / 30_000) - 1);
    expect(verifyTotp(secret, code, now, { lastUsedStep: step })).toBeUndefined();
    expect(verifyTotp(secret, totp(secret, now - 90_000), now)).toBeUndefined();
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 12345'])
      expect(verifyTotp(secret, bad, now)).toBeUndefined();
  });

  it('base32 round-trips (RFC 4648 test vector and property)', () => {
    expect(base32Encode(ascii('foobar'))).toBe('MZXW6YTBOI');
    expect(Buffer.from(base32Decode('MZXW6YTBOI======')!).toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
      }),
    );
  });
});
