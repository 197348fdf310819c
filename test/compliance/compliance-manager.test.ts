import { writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComplianceFramework } from '../../src/compliance/catalogue.js';
import { catalogues } from '../../src/compliance/catalogues/index.js';
import { ComplianceManager } from '../../src/compliance/compliance-manager.js';
import { ComplianceRequirementStatus } from '../../src/compliance/requirement.js';
import { renderHtml, renderMarkdown, renderOscal } from '../../src/compliance/report-render.js';
import { ComplianceError } from '../../src/errors/compliance-error.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

function manager(now?: () => number): { compliance: ComplianceManager; dir: string } {
  const dir = tempDir('veil-compliance-');
  const storePath = path.join(dir, 'store');
  opened.push(storePath);
  const options = now === undefined ? { store: openStore(storePath) } : { store: openStore(storePath), now };
  return { compliance: new ComplianceManager(options), dir };
}

describe('compliance: catalogues and requirements', () => {
  it('ships at least 25 requirements per framework with unique codes', () => {
    for (const framework of Object.values(ComplianceFramework)) {
      const catalogue = catalogues[framework];
      expect(catalogue.requirements.length).toBeGreaterThanOrEqual(25);
      const codes = new Set(catalogue.requirements.map((r) => r.code));
      expect(codes.size).toBe(catalogue.requirements.length);
    }
  });

  it('loads a framework once, keeps edits on reload, and adds custom requirements', async () => {
    const { compliance } = manager();
    const added = await compliance.loadFramework(ComplianceFramework.GDPR);
    expect(added).toBe(catalogues.GDPR.requirements.length);
    await compliance.updateRequirement('GDPR:Art.32', {
      status: ComplianceRequirementStatus.PARTIALLY_COMPLIANT,
      responsibleParty: 'security team',
    });
    expect(await compliance.loadFramework(ComplianceFramework.GDPR)).toBe(0);
    expect(compliance.getRequirement('GDPR:Art.32').status).toBe(ComplianceRequirementStatus.PARTIALLY_COMPLIANT);

    const custom = await compliance.addRequirement({
      framework: ComplianceFramework.GDPR,
      code: 'ACME-1',
      title: 'Vendor register reviewed quarterly',
      description: 'Processors are reviewed every quarter.',
    });
    expect(custom.custom).toBe(true);
    expect(compliance.listRequirements({ framework: ComplianceFramework.GDPR })).toHaveLength(added + 1);
    expect(compliance.listRequirements({ framework: ComplianceFramework.HIPAA })).toHaveLength(0);
    await expect(
      compliance.addRequirement({ framework: ComplianceFramework.GDPR, code: 'ACME-1', title: 't', description: 'd' }),
    ).rejects.toThrow(/already exists/);
  });

  it('refuses NOT_APPLICABLE without a justification', async () => {
    const { compliance } = manager();
    await compliance.loadFramework(ComplianceFramework.PCI_DSS);
    await expect(
      compliance.updateRequirement('PCI_DSS:9.4', { status: ComplianceRequirementStatus.NOT_APPLICABLE }),
    ).rejects.toBeInstanceOf(ComplianceError);
    const updated = await compliance.updateRequirement('PCI_DSS:9.4', {
      status: ComplianceRequirementStatus.NOT_APPLICABLE,
      justification: 'No physical media: cloud-only environment.',
    });
    expect(updated.status).toBe(ComplianceRequirementStatus.NOT_APPLICABLE);
    await expect(compliance.updateRequirement('PCI_DSS:9.4', { status: 'bogus' as ComplianceRequirementStatus })).rejects.toThrow(
      /status: expected one of/,
    );
  });
});

