// Worker thread of the audit benchmark: appends `count` events in batches to the shared store.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { closeStore, openStore } from '../../src/store/environment.js';

const { storePath, hmacKey, worker, count, batch } = workerData as {
  storePath: string;
  hmacKey: Uint8Array;
  worker: number;
  count: number;
  batch: number;
};

const logger = new AuditLogger({ store: openStore(storePath), hmacKey, checkpointEvery: 0 });
for (let start = 0; start < count; start += batch) {
  const events = [];
  for (let i = start; i < Math.min(count, start + batch); i += 1) {
    events.push({
      type: 'data_access' as const,
      userId: `worker-${worker}`,
      resource: 'documents',
      details: { n: i },
    });
  }
  await logger.logEvents(events);
}
await logger.flush();
await closeStore(storePath);
parentPort!.postMessage('done');
