/**
 * Renders a ComplianceReport as Markdown, as a self-contained HTML page (inline CSS and an
 * inline SVG stacked-bar chart per requirement family, no scripts, no external assets), and as an
 * OSCAL 1.1 assessment-results document.
 */
import { randomUUID } from 'node:crypto';
import type { ComplianceReport } from './compliance-manager.js';
import { ComplianceRequirementStatus, oscalImplementationStatus } from './requirement.js';

const STATUS_ORDER: readonly ComplianceRequirementStatus[] = [
  ComplianceRequirementStatus.COMPLIANT,
  ComplianceRequirementStatus.PARTIALLY_COMPLIANT,
  ComplianceRequirementStatus.NON_COMPLIANT,
  ComplianceRequirementStatus.NOT_ASSESSED,
  ComplianceRequirementStatus.NOT_APPLICABLE,
];

const STATUS_COLOUR: Readonly<Record<ComplianceRequirementStatus, string>> = {
  [ComplianceRequirementStatus.COMPLIANT]: '#2e7d32',
  [ComplianceRequirementStatus.PARTIALLY_COMPLIANT]: '#f9a825',
  [ComplianceRequirementStatus.NON_COMPLIANT]: '#c62828',
  [ComplianceRequirementStatus.NOT_ASSESSED]: '#9e9e9e',
  [ComplianceRequirementStatus.NOT_APPLICABLE]: '#607d8b',
};

/** Escapes text for HTML and neutralises control characters. */
function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function renderMarkdown(report: ComplianceReport): string {
  const lines: string[] = [
    `# ${report.name} (${report.version})`,
    '',
    `Generated ${report.generatedAt}. Score: **${report.score}%**. Evidence intact: ${report.evidenceIntact ? 'yes' : '**no**'}.`,
    '',
    '| status | requirements |',
    '| --- | --- |',
    ...STATUS_ORDER.map((s) => `| ${s} | ${report.counts[s]} |`),
    '',
    '| code | title | family | status | evidence | review |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const a of report.requirements) {
    const r = a.requirement;
    const evidence = a.evidence.map((e) => `${e.kind}:${e.state}`).join(', ') || 'none';
    lines.push(`| ${cell(r.code)} | ${cell(r.title)} | ${cell(r.family)} | ${r.status} | ${evidence} | ${a.needsReview ? 'yes' : ''} |`);
  }
  if (report.overdue.length > 0) {
    lines.push('', '## Needs attention', '');
    for (const item of report.overdue) lines.push(`- ${cell(item.id)}: ${item.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function familyChart(report: ComplianceReport): string {
  const barWidth = 420;
  const rowHeight = 26;
  const labelWidth = 260;
  const height = report.families.length * rowHeight + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" width="${labelWidth + barWidth + 20}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 20} ${height}">`,
    `<title id="chart-title">Requirement status per family</title>`,
  ];
  report.families.forEach((family, row) => {
    const total = STATUS_ORDER.reduce((sum, s) => sum + family.counts[s], 0);
    const y = row * rowHeight + 4;
    parts.push(`<text x="0" y="${y + 16}" font-size="12">${html(family.family)}</text>`);
    let x = labelWidth;
    for (const status of STATUS_ORDER) {
      const n = family.counts[status];
      if (n === 0 || total === 0) continue;
      const w = (barWidth * n) / total;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="20" fill="${STATUS_COLOUR[status]}"><title>${status}: ${n}</title></rect>`);
      x += w;
    }
  });
  const legendY = report.families.length * rowHeight + 24;
  STATUS_ORDER.forEach((status, i) => {
    const x = i * 130;
    parts.push(`<rect x="${x}" y="${legendY - 10}" width="10" height="10" fill="${STATUS_COLOUR[status]}"/>`);
    parts.push(`<text x="${x + 14}" y="${legendY}" font-size="11">${status}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function renderHtml(report: ComplianceReport): string {
  const rows = report.requirements
    .map((a) => {
      const r = a.requirement;
      const evidence = a.evidence.map((e) => `${html(e.kind)}: ${html(e.state)}`).join('<br>') || 'none';
      return `<tr><td>${html(r.code)}</td><td>${html(r.title)}</td><td>${html(r.family)}</td><td><span class="s ${r.status}">${html(r.status)}</span></td><td>${evidence}</td><td>${a.needsReview ? 'yes' : ''}</td></tr>`;
    })
    .join('\n');
  const attention = report.overdue.map((o) => `<li>${html(o.id)}: ${html(o.reason)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(report.name)} compliance report</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#212121;max-width:70rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.s{padding:.1rem .4rem;border-radius:.3rem;color:#fff}
${STATUS_ORDER.map((s) => `.${s}{background:${STATUS_COLOUR[s]}}`).join('')}
svg{max-width:100%;height:auto}
</style></head><body>
<h1>${html(report.name)}</h1>
<p>${html(report.version)}. Generated ${html(report.generatedAt)}. Score <strong>${report.score}%</strong>. Evidence intact: <strong>${report.evidenceIntact ? 'yes' : 'no'}</strong>.</p>
<h2>Status per requirement family</h2>
${familyChart(report)}
${attention.length > 0 ? `<h2>Needs attention</h2><ul>${attention}</ul>` : ''}
<h2>Requirements</h2>
<table><thead><tr><th>Code</th><th>Title</th><th>Family</th><th>Status</th><th>Evidence</th><th>Review</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/**
 * An OSCAL 1.1 assessment-results document: one result whose findings carry each requirement's
 * implementation status (see `oscalImplementationStatus`) and whose observations are the evidence.
 */
export function renderOscal(report: ComplianceReport): Record<string, unknown> {
  const observations = report.requirements.flatMap((a) =>
    a.evidence.map((e) => ({
      uuid: e.id,
      title: e.description,
      methods: [e.kind === 'check' ? 'TEST' : 'EXAMINE'],
      collected: e.collectedAt,
      ...(e.expiresAt === null ? {} : { expires: e.expiresAt }),
      props: [{ name: 'evidence-state', ns: 'https://veil.dev/ns/oscal', value: e.state }],
      ...(e.sha256 === null ? {} : { 'relevant-evidence': [{ href: `file://${e.path ?? ''}`, description: `sha256:${e.sha256}` }] }),
    })),
  );
  const findings = report.requirements.map((a) => ({
    uuid: randomUUID(),
    title: `${a.requirement.code} ${a.requirement.title}`,
    description: a.requirement.description,
    target: {
      type: 'objective-id',
      'target-id': a.requirement.code,
      status: { state: a.requirement.status === ComplianceRequirementStatus.COMPLIANT ? 'satisfied' : 'not-satisfied' },
      'implementation-status': { state: oscalImplementationStatus[a.requirement.status] },
    },
    'related-observations': a.evidence.map((e) => ({ 'observation-uuid': e.id })),
  }));
  return {
    'assessment-results': {
      uuid: randomUUID(),
      metadata: {
        title: `${report.name} assessment results`,
        'last-modified': report.generatedAt,
        version: report.version,
        'oscal-version': '1.1.2',
      },
      'import-ap': { href: `#veil-${report.framework.toLowerCase()}-assessment-plan` },
      results: [
        {
          uuid: randomUUID(),
          title: `${report.framework} self-assessment`,
          description: `Score ${report.score}%`,
          start: report.generatedAt,
          'reviewed-controls': { 'control-selections': [{ 'include-all': {} }] },
          observations,
          findings,
        },
      ],
    },
  };
}
