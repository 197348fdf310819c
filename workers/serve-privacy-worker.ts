/**
 * Piscina entry point of `veil serve`: detect and anonymize requests off the event loop. One
 * PrivacyManager per thread, built on the first task (it compiles every pattern once).
 */
import { workerData } from 'node:worker_threads';
import { PrivacyManager } from '../src/privacy/privacy-manager.js';
import { OperatorCache, runPrivacyTask, type PrivacyOutcome, type PrivacyTask } from '../src/server/privacy-task.js';

const data = (workerData ?? {}) as { storePath?: string };
let privacy: PrivacyManager | undefined;
const cache = new OperatorCache();

export default async function servePrivacy(task: PrivacyTask): Promise<PrivacyOutcome> {
  privacy ??= new PrivacyManager(data.storePath === undefined ? {} : { storePath: data.storePath });
  return runPrivacyTask(privacy, task, cache);
}
