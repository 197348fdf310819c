/**
 * pseudonymize: HMAC-SHA-256 (checked against RFC 4231 through an independent implementation),
 * deterministic tokens, key separation, per-field contexts (unlinkable by default, linkable when
 * configured), prefixes and encodings.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { encodeDigest } from '../../src/stages/pseudonymize.js';
import { setTestKey } from '../helpers/records.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function spec(key: string, fields: unknown[], extra: Record<string, unknown> = {}) {
  return pipeline({
    name: 'pseudo',
    input: { format: 'ndjson' },
    stages: [{ type: 'pseudonymize', key, fields, ...extra }],
  });
}

describe('pseudonymize', () => {
  it('the reference HMAC matches RFC 4231 test case 1', () => {
    const key = new Uint8Array(20).fill(0x0b);
    expect(hex(hmac(sha256, key, new TextEncoder().encode('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });

  it('token = prefix + encode(HMAC(key, context || 0x00 || value))', async () => {
    const keyText = '0123456789abcdef0123456789abcdef';
    const key = setTestKey('VEIL_TEST_PSEUDO_KAT', keyText);
    const out = await spec(key, [{ path: 'email', prefix: 'em_' }]).transform({
      email: 'alice@example.com',
    });
    const digest = hmac(
      sha256,
      new TextEncoder().encode(keyText),
      new TextEncoder().encode('email\u0000alice@example.com'),
    );
    expect(out?.['email']).toBe('em_' + encodeDigest(digest, 'base62', 16));
    expect(out?.['email']).toMatch(/^em_[0-9A-Za-z]{16}$/);
  });

  it('base62 and base32 encodings agree with a BigInt / bit-string reference', () => {
    const digest = hmac(
      sha256,
      new Uint8Array(20).fill(0x0b),
      new TextEncoder().encode('Hi There'),
    );
    let n = BigInt('0x' + hex(digest));
    let base62 = '';
    for (let i = 0; i < 42; i++) {
      base62 += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[Number(n % 62n)];
      n /= 62n;
    }
    expect(encodeDigest(digest, 'base62', 42)).toBe(base62);
    const bits = [...digest].map((b) => b.toString(2).padStart(8, '0')).join('');
    const base32 = Array.from(
      { length: 51 },
      (_, i) => '0123456789abcdefghjkmnpqrstvwxyz'[parseInt(bits.slice(i * 5, i * 5 + 5), 2)],
    ).join('');
    expect(encodeDigest(digest, 'base32', 51)).toBe(base32);
  });

  it('is deterministic across pipeline instances and separates keys', async () => {
    const a = setTestKey('VEIL_TEST_PSEUDO_A', 'a'.repeat(32));
    const b = setTestKey('VEIL_TEST_PSEUDO_B', 'b'.repeat(32));
    const one = await spec(a, ['email']).transform({ email: 'x@example.com' });
    const two = await spec(a, ['email']).transform({ email: 'x@example.com' });
    const other = await spec(b, ['email']).transform({ email: 'x@example.com' });
    expect(one).toEqual(two);
    expect(other?.['email']).not.toBe(one?.['email']);
  });

  it('fields are unlinkable by default and linkable through a shared context', async () => {
    const key = setTestKey('VEIL_TEST_PSEUDO_C', 'c'.repeat(32));
    const record = () => ({
      email: 'x@example.com',
      sender: { email: 'x@example.com' },
      cc: ['x@example.com', 'y@example.com'],
    });
    const separate = await spec(key, ['email', 'sender.email']).transform(record());
    expect(separate?.['email']).not.toBe((separate?.['sender'] as { email: string }).email);

    const linked = await spec(key, [
      { path: 'email', context: 'email' },
      { path: 'sender.email', context: 'email' },
      { path: 'cc[]', context: 'email' },
    ]).transform(record());
    expect((linked?.['sender'] as { email: string }).email).toBe(linked?.['email']);
    expect((linked?.['cc'] as string[])[0]).toBe(linked?.['email']);
    expect((linked?.['cc'] as string[])[1]).not.toBe(linked?.['email']);
  });

  it('numbers and their text agree; null and empty strings stay as they are', async () => {
    const key = setTestKey('VEIL_TEST_PSEUDO_D', 'd'.repeat(32));
    const p = spec(key, ['v'], { encoding: 'base32', length: 20, prefix: 'p_' });
    const number = await p.transform({ v: 39 });
    expect(number?.['v']).toEqual((await p.transform({ v: '39' }))?.['v']);
    expect(number?.['v']).toMatch(/^p_[0-9a-hjkmnp-tv-z]{20}$/);
    expect(await p.transform({ v: null })).toEqual({ v: null });
    expect(await p.transform({ v: '' })).toEqual({ v: '' });
  });

  it('refuses short keys and over-long tokens', async () => {
    const key = setTestKey('VEIL_TEST_PSEUDO_E', 'short');
    await expect(spec(key, ['v']).transform({ v: 'x' })).rejects.toThrow(
      'is 5 bytes; at least 16 are required',
    );
    expect(() => spec(key, ['v'], { length: 45 })).toThrow('length must be at most 42 for base62');
  });
});