describe('compliance: evidence and reports', () => {
  it('fails the report when an attached evidence file is tampered with, without echoing its content', async () => {
    const { compliance, dir } = manager();
    await compliance.loadFramework(ComplianceFramework.HIPAA);
    const file = path.join(dir, 'risk-analysis.txt');
    writeFileSync(file, 'risk analysis 2026: signed off\n');
    const evidence = await compliance.attachEvidence({
      requirementId: 'HIPAA:164.308(a)(1)(ii)(A)',
      description: 'Risk analysis document',
      file,
    });
    expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    await compliance.updateRequirement('HIPAA:164.308(a)(1)(ii)(A)', { status: ComplianceRequirementStatus.COMPLIANT });

    const clean = await compliance.generateComplianceReport({ framework: ComplianceFramework.HIPAA });
    expect(clean.evidenceIntact).toBe(true);

    appendFileSync(file, 'edited afterwards: SECRET-MARKER\n');
    const tampered = await compliance.generateComplianceReport({ framework: ComplianceFramework.HIPAA });
    expect(tampered.evidenceIntact).toBe(false);
    const item = tampered.requirements.find((a) => a.requirement.code === '164.308(a)(1)(ii)(A)');
    expect(item?.evidence[0]?.state).toBe('tampered');
    expect(tampered.overdue.some((o) => o.reason.includes('hash'))).toBe(true);
    expect(JSON.stringify(tampered)).not.toContain('SECRET-MARKER');
  });

  it('marks a requirement for review when its evidence has expired', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const { compliance } = manager(() => clock);
    await compliance.loadFramework(ComplianceFramework.SOC2);
    await compliance.attachEvidence({
      requirementId: 'SOC2:CC7.4',
      description: 'Incident response exercise',
      url: 'https://intranet.example/ir-2025',
      expiresAt: new Date('2026-06-30T00:00:00Z'),
    });
    const before = await compliance.generateComplianceReport({ framework: ComplianceFramework.SOC2 });
    expect(before.requirements.find((a) => a.requirement.code === 'CC7.4')?.needsReview).toBe(false);
    clock = Date.parse('2026-07-01T00:00:00Z');
    const after = await compliance.generateComplianceReport({ framework: ComplianceFramework.SOC2 });
    expect(after.requirements.find((a) => a.requirement.code === 'CC7.4')?.needsReview).toBe(true);
    expect(after.overdue).toContainEqual({ id: 'SOC2:CC7.4', reason: 'evidence expired: needs review' });
  });

  it('records automated checks as evidence and sets the status from the result', async () => {
    const dir = tempDir('veil-compliance-');
    const storePath = path.join(dir, 'store');
    opened.push(storePath);
    const compliance = new ComplianceManager({
      store: openStore(storePath),
      checks: {
        'audit-chain-verifies': async () => ({ passed: true, detail: 'audit chain verifies over 3 records' }),
        'admins-have-mfa': async () => ({ passed: false, detail: '1 active admin(s) without MFA' }),
      },
    });
    await compliance.loadFramework(ComplianceFramework.PCI_DSS);
    const result = await compliance.runAutomatedChecks(ComplianceFramework.PCI_DSS);
    expect(result.evaluated).toBe(2);
    expect(result.skipped.sort()).toEqual(['audit-retention-policy-set', 'keys-rotated-within-policy']);
    expect(compliance.getRequirement('PCI_DSS:10.3').status).toBe(ComplianceRequirementStatus.COMPLIANT);
    expect(compliance.getRequirement('PCI_DSS:8.4').status).toBe(ComplianceRequirementStatus.NON_COMPLIANT);
    const evidence = compliance.listEvidence('PCI_DSS:8.4');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.check).toEqual({ name: 'admins-have-mfa', passed: false, detail: '1 active admin(s) without MFA' });
  });

  it('renders Markdown, self-contained HTML with a chart, and OSCAL assessment results', async () => {
    const { compliance } = manager();
    await compliance.loadFramework(ComplianceFramework.CCPA);
    await compliance.updateRequirement('CCPA:1798.105', { status: ComplianceRequirementStatus.COMPLIANT });
    await compliance.updateRequirement('CCPA:1798.106', { status: ComplianceRequirementStatus.PARTIALLY_COMPLIANT });
    const report = await compliance.generateComplianceReport({ framework: ComplianceFramework.CCPA });
    const total = catalogues.CCPA.requirements.length;
    expect(report.score).toBeCloseTo(Math.round((1000 * 1.5) / total) / 10, 5);

    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| 1798.105 | Right to delete |');
    const page = renderHtml(report);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|src="http|href="http/);
    const oscal = renderOscal(report) as { 'assessment-results': { results: { findings: { target: { 'implementation-status': { state: string } } }[] }[] } };
    const states = oscal['assessment-results'].results[0]?.findings.map((f) => f.target['implementation-status'].state);
    expect(states).toContain('implemented');
    expect(states).toContain('partial');
    expect(states).toHaveLength(total);
  });
});
