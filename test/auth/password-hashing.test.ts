import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountError } from '../../src/errors/account-error.js';
import { PasswordHasher, parsePasswordHash } from '../../src/security/auth/password-hasher.js';
import { checkPassword } from '../../src/security/auth/password-policy.js';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
let userId: string;
beforeAll(async () => {
  fx = makeAuthFixture();
  userId = (
    await fx.auth.createUser({
      username: 'barbara',
      email: 'barbara@example.com',
      password: PASSWORD,
    })
  ).id;
});
afterAll(async () => {
  await fx.cleanup();
});

describe('password hashing and policy', () => {
  it('stores a PHC scrypt hash meeting the minimums (N >= 2^17, r = 8, p = 1, 16-byte salt)', () => {
    const stored = fx.auth.users.get(userId)!.passwordHash;
    expect(stored).toMatch(/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$/);
    const parsed = parsePasswordHash(stored)!;
    expect(parsed.params.ln).toBeGreaterThanOrEqual(17);
    expect(parsed.params.r).toBeGreaterThanOrEqual(8);
    expect(parsed.params.p).toBe(1);
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32);
    expect(stored).not.toContain(PASSWORD);
    // Cross-check against node:crypto directly.
    const expected = scryptSync(PASSWORD.normalize('NFKC'), parsed.salt, 32, {
      N: 2 ** 17,
      r: 8,
      p: 1,
      maxmem: 512 * 1024 * 1024,
    });
    expect(expected.equals(parsed.hash)).toBe(true);
  });

  it('refuses weaker hasher parameters', () => {
    expect(() => new PasswordHasher({ ln: 16 })).toThrow(/ln 17/);
    expect(() => new PasswordHasher({ r: 4 })).toThrow();
  });

  it('rehashes a legacy weaker hash on login', async () => {
    const salt = randomBytes(16);
    const legacy = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const phc = `$scrypt$ln=14,r=8,p=1$${salt.toString('base64').replace(/=+$/, '')}$${legacy.toString('base64').replace(/=+$/, '')}`;
    const current = fx.auth.users.get(userId)!;
    await fx.auth.users.put(userId, { ...current, passwordHash: phc });
    const hasher = new PasswordHasher();
    expect(hasher.needsRehash(phc)).toBe(true);

    await fx.auth.login({ username: 'barbara', password: PASSWORD });
    const upgraded = fx.auth.users.get(userId)!.passwordHash;
    expect(parsePasswordHash(upgraded)!.params.ln).toBe(17);
    expect(hasher.needsRehash(upgraded)).toBe(false);
    const login = fx.audit.searchEvents({ type: 'user_login', userId }).events;
    expect(login[login.length - 1]!.details['rehashed']).toBe(true);
  });

  it('applies the policy: length window, common passwords, no composition rules', () => {
    expect(checkPassword('short-pass')).toBe('too-short');
    expect(checkPassword('x'.repeat(20) + 'y'.repeat(109))).toBe('too-long');
    expect(checkPassword('1qaz2wsx3edc')).toBe('common');
    expect(checkPassword('Password2024!')).toBe('common');
    expect(checkPassword('iloveyou123456')).toBe('common');
    expect(checkPassword('aaaaaaaaaaaaaaa')).toBe('repetitive');
    expect(checkPassword('correct horse battery staple')).toBeUndefined();
    expect(checkPassword('lowercaseonlybutlong')).toBeUndefined();
    // Unicode counts in code points: 12 emoji are 12 characters.
    expect(checkPassword('🔒🗝️🔑🧩🎲🎯🪁🛶🧭🌋🪐🦉🐙')).toBeUndefined();
  });

  it('refuses a password that is little more than the user name, e-mail or service (round 13)', async () => {
    expect(checkPassword('ada5ada5ada5ada5', ['ada5'])).toBe('context');
    expect(checkPassword('Ada5-Ada5-ada5!', ['ada5'])).toBe('context');
    expect(checkPassword('veilveilveil2024', ['someone', 'veil'])).toBe('context');
    // The words may appear in a password with enough else in it.
    expect(checkPassword('ada5 likes long walks by the sea', ['ada5'])).toBeUndefined();
    expect(checkPassword('unveiled-garden-path', ['veil'])).toBeUndefined();
    expect(checkPassword('ada5ada5ada5ada5')).toBeUndefined();
    const byName = await fx.auth
      .createUser({ username: 'ada5', email: 'lovelace@example.com', password: 'ada5ada5ada5ada5' })
      .catch((e: unknown) => e);
    expect((byName as AccountError).code).toBe('VEIL_ACCOUNT_WEAK_PASSWORD');
    expect((byName as Error).message).toBe('password: too close to the user name, e-mail address or service name');
    const byMail = await fx.auth
      .createUser({ username: 'ada6', email: 'lovelace@example.com', password: 'Lovelace!Lovelace' })
      .catch((e: unknown) => e);
    expect((byMail as AccountError).code).toBe('VEIL_ACCOUNT_WEAK_PASSWORD');
    const user = await fx.auth.createUser({ username: 'ada7', email: 'a7@example.com', password: 'correct horse battery staple' });
    const change = await fx.auth.changePassword(user.id, 'ada7ada7ada7ada7').catch((e: unknown) => e);
    expect((change as AccountError).code).toBe('VEIL_ACCOUNT_WEAK_PASSWORD');
  });

  it('rejects a weak password at creation without echoing it', async () => {
    const weak = 'Password2024!';
    const error = await fx.auth
      .createUser({ username: 'weakling', email: 'weak@example.com', password: weak })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountError);
    expect((error as AccountError).code).toBe('VEIL_ACCOUNT_WEAK_PASSWORD');
    expect((error as Error).message).not.toContain(weak);
  });
});
