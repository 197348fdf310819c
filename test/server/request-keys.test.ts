/**
 * Key references in request operators over real HTTP: only `keyring:NAME` is accepted. An `env:`
 * or `file:` reference would let a caller MAC a chosen text under a server secret (its JWT
 * secret: a forged HS256 token), so both are refused with a 400 naming the field, never the value.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyring } from '../../src/keyring/keyring.js';
import { closeStore } from '../../src/store/environment.js';
import { startServer, type ServerFixture } from './helpers.js';

const ENV_VAR = 'VEIL_TEST_SERVE_SERVER_SECRET';
let s: ServerFixture;
let dir: string;
let keyringStore: string;
let secretFile: string;
const secret = randomBytes(32);
const previousMaster = process.env['VEIL_MASTER_KEY'];

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'veil-request-keys-'));
  secretFile = path.join(dir, 'jwt.key');
  writeFileSync(secretFile, secret, { mode: 0o600 });
  process.env[ENV_VAR] = secret.toString('hex');

  // A keyring with one symmetric key, in its own store, which the server reads for keyring: refs.
  const masterKey = randomBytes(32);
  process.env['VEIL_MASTER_KEY'] = masterKey.toString('hex');
  keyringStore = path.join(dir, 'keyring-store');
  const keyring = await openKeyring({ storePath: keyringStore, masterKey: { kind: 'key', key: masterKey } });
  await keyring.create('api-hash');

  s = await startServer({
    users: [
      { username: 'officer', roles: ['privacy_officer', 'analyst'] },
      { username: 'analyst', roles: ['analyst'] },
    ],
    server: { storePath: keyringStore },
  });
});

afterAll(async () => {
  await s.close();
  await closeStore(keyringStore);
  rmSync(dir, { recursive: true, force: true });
  delete process.env[ENV_VAR];
  if (previousMaster === undefined) delete process.env['VEIL_MASTER_KEY'];
  else process.env['VEIL_MASTER_KEY'] = previousMaster;
});

describe('request operators and server secrets', () => {
  it('refuses the token-forging hash under a file: secret and never returns the signature', async () => {
    const header = b64url({ alg: 'HS256', typ: 'JWT' });
    const payload = b64url({ sub: 'admin', roles: ['admin'], exp: 4_102_444_800 });
    const signed = `${header}.${payload}`;
    const forged = createHmac('sha256', secret).update(signed).digest();
    const body = {
      text: `password: ${signed}`,
      operators: { default: { operator: 'hash', key: `file:${secretFile}`, length: 64 } },
    };

    const r = await s.call('POST', '/v1/anonymize', { token: s.tokens['officer']!, body });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('body.operators.default.key');
    expect(r.text).not.toContain(secretFile);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      expect(r.text).not.toContain(forged.toString(encoding).slice(0, 16));
    }
  });

  it('refuses env: references, in default and per-entity operators, on anonymize and deanonymize', async () => {
    const token = s.tokens['officer']!;
    const byDefault = { text: 'Mail ada@example.com', operators: { default: { operator: 'hash', key: `env:${ENV_VAR}` } } };
    const a = await s.call('POST', '/v1/anonymize', { token, body: byDefault });
    expect(a.status).toBe(400);
    expect(a.body.message).toMatch(/^body\.operators\.default\.key: /);
    expect(a.text).not.toContain(ENV_VAR);

    const perEntity = {
      text: 'Mail ada@example.com',
      operators: { entities: { EMAIL_ADDRESS: { operator: 'encrypt', key: `env:${ENV_VAR}` } } },
    };
    const b = await s.call('POST', '/v1/anonymize', { token, body: perEntity });
    expect(b.status).toBe(400);
    expect(b.body.message).toMatch(/^body\.operators\.entities\.EMAIL_ADDRESS\.key: /);

    const d = await s.call('POST', '/v1/deanonymize', {
      token,
      body: { text: 'x', items: [], operators: perEntity.operators },
    });
    expect(d.status).toBe(400);
    expect(d.body.message).toMatch(/^body\.operators\.entities\.EMAIL_ADDRESS\.key: /);
  });

  it('refuses other schemes, literal keys and an implicit server-side default key', async () => {
    const token = s.tokens['officer']!;
    for (const key of ['vault:jwt', 'literal-key-material', `keyring:../${ENV_VAR}`]) {
      const r = await s.call('POST', '/v1/anonymize', {
        token,
        body: { text: 'Mail ada@example.com', operators: { default: { operator: 'hash', key } } },
      });
      expect(r.status).toBe(400);
      expect(r.text).not.toContain(key);
    }
    // pseudonymize without a key would read env:VEIL_PSEUDONYM_KEY of the server.
    const p = await s.call('POST', '/v1/anonymize', {
      token,
      body: { text: 'Mail ada@example.com', operators: { default: { operator: 'pseudonymize' } } },
    });
    expect(p.status).toBe(400);
    expect(p.body.message).toMatch(/^body\.operators\.default\.key: is required/);
  });

  it('accepts keyring: references for a caller with keys:execute, and only for them', async () => {
    const body = { text: 'Mail ada@example.com', operators: { default: { operator: 'hash', key: 'keyring:api-hash' } } };
    const ok = await s.call('POST', '/v1/anonymize', { token: s.tokens['officer']!, body });
    expect(ok.status).toBe(200);
    expect(ok.body.text).not.toContain('ada@example.com');
    const again = await s.call('POST', '/v1/anonymize', { token: s.tokens['officer']!, body });
    expect(again.body.text).toBe(ok.body.text);

    // The keyring key is not the server secret: hashing under it gives another value.
    const underSecret = createHmac('sha256', secret).update('ada@example.com').digest('hex');
    expect(ok.text).not.toContain(underSecret.slice(0, 16));

    const denied = await s.call('POST', '/v1/anonymize', { token: s.tokens['analyst']!, body });
    expect(denied.status).toBe(403);
  });
});

describe('request shape limits', () => {
  it('answers 400 naming the field for a body nested 5000 levels deep', async () => {
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const record = `${'{"a":'.repeat(5000)}{"leaf":"x"}${'}'.repeat(5000)}`;
    const body = `{"record":${record}}`;
    const r = await s.call('POST', '/v1/detect', { token: s.tokens['analyst']!, body });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('body.record: nested deeper than 64 levels');

    let shallow: Record<string, unknown> = { email: 'ada@example.com' };
    for (let i = 0; i < 20; i++) shallow = { a: shallow };
    const ok = await s.call('POST', '/v1/detect', { token: s.tokens['analyst']!, body: { record: shallow } });
    expect(ok.status).toBe(200);
    expect(ok.body.findings.length).toBeGreaterThan(0);
  });

  it('accepts the bearer scheme in any case (RFC 7235)', async () => {
    const token = s.tokens['analyst']!;
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const r = await s.call('GET', '/v1/auth/me', { headers: { authorization: `${scheme} ${token}` } });
      expect(r.status).toBe(200);
    }
  });
});
