/**
 * The `keyring:NAME` secret scheme: any stage or operator can name a keyring key; it resolves to
 * a 32-byte secret derived from the primary version (not the stored key), follows rotation, and
 * refuses unknown names and hpke keys by name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import { createSecretResolver } from '../../src/engine/secrets.js';
import { forgetKeyrings } from '../../src/keyring/load.js';
import '../../src/keyring/secret-scheme.js';
import { tempKeyring, type TempKeyring } from './helpers.js';

describe('keyring: the keyring: secret scheme', () => {
  let t: TempKeyring;
  beforeEach(async () => {
    t = await tempKeyring();
    process.env['VEIL_MASTER_KEY'] = toHex(t.masterKey);
    forgetKeyrings();
  });
  afterEach(async () => {
    forgetKeyrings();
    delete process.env['VEIL_MASTER_KEY'];
    await t.cleanup();
  });

  it('resolves to a derived 32-byte secret that changes with rotation', async () => {
    await t.keyring.create('hmac');
    const resolver = createSecretResolver({ storePath: t.storePath });
    const first = await resolver.resolve('keyring:hmac');
    expect(first).toHaveLength(32);
    expect(toHex(first)).not.toBe(toHex(t.keyring.keySet('hmac').primary().material as Uint8Array));
    expect(toHex(await resolver.resolve('keyring:hmac'))).toBe(toHex(first));

    await t.keyring.rotate('hmac');
    forgetKeyrings();
    expect(
      toHex(await createSecretResolver({ storePath: t.storePath }).resolve('keyring:hmac')),
    ).not.toBe(toHex(first));
  });

  it('names unknown keys and refuses hpke keys', async () => {
    await t.keyring.create('pair', { purpose: 'hpke' });
    const resolver = createSecretResolver({ storePath: t.storePath });
    await expect(resolver.resolve('keyring:missing')).rejects.toThrow(
      "no key named 'missing' in the keyring",
    );
    await expect(resolver.resolve('keyring:pair')).rejects.toThrow(
      'an hpke key cannot be used as a secret',
    );
  });

  it('refuses to open the keyring with a wrong master key from the environment', async () => {
    process.env['VEIL_MASTER_KEY'] = toHex(randomBytes(32));
    await expect(
      createSecretResolver({ storePath: t.storePath }).resolve('keyring:any'),
    ).rejects.toMatchObject({
      code: 'VEIL_KEYRING_MASTER_KEY',
    });
  });
});
