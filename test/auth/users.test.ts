import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountError } from '../../src/errors/account-error.js';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
let id: string;
beforeAll(async () => {
  fx = makeAuthFixture();
  id = (
    await fx.auth.createUser({
      username: 'Katherine',
      email: 'Kat@Example.com',
      password: PASSWORD,
      roles: ['operator'],
    })
  ).id;
});
afterAll(async () => {
  await fx.cleanup();
});

async function failure(promise: Promise<unknown>): Promise<AccountError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccountError);
  return error as AccountError;
}

describe('users', () => {
  it('keeps usernames and emails unique case-insensitively', async () => {
    const byName = await failure(
      fx.auth.createUser({ username: 'KATHERINE', email: 'other@example.com', password: PASSWORD }),
    );
    expect(byName.code).toBe('VEIL_ACCOUNT_CONFLICT');
    expect(byName.message).toMatch(/^username/);
    const byEmail = await failure(
      fx.auth.createUser({ username: 'kathy', email: 'kat@EXAMPLE.COM', password: PASSWORD }),
    );
    expect(byEmail.message).toMatch(/^email/);
    expect(fx.auth.findUser('katherine')?.id).toBe(id);
    expect(fx.auth.findUser('KAT@example.com')?.id).toBe(id);
  });

  it('validates input, naming the field and never echoing the password', async () => {
    const bad = await failure(
      fx.auth.createUser({ username: 'x', email: 'x@example.com', password: PASSWORD }),
    );
    expect(bad.message).toMatch(/^username/);
    const email = await failure(
      fx.auth.createUser({ username: 'validname', email: 'not-an-email', password: PASSWORD }),
    );
    expect(email.message).toMatch(/^email/);
    const roles = await failure(
      fx.auth.createUser({
        username: 'validname',
        email: 'v@example.com',
        password: PASSWORD,
        roles: ['god' as never],
      }),
    );
    expect(roles.message).toMatch(/^roles/);
    const short = await failure(
      fx.auth.createUser({
        username: 'validname',
        email: 'v@example.com',
        password: 'tiny-secret',
      }),
    );
    expect(short.message).not.toContain('tiny-secret');
  });

  it('lists, updates, disables, enables and deletes, without exposing hashes', async () => {
    const listed = fx.auth.listUsers();
    expect(listed.map((u) => u.username)).toEqual(['Katherine']);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|passwordHash/);
    expect(
      (await fx.auth.updateUser(id, { roles: ['auditor'], email: 'kj@example.com' })).roles,
    ).toEqual(['auditor']);
    expect(fx.auth.findUser('kat@example.com')).toBeUndefined();
    expect(fx.auth.findUser('kj@example.com')?.id).toBe(id);
    expect((await fx.auth.disableUser(id)).state).toBe('disabled');
    expect((await fx.auth.enableUser(id)).state).toBe('active');
    await fx.auth.deleteUser(id);
    expect(fx.auth.getUser(id)).toBeUndefined();
    expect(fx.auth.findUser('katherine')).toBeUndefined();
    expect((await failure(fx.auth.deleteUser(id))).code).toBe('VEIL_ACCOUNT_NOT_FOUND');
    expect(fx.audit.searchEvents({ resource: `user:${id}` }).events.map((e) => e.type)).toEqual([
      'user_created',
      'user_updated',
      'user_disabled',
      'user_enabled',
      'user_deleted',
    ]);
  });
});
