/**
 * Queue and job names. A deployment shares one Redis between any number of `veil worker`
 * processes; the BullMQ key prefix (`--prefix`, default `veil`) separates deployments (and tests)
 * that share a server.
 */

/** The kinds of work a worker can serve. */
export const QUEUE_KINDS = ['pipelines', 'dsar'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** Default BullMQ key prefix. */
export const DEFAULT_PREFIX = 'veil';

/** BullMQ queue name for a kind: `veil-pipelines`, `veil-dsar`. */
export function queueName(kind: QueueKind): string {
  return `veil-${kind}`;
}

/** Job names inside the pipelines queue. */
export const JOB_RUN = 'run';
export const JOB_MAP = 'map';
export const JOB_APPLY = 'apply';

/** Id of chunk `index` of phase `phase` of a run: `run-<hex>.p0.c12`. BullMQ ids may not hold ':'. */
export function chunkJobId(runId: string, phase: number, index: number): string {
  return `${runId}.p${phase}.c${index}`;
}

/** Parses a queue list such as `pipelines,dsar`. */
export function parseQueueKinds(text: string): QueueKind[] {
  const kinds = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const kind of kinds) {
    if (!(QUEUE_KINDS as readonly string[]).includes(kind)) {
      throw new RangeError(`unknown queue '${kind}'; expected one of ${QUEUE_KINDS.join(', ')}`);
    }
  }
  if (kinds.length === 0)
    throw new RangeError(`no queue named; expected ${QUEUE_KINDS.join(', ')}`);
  return [...new Set(kinds)] as QueueKind[];
}
