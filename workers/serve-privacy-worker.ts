/**
 * Piscina entry point of `veil serve`: detect and anonymize requests off the event loop, in
 * batches. One PrivacyManager per thread, built on the first batch (it compiles every pattern
 * once).
 */
import { workerData } from 'node:worker_threads';
import { PrivacyManager } from '../src/privacy/privacy-manager.js';
import { OperatorCache, runPrivacyTask, type PrivacyOutcome, type PrivacyTask } from '../src/server/privacy-task.js';

const data = (workerData ?? {}) as { storePath?: string };
let privacy: PrivacyManager | undefined;
const cache = new OperatorCache();

/** One batch of tasks (see `poolRunner`), run in order; one outcome per task. */
export default async function servePrivacy(tasks: readonly PrivacyTask[]): Promise<PrivacyOutcome[]> {
  privacy ??= new PrivacyManager(data.storePath === undefined ? {} : { storePath: data.storePath });
  const outcomes: PrivacyOutcome[] = [];
  for (const task of tasks) {
    try {
      outcomes.push(await runPrivacyTask(privacy, task, cache));
    } catch {
      // One task's bug must not fail the other requests of its batch.
      outcomes.push({ ok: false, internal: true });
    }
  }
  return outcomes;
}
