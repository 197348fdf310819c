/**
 * `veil audit verify|search|export|checkpoint|retention|rotate-key`: check and read the
 * tamper-evident audit log. Keys come from the environment: `VEIL_AUDIT_HMAC_KEY` (required;
 * earlier keys, newest first, in `VEIL_AUDIT_HMAC_PREVIOUS_KEY_1`, `_2`, ...),
 * `VEIL_AUDIT_SIGNING_KEY` (checkpoints, retention), `VEIL_AUDIT_VERIFY_KEY` (verify only), each
 * also as `NAME_FILE`.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  AuditEventSeverity,
  AuditEventStatus,
  AuditEventType,
} from '../../security/audit/audit-event.js';
import { parseCheckpoint } from '../../security/audit/checkpoint.js';
import { toSafeJsonLine } from '../../security/audit/export.js';
import { writeFileReplacing } from '../../io/replace-file.js';
import { EXIT_FAILED, cliAction } from '../output.js';
import { withSignalCleanup } from '../signal-cleanup.js';
import { withAudit, type StoreFlags } from './security-context.js';

const STORE_HELP = 'LMDB store directory (default $VEIL_HOME/store, else ./.veil/store)';

function parseTime(value: string): string {
  if (!Number.isFinite(Date.parse(value)))
    throw new InvalidArgumentError('expected an ISO 8601 time');
  return value;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('expected an integer from 1 to 1000');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Registers `veil audit ...`. */
