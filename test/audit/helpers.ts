import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeStore, openStore } from '../../src/store/environment.js';
import { AuditLogger, type AuditLoggerOptions } from '../../src/security/audit/audit-logger.js';

export interface AuditFixture {
  dir: string;
  storePath: string;
  hmacKey: Uint8Array;
  signingKey: KeyObject;
  publicKey: KeyObject;
  logger: AuditLogger;
  cleanup(): Promise<void>;
}

/** A fresh store in its own temp dir, a random HMAC key and an Ed25519 key pair. */
export function makeAuditFixture(options: Partial<AuditLoggerOptions> = {}): AuditFixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-audit-'));
  const storePath = path.join(dir, 'store');
  const hmacKey = new Uint8Array(randomBytes(32));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const logger = new AuditLogger({
    store: openStore(storePath),
    hmacKey,
    signingKey: privateKey,
    ...options,
  });
  return {
    dir,
    storePath,
    hmacKey,
    signingKey: privateKey,
    publicKey,
    logger,
    async cleanup() {
      await logger.flush();
      await closeStore(storePath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Copies the fixture's store as in a tamper report (its data file, into a new store directory
 * `copy` beside it), reopens the fixture's logger and returns the copy's path.
 */
export async function copyAuditStore(fx: AuditFixture): Promise<string> {
  await closeStore(fx.storePath);
  const copyPath = path.join(fx.dir, 'copy');
  mkdirSync(copyPath);
  copyFileSync(path.join(fx.storePath, 'data.mdb'), path.join(copyPath, 'data.mdb'));
  fx.logger = new AuditLogger({ store: openStore(fx.storePath), hmacKey: fx.hmacKey });
  return copyPath;
}
