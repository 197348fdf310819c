/**
 * queue run ids: deterministic from pipeline, input, output and key fingerprint; the fingerprint
 * changes with the key, never contains the key, and a missing key fails without its value.
 */
import { createHash, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../src/engine/secrets.js';
import {
  collectSecretReferences,
  computeRunId,
  pipelineKeyFingerprint,
} from '../../src/queue/run-id.js';

const spec = {
  name: 'p',
  input: { format: 'ndjson' },
  stages: [
    { type: 'pseudonymize', fields: ['email'], key: 'env:VEIL_TEST_RUNID_KEY' },
    { type: 'encrypt-field', fields: ['ssn'], key: 'env:VEIL_TEST_RUNID_KEY2', note: 'plain text' },
  ],
};

function resolverWith(env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const resolver = createSecretResolver();
  return {
    resolver,
    restore: () => {
      for (const name of Object.keys(env)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    },
  };
}

const identity = {
  pipelineDigest: 'a'.repeat(64),
  input: '/data/in.ndjson',
  output: '/data/out.ndjson',
  inputSize: 1000,
  inputMtimeMs: 1_700_000_000_000,
  keyFingerprint: 'none',
};

describe('queue run id', () => {
  it('finds every secret reference in a spec, sorted and unique', () => {
    expect(collectSecretReferences(spec)).toEqual([
      'env:VEIL_TEST_RUNID_KEY',
      'env:VEIL_TEST_RUNID_KEY2',
    ]);
    expect(collectSecretReferences({ stages: [{ type: 'keep', fields: ['a'] }] })).toEqual([]);
  });

  it('is the same for the same run and differs when any part differs', () => {
    const id = computeRunId(identity);
    expect(id).toMatch(/^run-[0-9a-f]{32}$/);
    expect(computeRunId({ ...identity })).toBe(id);
    for (const change of [
      { pipelineDigest: 'b'.repeat(64) },
      { input: '/data/other.ndjson' },
      { output: '/data/out2.ndjson' },
      { inputSize: 1001 },
      { inputMtimeMs: identity.inputMtimeMs + 1 },
      { keyFingerprint: '0'.repeat(32) },
    ]) {
      expect(computeRunId({ ...identity, ...change })).not.toBe(id);
    }
  });

  it('fingerprints keys without containing them, and changes with the key', async () => {
    const key = 'k3y-material-0123456789abcdef';
    const a = resolverWith({
      VEIL_TEST_RUNID_KEY: key,
      VEIL_TEST_RUNID_KEY2: 'second-key-material',
    });
    const first = await pipelineKeyFingerprint(spec, a.resolver);
    const again = await pipelineKeyFingerprint(spec, a.resolver);
    a.restore();
    const b = resolverWith({
      VEIL_TEST_RUNID_KEY: `${key}x`,
      VEIL_TEST_RUNID_KEY2: 'second-key-material',
    });
    const other = await pipelineKeyFingerprint(spec, b.resolver);
    b.restore();

    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    // Neither the key, its hex, nor a plain hash of it appears in the fingerprint.
    expect(first).not.toContain(Buffer.from(key).toString('hex').slice(0, 16));
    expect(first).not.toBe(createHash('sha256').update(key).digest('hex').slice(0, 32));
    // Known answer: the construction documented in run-id.ts, recomputed here independently.
    const fp = (k: string) =>
      scryptSync(Buffer.from(k), 'veil/queue/key-fingerprint/v1', 16, {
        N: 1 << 14,
        r: 8,
        p: 1,
        maxmem: 64 << 20,
      }).toString('hex');
    const expected = createHash('sha256')
      .update(
        `env:VEIL_TEST_RUNID_KEY\0${fp(key)}\0env:VEIL_TEST_RUNID_KEY2\0${fp('second-key-material')}\0`,
      )
      .digest('hex')
      .slice(0, 32);
    expect(first).toBe(expected);
  });

  it('is "none" for a pipeline without keys', async () => {
    expect(await pipelineKeyFingerprint({ stages: [] }, createSecretResolver())).toBe('none');
  });

  it('fails on a missing key, naming the reference, not a value', async () => {
    delete process.env['VEIL_TEST_RUNID_KEY'];
    await expect(pipelineKeyFingerprint(spec, createSecretResolver())).rejects.toThrow(
      /env:VEIL_TEST_RUNID_KEY: the environment variable is not set/,
    );
  });
});
