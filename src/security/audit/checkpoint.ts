/**
 * Signed checkpoints: Ed25519 (RFC 8032) signatures over a chain position (sequence number and
 * head hash). Exported and kept elsewhere, the latest checkpoint is what detects a truncated
 * tail: a chain that ends before a checkpoint's sequence, or disagrees with its hash, was cut.
 *
 * Ed25519 through node:crypto: deterministic signatures, no nonce to get wrong.
 */
import {
  KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from 'node:crypto';
import { AuditError } from '../../errors/audit-error.js';
import { SecurityConfigError } from '../../errors/security-config-error.js';
import { canonicalize } from './canonical-json.js';

/** Why a checkpoint was made. */
export type CheckpointKind = 'periodic' | 'manual' | 'retention';

/** A signed statement "the chain's record `seq` has hash `hash`". Plain JSON, safe to export. */
export interface AuditCheckpoint {
  readonly v: 1;
  readonly kind: CheckpointKind;
  readonly seq: number;
  readonly hash: string;
  /** ISO 8601 UTC time of signing. */
  readonly time: string;
  /** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
  readonly keyId: string;
  /** Ed25519 signature, base64url. */
  readonly signature: string;
}

const LABEL = 'veil.audit.checkpoint.v1\n';
// DER prefixes of an Ed25519 PKCS#8 private key and SPKI public key (RFC 8410 section 7), so a
// raw 32-byte seed or public key can be imported without a PEM file.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function isPem(material: Uint8Array): boolean {
  return Buffer.from(material.subarray(0, 5)).toString('latin1') === '-----';
}

/** Imports an Ed25519 private key from PEM text or a raw 32-byte seed. */
export function importSigningKey(material: Uint8Array | string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    if (material instanceof KeyObject) key = material;
    else if (typeof material === 'string' || isPem(material)) {
      key = createPrivateKey(
        typeof material === 'string' ? material : Buffer.from(material).toString('utf8'),
      );
    } else if (material.length === 32) {
      key = createPrivateKey({
        key: Buffer.concat([PKCS8_PREFIX, material]),
        format: 'der',
        type: 'pkcs8',
      });
    } else {
      throw new SecurityConfigError(
        `audit signing key: expected a PEM key or a 32-byte seed, got ${material.length} bytes`,
      );
    }
  } catch (error) {
    if (error instanceof SecurityConfigError) throw error;
    throw new SecurityConfigError('audit signing key: cannot be parsed as an Ed25519 private key', {
      cause: error,
    });
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new SecurityConfigError('audit signing key: must be an Ed25519 private key');
  }
  return key;
}

/** Imports an Ed25519 public key from PEM text or 32 raw bytes. */
export function importVerifyKey(material: Uint8Array | string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    if (material instanceof KeyObject) {
      key = material.type === 'private' ? createPublicKey(material) : material;
    } else if (typeof material === 'string' || isPem(material)) {
      key = createPublicKey(
        typeof material === 'string' ? material : Buffer.from(material).toString('utf8'),
      );
    } else if (material.length === 32) {
      key = createPublicKey({
        key: Buffer.concat([SPKI_PREFIX, material]),
        format: 'der',
        type: 'spki',
      });
    } else {
      throw new SecurityConfigError(
        `audit verify key: expected a PEM key or 32 bytes, got ${material.length} bytes`,
      );
    }
  } catch (error) {
    if (error instanceof SecurityConfigError) throw error;
    throw new SecurityConfigError('audit verify key: cannot be parsed as an Ed25519 public key', {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SecurityConfigError('audit verify key: must be an Ed25519 key');
  }
  return key;
}

/** The key id of a public key: 16 hex digits of SHA-256 over its raw bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der.subarray(SPKI_PREFIX.length)).digest('hex').slice(0, 16);
}

function signedBytes(checkpoint: Omit<AuditCheckpoint, 'signature'>): Buffer {
  const { v, kind, seq, hash, time, keyId } = checkpoint;
  return Buffer.from(LABEL + canonicalize({ v, kind, seq, hash, time, keyId }), 'utf8');
}

/** Signs a checkpoint for record `seq` with hash `hash`. */
export function signCheckpoint(
  signingKey: KeyObject,
  fields: { kind: CheckpointKind; seq: number; hash: string; time: string },
): AuditCheckpoint {
  const keyId = keyIdOf(createPublicKey(signingKey));
  const unsigned = { v: 1 as const, ...fields, keyId };
  const signature = sign(null, signedBytes(unsigned), signingKey).toString('base64url');
  return { ...unsigned, signature };
}

/** True when the checkpoint's signature verifies under `publicKey` and its key id matches. */
export function verifyCheckpointSignature(
  publicKey: KeyObject,
  checkpoint: AuditCheckpoint,
): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(
      null,
      signedBytes(checkpoint),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** Parses an exported checkpoint (JSON text or object), checking its shape; never echoes values. */
export function parseCheckpoint(input: unknown, where = 'checkpoint'): AuditCheckpoint {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new AuditError('VEIL_AUDIT_FORMAT', `${where}: not JSON`);
    }
  }
  const c = value as Partial<Record<keyof AuditCheckpoint, unknown>> | null;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.v === 1 &&
    (c.kind === 'periodic' || c.kind === 'manual' || c.kind === 'retention') &&
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.time === 'string' &&
    typeof c.keyId === 'string' &&
    /^[0-9a-f]{16}$/.test(c.keyId) &&
    typeof c.signature === 'string' &&
    /^[A-Za-z0-9_-]{86}$/.test(c.signature);
  if (!ok) throw new AuditError('VEIL_AUDIT_FORMAT', `${where}: not a Veil audit checkpoint`);
  return value as AuditCheckpoint;
}