export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('verify, search and export the tamper-evident audit log');

  audit
    .command('verify')
    .description('check every record, link, checkpoint and the head; exit 1 on any problem')
    .option(
      '--checkpoint <file>',
      'an exported checkpoint to check against (repeatable; detects truncation)',
      collect,
    )
    .option('--store <path>', STORE_HELP)
    .option('--json', 'print the report as JSON')
    .action(
      cliAction(async (flags: StoreFlags & { checkpoint?: string[]; json?: boolean }) => {
        const checkpoints = (flags.checkpoint ?? []).map((file) =>
          parseCheckpoint(readFileSync(file, 'utf8'), file),
        );
        return withAudit(flags, async (logger) => {
          const started = process.hrtime.bigint();
          const report = await logger.verify({ checkpoints });
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          if (flags.json === true) process.stdout.write(JSON.stringify(report) + '\n');
          else {
            process.stdout.write(
              `${report.ok ? 'ok' : 'FAILED'}: ${report.records} records (${report.firstSeq}..${report.lastSeq}), ` +
                `${report.checkpointsVerified} checkpoints, ${(report.bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(1)} MB/s\n`,
            );
            for (const problem of report.problems)
              process.stdout.write(`  ${problem.kind} at ${problem.seq}: ${problem.message}\n`);
            if (report.truncated) {
              const more = report.problemCount - report.problems.length;
              process.stdout.write(`  … and ${more} more (${report.problemCount} problems in all)\n`);
            }
          }
          return report.ok ? 0 : EXIT_FAILED;
        });
      }),
    );

  audit
    .command('search')
    .description(
      'search events through the indexes; prints JSON Lines, the next-page cursor on stderr',
    )
    .addOption(new Option('--type <type>', 'event type').choices(Object.values(AuditEventType)))
    .option('--user <id>', 'acting user id')
    .option('--resource <name>', 'resource')
    .addOption(new Option('--status <status>', 'status').choices(Object.values(AuditEventStatus)))
    .addOption(
      new Option('--severity <severity>', 'severity').choices(Object.values(AuditEventSeverity)),
    )
    .option('--from <time>', 'inclusive start (ISO 8601)', parseTime)
    .option('--to <time>', 'inclusive end (ISO 8601)', parseTime)
    .option('--limit <n>', 'page size (default 100)', parseLimit)
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--store <path>', STORE_HELP)
    .action(
      cliAction(
        async (
          flags: StoreFlags & {
            type?: AuditEventType;
            user?: string;
            resource?: string;
            status?: AuditEventStatus;
            severity?: AuditEventSeverity;
            from?: string;
            to?: string;
            limit?: number;
            cursor?: string;
          },
        ) => {
          await withAudit(flags, (logger) => {
            const page = logger.searchEvents({
              type: flags.type,
              userId: flags.user,
              resource: flags.resource,
              status: flags.status,
              severity: flags.severity,
              startTime: flags.from,
              endTime: flags.to,
              limit: flags.limit,
              cursor: flags.cursor,
            });
            for (const event of page.events) process.stdout.write(toSafeJsonLine(event) + '\n');
            if (page.nextCursor !== undefined)
              process.stderr.write(`next page: --cursor ${page.nextCursor}\n`);
          });
        },
      ),
    );

  audit
    .command('export')
    .description('write events as JSON Lines or OCSF-shaped JSON Lines (temp file, then rename)')
    .requiredOption('--output <path>', "destination file, or '-' for stdout")
    .addOption(
      new Option('--format <format>', 'output format').choices(['jsonl', 'ocsf']).default('jsonl'),
    )
    .option('--from <time>', 'inclusive start (ISO 8601)', parseTime)
    .option('--to <time>', 'inclusive end (ISO 8601)', parseTime)
    .option('--store <path>', STORE_HELP)
    .action(
      cliAction(
        async (
          flags: StoreFlags & {
            output: string;
            format: 'jsonl' | 'ocsf';
            from?: string;
            to?: string;
          },
        ) => {
          await withSignalCleanup(() => withAudit(flags, async (logger) => {
            // '-' is stdout, as for `run -o -` and `synth -o -`; the summary goes to stderr.
            const toStdout = flags.output === '-';
            const result = await logger.exportEvents({
              output: toStdout ? process.stdout : flags.output,
              format: flags.format,
              startTime: flags.from === undefined ? undefined : new Date(flags.from),
              endTime: flags.to === undefined ? undefined : new Date(flags.to),
            });
            await logger.logEvent({
              type: 'audit_export',
              resource: 'audit',
              action: flags.format,
              details: { events: result.events },
            });
            process.stderr.write(
              `exported ${result.events} events (${result.bytes} bytes) to ` +
                `${toStdout ? 'stdout' : result.output}\n`,
            );
          }));
        },
      ),
    );

  audit
    .command('checkpoint')
    .description(
      'sign a checkpoint of the current head; keep the output somewhere the store writers cannot reach',
    )
    .option('--output <path>', 'write the checkpoint JSON here instead of stdout')
    .option('--store <path>', STORE_HELP)
    .action(
      cliAction(async (flags: StoreFlags & { output?: string }) => {
        await withAudit(flags, async (logger) => {
          const checkpoint = await logger.checkpoint();
          const text = JSON.stringify(checkpoint) + '\n';
          if (flags.output === undefined) process.stdout.write(text);
          else {
            const output = flags.output;
            await withSignalCleanup(() => writeFileReplacing(output, text, { role: 'checkpoint file', mode: 0o644 }));
          }
        });
      }),
    );

  audit
    .command('rotate-key')
    .description(
      'record that VEIL_AUDIT_HMAC_KEY is now the chain key ' +
        '(the old one goes in VEIL_AUDIT_HMAC_PREVIOUS_KEY_1)',
    )
    .option('--store <path>', STORE_HELP)
    .action(
      cliAction(async (flags: StoreFlags) => {
        await withAudit(flags, async (logger) => {
          const record = await logger.rotateKey();
          process.stderr.write(
            record === undefined
              ? `key id ${logger.keyId} is already in force; nothing written\n`
              : `rotated to key id ${logger.keyId} at record ${record.seq}\n`,
          );
        });
      }),
    );

  audit
    .command('retention')
    .description('prune records older than N days behind a signed anchor checkpoint')
    .requiredOption('--max-age-days <n>', 'keep this many days', (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError('expected a number >= 1');
      return n;
    })
    .option('--store <path>', STORE_HELP)
    .action(
      cliAction(async (flags: StoreFlags & { maxAgeDays: number }) => {
        await withAudit(flags, async (logger) => {
          const result = await logger.applyRetention({ maxAgeDays: flags.maxAgeDays });
          process.stderr.write(
            `removed ${result.removed} records${result.anchor === undefined ? '' : `; anchor at ${result.anchor.seq}`}\n`,
          );
        });
      }),
    );
}
