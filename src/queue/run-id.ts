/**
 * Deterministic run ids: the same pipeline, input, output and keys give the same id, so a run
 * submitted twice is one BullMQ flow (custom job ids are unique per queue) and runs once.
 *
 * Keys enter the id only as a fingerprint: scrypt of the key bytes under a fixed label, so the id
 * and the job data (which workers check against their own keys before touching a chunk) carry
 * nothing from which a key could be read back, and a weak key (a passphrase in an environment
 * variable) is expensive to guess from a fingerprint found in Redis. Key bytes never leave the
 * process that resolved them.
 */
import { createHash, scrypt } from 'node:crypto';
import { isSecretReference } from '../engine/secrets.js';
import type { SecretResolver } from '../engine/stage.js';

const FINGERPRINT_SALT = 'veil/queue/key-fingerprint/v1';

// scrypt N=2^14, r=8, p=1: about 16 MiB and tens of milliseconds, paid once per key per process.
const SCRYPT_OPTIONS = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Per-process cache: SHA-256 of the key bytes to its fingerprint (memory only, never persisted). */
const fingerprintCache = new Map<string, string>();

/** Every string in a pipeline spec that is a secret reference (`env:`, `file:`, `keyring:`...). */
export function collectSecretReferences(spec: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (isSecretReference(node)) found.add(node);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (node !== null && typeof node === 'object') {
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(spec);
  return [...found].sort();
}

async function fingerprintKey(bytes: Uint8Array): Promise<string> {
  const cacheKey = createHash('sha256').update(bytes).digest('hex');
  const cached = fingerprintCache.get(cacheKey);
  if (cached !== undefined) return cached;

  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(bytes, FINGERPRINT_SALT, 16, SCRYPT_OPTIONS, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
  const fingerprint = derived.toString('hex');
  fingerprintCache.set(cacheKey, fingerprint);
  return fingerprint;
}

/**
 * Fingerprint of every key a pipeline references: `none` when it uses no key. Rejects (with the
 * resolver's message, which names the reference and never the value) when a key is missing.
 */
export async function pipelineKeyFingerprint(
  spec: unknown,
  secrets: SecretResolver,
): Promise<string> {
  const references = collectSecretReferences(spec);
  if (references.length === 0) return 'none';

  const hash = createHash('sha256');
  for (const reference of references) {
    // Borrowed, not copied: the resolver may cache the buffer, so it is read and never zeroed here.
    const bytes = await secrets.resolve(reference);
    hash
      .update(reference)
      .update('\0')
      .update(await fingerprintKey(bytes))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/** What identifies a run. Chunk size and thread counts are left out: they never change output. */
export interface RunIdentity {
  /** SHA-256 of the pipeline file's bytes. */
  readonly pipelineDigest: string;
  /** Absolute paths. */
  readonly input: string;
  readonly output: string;
  /** Input file size and modification time: a changed input is a different run. */
  readonly inputSize: number;
  readonly inputMtimeMs: number;
  readonly keyFingerprint: string;
}

/** `run-` and 32 hex digits of SHA-256 over the identity, in a fixed field order. */
export function computeRunId(identity: RunIdentity): string {
  const canonical = JSON.stringify([
    'veil-run/v1',
    identity.pipelineDigest,
    identity.input,
    identity.inputSize,
    identity.inputMtimeMs,
    identity.output,
    identity.keyFingerprint,
  ]);
  return `run-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}
