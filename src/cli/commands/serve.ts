/**
 * `veil serve [--port 8080] [--host 127.0.0.1] [--store PATH] [--threads N] [--pipelines DIR
 * --dataset NAME=DIR...]`: the HTTP API, privacy center and
 * dashboard. Keys come from the environment as for the other security commands
 * (`VEIL_AUDIT_HMAC_KEY`, `VEIL_JWT_SECRET`, optional `VEIL_DSAR_STATUS_KEY`). SIGINT/SIGTERM
 * close gracefully: no new connections, requests in flight finish, the audit log is flushed.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ComplianceManager } from '../../compliance/compliance-manager.js';
import { DsarManager } from '../../dsar/dsar-manager.js';
import path from 'node:path';
import { createDsarFulfilment } from '../../server/dsar-fulfilment.js';
import { AuditLogger } from '../../security/audit/audit-logger.js';
import { AuthManager } from '../../security/auth/auth-manager.js';
import { loadSecret } from '../../security/key-material.js';
import { createVeilServer } from '../../server/app.js';
import { closeStore, defaultStorePath, openStore } from '../../store/environment.js';
import { UsageError } from '../output.js';

interface ServeFlags {
  port: string;
  threads: string;
  host: string;
  store?: string;
  pipelines?: string;
  dataset: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `NAME=DIR` pairs of `--dataset`, checked (names as in the dataset registry). */
function datasetRoots(pairs: readonly string[]): Record<string, string> {
  const roots: Record<string, string> = {};
  for (const [i, pair] of pairs.entries()) {
    const at = pair.indexOf('=');
    const name = at > 0 ? pair.slice(0, at) : '';
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name) || at === pair.length - 1) {
      throw new UsageError(`--dataset (occurrence ${i + 1}): expected NAME=DIR with a lower-case name`);
    }
    roots[name] = path.resolve(pair.slice(at + 1));
  }
  return roots;
}

/** One thread per core beyond the one running the event loop, at least one, at most four. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API, the privacy center (/privacy) and the staff dashboard (/admin)')
    .option('--port <port>', 'TCP port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--store <path>', 'LMDB store (default $VEIL_HOME/store)')
    .option('--threads <n>', 'worker threads for detect/anonymize (0: on the event loop)', String(defaultThreads()))
    .option('--pipelines <dir>', 'enable POST /v1/pipelines/runs with the .yaml pipelines of this directory')
    .option('--dataset <name=dir>', 'a dataset root that pipeline runs may read and write (repeatable)', collect, [])
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError('--port: expected 0..65535');
      const threads = Number(flags.threads);
      if (!Number.isInteger(threads) || threads < 0 || threads > 64) throw new UsageError('--threads: expected 0..64');
      const storePath = flags.store ?? defaultStorePath();
      const store = openStore(storePath);
      const audit = AuditLogger.fromEnvironment({ store });
      const auth = AuthManager.fromEnvironment({ store: audit.root, audit });
      const dsar = new DsarManager({ store, audit });
      const compliance = new ComplianceManager({ store, audit });
      const statusKey = loadSecret('VEIL_DSAR_STATUS_KEY');
      const roots = datasetRoots(flags.dataset);
      const redisUrl = process.env['REDIS_URL'] === '' ? undefined : process.env['REDIS_URL'];
      if (flags.pipelines === undefined && Object.keys(roots).length > 0) {
        throw new UsageError('--dataset needs --pipelines');
      }
      const app = await createVeilServer({
        auth,
        audit,
        dsar,
        compliance,
        threads,
        storePath,
        ...(statusKey === undefined ? {} : { dsarStatusKey: statusKey }),
        ...(flags.pipelines === undefined
          ? {}
          : {
              pipelineRuns: {
                pipelinesDir: path.resolve(flags.pipelines),
                datasets: roots,
                redisUrl,
                storePath,
                threads: Math.max(1, threads),
              },
            }),
        // With Redis, rate-limit counters are shared by every `veil serve` on it.
        ...(redisUrl === undefined ? {} : { rateLimitStore: { redisUrl } }),
        dsarFulfilment: createDsarFulfilment({
          storePath,
          outDir: path.join(process.env['VEIL_HOME'] ?? path.join(process.cwd(), '.veil'), 'exports'),
          redisUrl: process.env['REDIS_URL'],
        }),
      });
      // No email channel ships yet: say so loudly, since codes in a log are only fit for development.
      app.log.warn('DSAR verification codes are written to this log (development channel)');
      if (statusKey === undefined) {
        app.log.warn('VEIL_DSAR_STATUS_KEY is not set: status tokens will not survive a restart');
      }
      // Signal handlers go in before listening, so a SIGTERM that follows the first request can
      // never meet the default handler (which would end the process without a graceful close).
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await app.listen({ port, host: flags.host });
      await stopped;
      await closeStore(storePath);
    });
}

