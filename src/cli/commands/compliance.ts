/**
 * `veil compliance load|list|set|evidence|check|report|policy`: the compliance register on the
 * command line. Every change is audited, so these commands need the audit key in the environment
 * (`VEIL_AUDIT_HMAC_KEY` or `_FILE`), like the other administrative commands.
 */
import type { Command } from 'commander';
import { ComplianceFramework } from '../../compliance/catalogue.js';
import { adminsHaveMfaCheck, auditChainCheck, keyRotationCheck, noOverdueDsarCheck, retentionPolicyCheck } from '../../compliance/checks.js';
import { openKeyring } from '../../keyring/keyring.js';
import { masterKeyFromEnvironment } from '../../keyring/master-key.js';
import { ComplianceManager } from '../../compliance/compliance-manager.js';
import { ComplianceRequirementStatus } from '../../compliance/requirement.js';
import { renderHtml, renderMarkdown, renderOscal } from '../../compliance/report-render.js';
import { DsarManager } from '../../dsar/dsar-manager.js';
import { AuthManager } from '../../security/auth/auth-manager.js';
import type { AuditLogger } from '../../security/audit/audit-logger.js';
import { defaultStorePath } from '../../store/environment.js';
import { writeFileReplacing } from '../../io/replace-file.js';
import { withSignalCleanup } from '../signal-cleanup.js';
import { UsageError, cliAction, printLine, printStatus } from '../output.js';
import { withAudit, type StoreFlags } from './security-context.js';

function framework(value: string): ComplianceFramework {
  const upper = value.toUpperCase().replace(/-/g, '_');
  const found = Object.values(ComplianceFramework).find((f) => f === upper || (upper === 'PCI' && f === 'PCI_DSS'));
  if (found === undefined) throw new UsageError(`unknown framework '${value.slice(0, 40)}'; expected one of ${Object.values(ComplianceFramework).join(', ')}`);
  return found;
}

function status(value: string): ComplianceRequirementStatus {
  const found = Object.values(ComplianceRequirementStatus).find((s) => s === value.toLowerCase());
  if (found === undefined) throw new UsageError(`unknown status; expected one of ${Object.values(ComplianceRequirementStatus).join(', ')}`);
  return found;
}

/** Builds the manager with every automated check this process can evaluate. */
async function managerFor(audit: AuditLogger, storePath: string): Promise<ComplianceManager> {
  const store = audit.root;
  const compliance = new ComplianceManager({ store, audit });
  compliance.setCheck('audit-chain-verifies', auditChainCheck(audit));
  compliance.setCheck('audit-retention-policy-set', retentionPolicyCheck((name) => compliance.getSetting(name)));
  compliance.setCheck('no-overdue-dsar', noOverdueDsarCheck(new DsarManager({ store })));
  if (process.env['VEIL_JWT_SECRET'] !== undefined || process.env['VEIL_JWT_SECRET_FILE'] !== undefined || process.env['VEIL_JWT_PUBLIC_KEY'] !== undefined) {
    compliance.setCheck('admins-have-mfa', adminsHaveMfaCheck(AuthManager.fromEnvironment({ store, audit })));
  }
  const masterKey = masterKeyFromEnvironment();
  if (masterKey !== undefined) {
    const keyring = await openKeyring({ storePath, masterKey });
    const days = compliance.getSetting('keys.rotationDays');
    compliance.setCheck('keys-rotated-within-policy', keyRotationCheck(keyring, typeof days === 'number' ? days : 365));
  }
  return compliance;
}

