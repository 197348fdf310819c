/**
 * Shared set-up for the dsar tests that register datasets and fulfil requests through the queue
 * handler: one LMDB store per test (closed by `closeRegistries`), a verified request with its
 * job, and the environment the `veil` CLI needs (its own home and audit key).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Job } from 'bullmq';
import { DatasetRegistry } from '../../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../../src/dsar/dsar-manager.js';
import type { FulfilJobData } from '../../../src/dsar/queue.js';
import { closeStore, openStore } from '../../../src/store/environment.js';
import { tempDir } from '../../helpers/temp.js';

export interface RegistryFixture {
  dir: string;
  storePath: string;
  registry: DatasetRegistry;
  dsar: DsarManager;
}

const opened: string[] = [];

/** A fresh directory with its own store, registry and request manager. */
export function openRegistry(prefix: string): RegistryFixture {
  const dir = tempDir(prefix);
  const storePath = path.join(dir, 'store');
  opened.push(storePath);
  const store = openStore(storePath);
  return { dir, storePath, registry: new DatasetRegistry({ store }), dsar: new DsarManager({ store }) };
}

/** Closes the stores `openRegistry` opened (call from `afterEach`). */
export async function closeRegistries(): Promise<void> {
  for (const p of opened.splice(0)) await closeStore(p);
}

/** A request for `email`, identity verified, and the fulfilment job `handleFulfil` takes. */
export async function verifiedRequest(
  fixture: RegistryFixture,
  requestType: 'erasure' | 'access',
  email: string,
): Promise<{ id: string; job: Job }> {
  const { dsar, storePath, dir } = fixture;
  const request = await dsar.createDataSubjectRequest({ requestType, jurisdiction: 'GDPR', identifiers: { email } });
  await dsar.verifyIdentity(request.id, await dsar.issueVerificationCode(request.id));
  const data: FulfilJobData = { requestId: request.id, storePath, outDir: dir, baseDir: dir };
  return { id: request.id, job: { id: request.id, data, updateProgress: async () => undefined } as unknown as Job };
}

/** Environment for `runVeil`: a home and an audit key inside `dir`. */
export function cliEnv(dir: string): Record<string, string> {
  const keyFile = path.join(dir, 'audit.key');
  writeFileSync(keyFile, 'a'.repeat(48), { mode: 0o600 });
  return { VEIL_HOME: path.join(dir, 'home'), VEIL_AUDIT_HMAC_KEY_FILE: keyFile };
}
