/**
 * compliance and dsar CLI: the built `veil` binary over a temp store, with the audit key from the
 * environment. A data-subject request goes from create to a local erasure; a compliance report
 * fails (exit 1) once an evidence file is tampered with.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/veil.js');

function veil(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function environment(): { dir: string; env: Record<string, string> } {
  const dir = tempDir('veil-cli-compliance-');
  const keyFile = path.join(dir, 'audit.key');
  writeFileSync(keyFile, 'a'.repeat(48), { mode: 0o600 });
  return { dir, env: { VEIL_HOME: path.join(dir, 'home'), VEIL_AUDIT_HMAC_KEY_FILE: keyFile } };
}

describe('cli: compliance and dsar', () => {
  it('runs a data-subject erasure end to end and never prints the identifier back', async () => {
    const { dir, env } = environment();
    const data = path.join(dir, 'tickets.ndjson');
    writeFileSync(data, '{"email":"keep@example.com","n":1}\n{"email":"gone@example.com","n":2}\n');
    expect((await veil(['dsar', 'datasets', 'add', 'tickets', data, '--format', 'ndjson', '--identifier', 'email=email'], env)).code).toBe(0);

    const created = await veil(['dsar', 'create', 'erasure', '--jurisdiction', 'gdpr', '--id', 'email=gone@example.com'], env);
    expect(created.code).toBe(0);
    const id = created.stdout.split('\t')[0] as string;
    const code = (await veil(['dsar', 'code', id], env)).stdout.trim();
    expect(code).toMatch(/^\d{8}$/);

    const early = await veil(['dsar', 'fulfil', id, '--local'], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/only verified requests/);

    expect((await veil(['dsar', 'verify', id], env, `${code}\n`)).stdout).toContain('verified');
    const done = await veil(['dsar', 'fulfil', id, '--local'], env);
    expect(done.code).toBe(0);
    expect(readFileSync(data, 'utf8')).toBe('{"email":"keep@example.com","n":1}\n');

    const shown = await veil(['dsar', 'show', id], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ state: 'completed', result: { erased: [{ dataset: 'tickets', records: 1 }] } });
    const all = [created, shown, done].map((r) => r.stdout + r.stderr).join('');
    expect(all).not.toContain('gone@example.com');

    const bad = await veil(['dsar', 'create', 'opt-out', '--jurisdiction', 'HIPAA', '--id', 'email=x@example.com'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/HIPAA knows access, amendment/);
  });

  it('builds HTML and OSCAL reports and exits 1 when evidence was tampered with', async () => {
    const { dir, env } = environment();
    expect((await veil(['compliance', 'load', 'pci'], env)).stdout).toMatch(/29 requirement\(s\) added/);
    const evidence = path.join(dir, 'pentest.txt');
    writeFileSync(evidence, 'pen test 2026 passed\n');
    expect((await veil(['compliance', 'evidence', 'PCI_DSS', '11.4', 'Yearly pen test', '--file', evidence], env)).code).toBe(0);
    expect((await veil(['compliance', 'set', 'PCI_DSS', '11.4', 'compliant'], env)).code).toBe(0);
    const na = await veil(['compliance', 'set', 'PCI_DSS', '9.4', 'not_applicable'], env);
    expect(na.code).toBe(1);
    expect(na.stderr).toMatch(/needs a justification/);

    expect((await veil(['compliance', 'policy', 'audit.retentionDays', '400'], env)).code).toBe(0);
    const checked = await veil(['compliance', 'check', 'PCI_DSS'], env);
    expect(checked.stdout).toMatch(/requirement\(s\) evaluated/);

    const html = path.join(dir, 'report.html');
    expect((await veil(['compliance', 'report', 'PCI_DSS', '--format', 'html', '--output', html], env)).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<svg');
    const oscal = await veil(['compliance', 'report', 'PCI_DSS', '--format', 'oscal'], env);
    expect(JSON.parse(oscal.stdout)).toHaveProperty('assessment-results.results');

    appendFileSync(evidence, 'edited later\n');
    const tampered = await veil(['compliance', 'report', 'PCI_DSS', '--format', 'json'], env);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ evidenceIntact: false });
  });
});