export function register(program: Command): void {
  const compliance = program.command('compliance').description('compliance requirements, evidence and reports (GDPR, HIPAA, CCPA, SOC 2, PCI DSS)');
  const store = (c: Command): Command => c.option('--store <path>', 'LMDB store directory (default $VEIL_HOME/store)');

  store(compliance.command('load <framework>').description('load a framework catalogue (keeps existing statuses)')).action(
    cliAction(async (name: string, flags: StoreFlags) =>
      withAudit(flags, async (audit) => printLine(`${await (await managerFor(audit, flags.store ?? defaultStorePath())).loadFramework(framework(name))} requirement(s) added`)),
    ),
  );

  store(compliance.command('list <framework>').description('list requirements with their status'))
    .option('--status <status>', 'only this status')
    .action(
      cliAction(async (name: string, flags: StoreFlags & { status?: string }) =>
        withAudit(flags, async (audit) => {
          const filter = flags.status === undefined ? { framework: framework(name) } : { framework: framework(name), status: status(flags.status) };
          for (const r of (await managerFor(audit, flags.store ?? defaultStorePath())).listRequirements(filter)) printLine(`${r.code}\t${r.status}\t${r.title}`);
        }),
      ),
    );

  store(compliance.command('set <framework> <code> <status>').description('set a requirement status'))
    .option('--justification <text>', 'required for not_applicable')
    .option('--owner <name>', 'responsible party')
    .option('--notes <text>', 'notes')
    .action(
      cliAction(async (name: string, code: string, value: string, flags: StoreFlags & { justification?: string; owner?: string; notes?: string }) =>
        withAudit(flags, async (audit) => {
          const updated = await (await managerFor(audit, flags.store ?? defaultStorePath())).updateRequirement(`${framework(name)}:${code}`, {
            status: status(value),
            ...(flags.justification === undefined ? {} : { justification: flags.justification }),
            ...(flags.owner === undefined ? {} : { responsibleParty: flags.owner }),
            ...(flags.notes === undefined ? {} : { notes: flags.notes }),
          });
          printLine(`${updated.id}\t${updated.status}`);
        }),
      ),
    );

  store(compliance.command('evidence <framework> <code> <description>').description('attach a file (hashed) or a link as evidence'))
    .option('--file <path>', 'evidence file')
    .option('--url <url>', 'link to evidence kept elsewhere')
    .option('--expires <date>', 'expiry date (ISO 8601)')
    .action(
      cliAction(async (name: string, code: string, description: string, flags: StoreFlags & { file?: string; url?: string; expires?: string }) =>
        withAudit(flags, async (audit) => {
          const expires = flags.expires === undefined ? undefined : new Date(flags.expires);
          if (expires !== undefined && Number.isNaN(expires.getTime())) throw new UsageError('--expires: expected an ISO 8601 date');
          const evidence = await (await managerFor(audit, flags.store ?? defaultStorePath())).attachEvidence({
            requirementId: `${framework(name)}:${code}`,
            description,
            ...(flags.file === undefined ? {} : { file: flags.file }),
            ...(flags.url === undefined ? {} : { url: flags.url }),
            ...(expires === undefined ? {} : { expiresAt: expires }),
          });
          printLine(`${evidence.id}\t${evidence.kind}${evidence.sha256 === null ? '' : `\tsha256:${evidence.sha256}`}`);
        }),
      ),
    );

  store(compliance.command('policy <name> <value>').description('record a policy setting, e.g. audit.retentionDays 400')).action(
    cliAction(async (name: string, value: string, flags: StoreFlags) =>
      withAudit(flags, async (audit) => {
        const parsed = /^\d+$/.test(value) ? Number(value) : value;
        await (await managerFor(audit, flags.store ?? defaultStorePath())).setSetting(name, parsed);
        printLine(`${name} = ${parsed}`);
      }),
    ),
  );

  store(compliance.command('check [framework]').description('run the automated checks Veil can evaluate and record them as evidence')).action(
    cliAction(async (name: string | undefined, flags: StoreFlags) =>
      withAudit(flags, async (audit) => {
        const result = await (await managerFor(audit, flags.store ?? defaultStorePath())).runAutomatedChecks(name === undefined ? undefined : framework(name));
        printLine(`${result.evaluated} requirement(s) evaluated${result.skipped.length > 0 ? `; skipped (not configured): ${result.skipped.join(', ')}` : ''}`);
      }),
    ),
  );

  store(compliance.command('report <framework>').description('build a report: json, markdown, html or oscal'))
    .option('--format <format>', 'json | markdown | html | oscal', 'markdown')
    .option('--output <path>', 'write to a file (default stdout)')
    .action(
      cliAction(async (name: string, flags: StoreFlags & { format: string; output?: string }) =>
        withAudit(flags, async (audit) => {
          const report = await (await managerFor(audit, flags.store ?? defaultStorePath())).generateComplianceReport({ framework: framework(name) });
          let text: string;
          if (flags.format === 'json') text = JSON.stringify(report, null, 2) + '\n';
          else if (flags.format === 'markdown') text = renderMarkdown(report);
          else if (flags.format === 'html') text = renderHtml(report);
          else if (flags.format === 'oscal') text = JSON.stringify(renderOscal(report), null, 2) + '\n';
          else throw new UsageError('--format: expected json, markdown, html or oscal');
          if (flags.output === undefined) process.stdout.write(text);
          else {
            const output = flags.output;
            await withSignalCleanup(() => writeFileReplacing(output, text, { role: 'compliance report', mode: 0o644 }));
            printStatus(`report written to ${flags.output}`);
          }
          // A report built on tampered evidence is a failed report.
          return report.evidenceIntact ? 0 : 1;
        }),
      ),
    );
}
