import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { VeilError } from '../../src/errors/veil-error.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { AuthManager, type AuthManagerOptions } from '../../src/security/auth/auth-manager.js';

export interface AuthFixture {
  dir: string;
  storePath: string;
  secret: Uint8Array;
  audit: AuditLogger;
  auth: AuthManager;
  cleanup(): Promise<void>;
}

/** Strong enough for the policy, not on the common list. */
export const PASSWORD = 'violet-harbour-57-quill';

export function makeAuthFixture(options: Partial<AuthManagerOptions> = {}): AuthFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-auth-'));
  const storePath = path.join(dir, 'store');
  const root = openStore(storePath);
  const secret = new Uint8Array(randomBytes(32));
  const audit = new AuditLogger({
    store: root,
    hmacKey: new Uint8Array(randomBytes(32)),
    signingKey: generateKeyPairSync('ed25519').privateKey,
    checkpointEvery: 0,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const auth = new AuthManager({
    store: root,
    tokens: {
      secret,
      issuer: 'veil-test',
      audience: 'veil-test-api',
      ...(options.now === undefined ? {} : { now: options.now }),
    },
    audit,
    mfaKey: new Uint8Array(randomBytes(32)),
    ...options,
  });
  return {
    dir,
    storePath,
    secret,
    audit,
    auth,
    async cleanup() {
      await audit.flush();
      await closeStore(storePath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `code` of the error a promise rejects with, or `'accepted'` when it resolves. */
export async function outcomeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VeilError);
    return (error as VeilError).code;
  }
  return 'accepted';
}
