/**
 * `veil dsar create|code|verify|list|show|extend|deny|cancel|fulfil` and `veil dsar datasets
 * add|list|remove`: data-subject requests on the command line. Transitions are audited, so the
 * audit key must be in the environment. Fulfilment is queued on Redis (BullMQ) for `veil worker`
 * with the request id as job id; `--local` runs it in this process instead.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DatasetRegistry } from '../../dsar/dataset-registry.js';
import type { Jurisdiction } from '../../dsar/deadline.js';
import { DsarManager } from '../../dsar/dsar-manager.js';
import { enqueueFulfilment, handleFulfil } from '../../dsar/queue.js';
import { identifierProblem, type DataSubjectRequest, type DenialReason, type DsarType } from '../../dsar/request.js';
import { DsarError } from '../../errors/dsar-error.js';
import { resolveRedisSettings } from '../../queue/connection.js';
import { DEFAULT_PREFIX } from '../../queue/names.js';
import { defaultStorePath } from '../../store/environment.js';
import { UsageError, cliAction, printLine, printStatus } from '../output.js';
import { withSignalCleanup } from '../signal-cleanup.js';
import { cliActor, withAudit, type StoreFlags } from './security-context.js';

function describe(r: DataSubjectRequest): string {
  return `${r.id}\t${r.requestType}\t${r.jurisdiction}\t${r.state}\tdue ${r.dueDate}`;
}

/** Parses repeated `LEFT=RIGHT` flags; `usage` names the flag and its form for the error. */
function parsePairs(pairs: readonly string[], usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(usage);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** `--id NAME=VALUE` pairs; a blank value is refused here (exit 2), naming the identifier only. */
function parseIdentifiers(pairs: readonly string[]): Record<string, string> {
  const identifiers = parsePairs(pairs, '--id: expected NAME=VALUE (for example email=ana@example.org)');
  for (const [name, value] of Object.entries(identifiers)) {
    const problem = identifierProblem(value);
    if (problem !== undefined) throw new UsageError(`--id ${name.slice(0, 64)}: ${problem}`);
  }
  return identifiers;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  const dsar = program.command('dsar').description('data-subject requests: create, verify, track deadlines, fulfil through the queue');
  const store = (c: Command): Command => c.option('--store <path>', 'LMDB store directory (default $VEIL_HOME/store)');

  store(dsar.command('create <type>').description('file a request (access, erasure, rectification, portability, know, delete, ...)'))
    .requiredOption('--jurisdiction <law>', 'GDPR, CCPA or HIPAA')
    .option('--id <name=value>', 'subject identifier (repeatable), e.g. email=ana@example.org', collect)
    .option('--patch <field=value>', 'rectification: corrected field (repeatable)', collect)
    .option('--notes <text>', 'notes')
    .action(
      cliAction(async (type: string, flags: StoreFlags & { jurisdiction: string; id?: string[]; patch?: string[]; notes?: string }) =>
        withAudit(flags, async (audit) => {
          const manager = new DsarManager({ store: audit.root, audit });
          const request = await manager.createDataSubjectRequest({
            requestType: type as DsarType,
            jurisdiction: flags.jurisdiction.toUpperCase() as Jurisdiction,
            identifiers: parseIdentifiers(flags.id ?? []),
            ...(flags.patch === undefined ? {} : { patch: parsePairs(flags.patch, '--patch: expected FIELD=VALUE (for example address.city=Porto)') }),
            ...(flags.notes === undefined ? {} : { notes: flags.notes }),
            actorId: cliActor(),
          });
          printLine(describe(request));
        }),
      ),
    );

  store(dsar.command('code <id>').description('issue a verification code (printed once, for delivery to the subject)')).action(
    cliAction(async (id: string, flags: StoreFlags) =>
      withAudit(flags, async (audit) => printLine(await new DsarManager({ store: audit.root, audit }).issueVerificationCode(id))),
    ),
  );

  store(dsar.command('verify <id>').description('check the code the subject returned (read from standard input)')).action(
    cliAction(async (id: string, flags: StoreFlags) =>
      withAudit(flags, async (audit) => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        const code = Buffer.concat(chunks).toString('utf8').trim();
        printLine(describe(await new DsarManager({ store: audit.root, audit }).verifyIdentity(id, code)));
      }),
    ),
  );

  store(dsar.command('list').description('list requests'))
    .option('--overdue', 'only overdue requests')
    .option('--due-within <days>', 'only open requests due within this many days')
    .action(
      cliAction(async (flags: StoreFlags & { overdue?: boolean; dueWithin?: string }) =>
        withAudit(flags, (audit) => {
          const manager = new DsarManager({ store: audit.root, audit });
          const rows = flags.overdue === true ? manager.listOverdue() : flags.dueWithin !== undefined ? manager.dueSoon(Number(flags.dueWithin)) : manager.listRequests();
          for (const r of rows) printLine(describe(r));
        }),
      ),
    );

  store(dsar.command('show <id>').description('show a request (state, deadlines, history, result)')).action(
    cliAction(async (id: string, flags: StoreFlags) =>
      withAudit(flags, (audit) => {
        const r = new DsarManager({ store: audit.root, audit }).getRequest(id);
        // Identifiers are personal data: the CLI shows their names, not their values.
        printLine(JSON.stringify({ ...r, identifiers: Object.keys(r.identifiers), patch: r.patch === null ? null : Object.keys(r.patch) }, null, 2));
      }),
    ),
  );

  store(dsar.command('extend <id>').description('extend the deadline once, with the reasons sent to the subject'))
    .requiredOption('--reason <text>', 'reasons given in the extension notice')
    .action(
      cliAction(async (id: string, flags: StoreFlags & { reason: string }) =>
        withAudit(flags, async (audit) => printLine(describe(await new DsarManager({ store: audit.root, audit }).extend(id, { reason: flags.reason, actorId: cliActor() })))),
      ),
    );

  store(dsar.command('deny <id> <reason>').description('deny with a reason code (identity_not_verified, manifestly_unfounded, excessive, legal_obligation, no_data_held, exemption)'))
    .option('--detail <text>', 'explanation for the subject')
    .action(
      cliAction(async (id: string, reason: string, flags: StoreFlags & { detail?: string }) =>
        withAudit(flags, async (audit) =>
          printLine(
            describe(
              await new DsarManager({ store: audit.root, audit }).deny(id, reason as DenialReason, {
                actorId: cliActor(),
                ...(flags.detail === undefined ? {} : { detail: flags.detail }),
              }),
            ),
          ),
        ),
      ),
    );

  store(dsar.command('cancel <id>').description('cancel a request')).action(
    cliAction(async (id: string, flags: StoreFlags) =>
      withAudit(flags, async (audit) => printLine(describe(await new DsarManager({ store: audit.root, audit }).cancel(id, cliActor())))),
    ),
  );

  store(dsar.command('fulfil <id>').description('queue fulfilment for `veil worker` (or run it here with --local)'))
    .option('--out-dir <dir>', 'where access exports go', '.')
    .option('--public-key <file>', "requester's X25519 public key (base64url) for the export; else a one-time password file is written")
    .option('--local', 'fulfil in this process instead of queueing')
    .option('--redis <url>', 'Redis URL (default $REDIS_URL)')
    .option('--prefix <name>', 'BullMQ key prefix', DEFAULT_PREFIX)
    .action(
      cliAction(async (id: string, flags: StoreFlags & { outDir: string; publicKey?: string; local?: boolean; redis?: string; prefix: string }) => {
        const storePath = flags.store ?? defaultStorePath();
        const publicKey = flags.publicKey === undefined ? undefined : (await readFile(flags.publicKey, 'utf8')).trim();
        if (flags.local === true) {
          const data = { requestId: id, storePath, outDir: flags.outDir, baseDir: process.cwd(), ...(publicKey === undefined ? {} : { recipientPublicKey: publicKey }) };
          const job = { id, data, updateProgress: async () => undefined } as unknown as Parameters<typeof handleFulfil>[0];
          printLine(JSON.stringify(await withSignalCleanup(() => handleFulfil(job))));
          return;
        }
        const settings = resolveRedisSettings({ flag: flags.redis });
        const { jobId } = await enqueueFulfilment({
          connection: settings.options,
          prefix: flags.prefix,
          requestId: id,
          storePath,
          outDir: flags.outDir,
          ...(publicKey === undefined ? {} : { recipientPublicKey: publicKey }),
        });
        printStatus(`queued fulfilment job ${jobId} on ${settings.display}`);
      }),
    );

  const datasets = dsar.command('datasets').description('the registry of datasets that hold personal data');
  store(datasets.command('add <name> <path>').description('register a dataset'))
    .requiredOption('--format <format>', 'ndjson, csv or json')
    .requiredOption(
      '--identifier <FIELD=IDENTIFIER>',
      'record field path first, then the identifier it holds, e.g. contact.email=email (repeatable); ' +
        'registration reads the dataset and refuses a field no record holds',
      collect,
    )
    .option('--delimiter <char>', 'CSV delimiter', ',')
    .option('--erasure <mode>', 'delete or pseudonymize', 'delete')
    .option('--erasure-key <ref>', 'secret reference for erasure by pseudonymization (env:, file:, keyring:)')
    .action(
      cliAction(async (name: string, file: string, flags: StoreFlags & { format: string; identifier: string[]; delimiter: string; erasure: string; erasureKey?: string }) =>
        withAudit(flags, async (audit) => {
          const registry = new DatasetRegistry({ store: audit.root });
          const pairs = parsePairs(flags.identifier, '--identifier: expected FIELD=IDENTIFIER, the field path first (for example contact.email=email)');
          const identifiers = Object.entries(pairs).map(([field, identifier]) => ({ field, identifier }));
          let dataset;
          try {
            dataset = await registry.register({
              name,
              path: file,
              format: flags.format as 'ndjson' | 'csv' | 'json',
              delimiter: flags.delimiter,
              identifiers,
              erasure: flags.erasure as 'delete' | 'pseudonymize',
              ...(flags.erasureKey === undefined ? {} : { erasureKey: flags.erasureKey }),
            });
          } catch (error) {
            // A registration the registry refuses is a usage error of this command (exit 2).
            if (error instanceof DsarError && error.code === 'VEIL_DSAR_INPUT') throw new UsageError(error.message);
            throw error;
          }
          await audit.logEvent({ type: 'config_change', userId: cliActor(), resource: `datasets/${dataset.name}`, action: 'register', status: 'success' });
          printLine(`${dataset.name}\t${dataset.format}\t${dataset.path}`);
        }),
      ),
    );
  store(datasets.command('list').description('list registered datasets')).action(
    cliAction(async (flags: StoreFlags) =>
      withAudit(flags, (audit) => {
        for (const d of new DatasetRegistry({ store: audit.root }).list()) {
          printLine(`${d.name}\t${d.format}\t${d.path}\t${d.identifiers.map((i) => `${i.field}=${i.identifier}`).join(',')}`);
        }
      }),
    ),
  );
}
